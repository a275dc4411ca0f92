// The organization's name and logo (admins), leaving it (users), creating another, and deleting it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { etagOf, unwrap } from '../../api/api-client.ts';
import { ApiProblemError, STALE_MESSAGE } from '../../api/api-problem.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { canAdminister } from '../../lib/run-labels.ts';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/form-field.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { InlineError } from '../../ui/page-state.tsx';

export function OrgSettingsPage() {
  const { orgId, organization, role, me } = useOrg();
  useDocumentTitle('Settings', organization.name);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(organization.name);
  const [logo, setLogo] = useState(organization.logo ?? '');
  const [newOrg, setNewOrg] = useState('');
  const [deleting, setDeleting] = useState(false);
  const admin = canAdminister(role);
  const isUser = me.principal.kind === 'user';
  const refreshMe = () => queryClient.invalidateQueries({ queryKey: queryKeys.me });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/orgs/{orgId}', {
          params: { path: { orgId }, header: { 'if-match': etagOf(organization.updatedAt) } },
          body: { name: name.trim(), logo: logo.trim() || null },
        }),
      ),
    onSuccess: refreshMe,
  });
  const leave = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/orgs/{orgId}/membership', { params: { path: { orgId } } })),
    onSuccess: async () => {
      await refreshMe();
      await navigate('/');
    },
  });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/orgs', { body: { name: newOrg.trim() } })),
    onSuccess: async (created) => {
      await refreshMe();
      await navigate(paths.org(created.id));
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/orgs/{orgId}', { params: { path: { orgId } } })),
    onSuccess: async () => {
      await refreshMe();
      await navigate('/');
    },
  });
  const stale = save.error instanceof ApiProblemError && save.error.isStale;
  return (
    <div className="page">
      <PageHeader title="Organization settings" />
      {admin && (
        <form
          className="form panel"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <Field label="Name">
            <input
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <Field label="Logo URL" hint="Optional">
            <input type="url" value={logo} onChange={(e) => setLogo(e.target.value)} />
          </Field>
          {stale ? (
            <p className="notice notice-warn" role="alert">
              {STALE_MESSAGE}
            </p>
          ) : (
            <InlineError error={save.error} />
          )}
          {save.isSuccess && (
            <p className="notice" role="status">
              Saved.
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              Save
            </button>
          </div>
        </form>
      )}
      {isUser && (
        <form
          className="form panel"
          aria-label="New organization"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            create.mutate();
          }}
        >
          <h2>Another organization</h2>
          <Field label="Name">
            <input
              required
              maxLength={200}
              value={newOrg}
              onChange={(e) => setNewOrg(e.target.value)}
            />
          </Field>
          <InlineError error={create.error} />
          <div className="button-row">
            <button type="submit" className="button" disabled={create.isPending}>
              Create organization
            </button>
          </div>
        </form>
      )}
      {isUser && (
        <section className="panel">
          <h2>Leave {organization.name}</h2>
          <p className="muted">You lose access until someone invites you again.</p>
          <InlineError error={leave.error} />
          <button
            type="button"
            className="button"
            disabled={leave.isPending}
            onClick={() => leave.mutate()}
          >
            Leave organization
          </button>
        </section>
      )}
      {admin && (
        <section className="panel danger-zone">
          <h2>Delete the organization</h2>
          <p>Deletes every project, test case, run and artifact of {organization.name}.</p>
          <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
            Delete organization…
          </button>
        </section>
      )}
      <ConfirmDialog
        open={deleting}
        title={`Delete ${organization.name}?`}
        confirmLabel="Delete organization"
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      >
        <p>This cannot be undone.</p>
        <InlineError error={remove.error} />
      </ConfirmDialog>
    </div>
  );
}
