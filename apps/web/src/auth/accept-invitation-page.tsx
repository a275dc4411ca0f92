// `/invitations/accept?token=…`: the link an admin sends; the signed-in user joins the organization.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { unwrap } from '../api/api-client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { useMe } from '../api/shared-queries.ts';
import { paths } from '../app/paths.ts';
import { useDocumentTitle } from '../app/use-document-title.ts';
import { InlineError, Loading } from '../ui/page-state.tsx';
import { useApi } from './auth-provider.tsx';

export function AcceptInvitationPage() {
  useDocumentTitle('Accept invitation');
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const token = search.get('token') ?? '';
  const accept = useMutation({
    mutationFn: () => unwrap(api.POST('/api/invitations/accept', { body: { token } })),
    onSuccess: async (membership) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      await navigate(paths.org(membership.organizationId));
    },
  });

  if (me.isPending) return <Loading />;
  const principal = me.data?.principal;
  return (
    <main className="sign-in-page">
      <div className="sign-in-card">
        <h1>Join an organization</h1>
        {token === '' ? (
          <p className="inline-error" role="alert">
            This link has no invitation token. Ask for a new invitation link.
          </p>
        ) : principal?.kind === 'api_key' ? (
          <p className="inline-error" role="alert">
            You are signed in with an API key. Sign out and sign in with the email address the
            invitation was sent to.
          </p>
        ) : (
          <>
            <p>
              Accept the invitation as <strong>{principal?.email}</strong>? It must be the address
              the invitation was sent to.
            </p>
            <InlineError error={accept.error} />
            <div className="button-row">
              <button
                type="button"
                className="button button-primary"
                disabled={accept.isPending}
                onClick={() => accept.mutate()}
              >
                {accept.isPending ? 'Joining…' : 'Accept invitation'}
              </button>
              <Link className="button" to="/">
                Not now
              </Link>
            </div>
          </>
        )}
      </div>
    </main>
  );
}
