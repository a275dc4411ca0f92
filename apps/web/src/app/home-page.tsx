// `/`: opens the last organization used (or the first); a new user without one is asked to create one.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { unwrap } from '../api/api-client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { useMe } from '../api/shared-queries.ts';
import { useApi, useAuth } from '../auth/auth-provider.tsx';
import { Field } from '../ui/form-field.tsx';
import { ErrorState, InlineError, Loading } from '../ui/page-state.tsx';
import { lastOrg } from './org-context.tsx';
import { paths } from './paths.ts';
import { useDocumentTitle } from './use-document-title.ts';

function CreateFirstOrganization() {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { signOut } = useAuth();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/orgs', { body: { name: name.trim() } })),
    onSuccess: async (organization) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      await navigate(paths.org(organization.id));
    },
  });
  return (
    <main className="sign-in-page">
      <div className="sign-in-card">
        <h1>Welcome to Retrace</h1>
        <p className="muted">
          You are not a member of any organization yet. Create one, or ask an admin to invite you
          and open the link they send.
        </p>
        <form
          className="form"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            create.mutate();
          }}
        >
          <Field label="Organization name">
            <input
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <InlineError error={create.error} />
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create organization'}
          </button>
        </form>
        <button type="button" className="link-button" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </main>
  );
}

export function HomePage() {
  useDocumentTitle('Home');
  const me = useMe();
  if (me.isPending) return <Loading label="Signing in…" />;
  if (me.error || !me.data) {
    return (
      <main className="centered-page">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  const organizations = me.data.organizations;
  const remembered = lastOrg();
  const target = organizations.find((org) => org.id === remembered) ?? organizations[0];
  if (!target) return <CreateFirstOrganization />;
  return <Navigate to={paths.org(target.id)} replace />;
}
