// A project's secrets: names and versions only. Admins add them and set new values; no value is ever shown.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { etagOf, fetchAllPages, unwrap } from '../../api/api-client.ts';
import { ApiProblemError, fieldIssuesByName, STALE_MESSAGE } from '../../api/api-problem.ts';
import type { Secret } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { canAdminister } from '../../lib/run-labels.ts';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/form-field.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, InlineError, QueryView } from '../../ui/page-state.tsx';
import { RelativeTime } from '../../ui/relative-time.tsx';
import { useCurrentProject } from '../projects/project-layout.tsx';

function SetValueDialog({ secret, onClose }: { secret: Secret; onClose: () => void }) {
  const { orgId } = useOrg();
  const project = useCurrentProject();
  const api = useApi();
  const queryClient = useQueryClient();
  const [value, setValue] = useState('');
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/orgs/{orgId}/secrets/{secretId}', {
          params: {
            path: { orgId, secretId: secret.id },
            header: { 'if-match': etagOf(secret.updatedAt) },
          },
          body: { value },
        }),
      ),
    onSuccess: async () => {
      setValue('');
      await queryClient.invalidateQueries({ queryKey: queryKeys.secrets(orgId, project.id) });
      onClose();
    },
  });
  const stale = save.error instanceof ApiProblemError && save.error.isStale;
  return (
    <Dialog open title={`New value for ${secret.name}`} onClose={onClose}>
      <form
        className="form"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <p className="muted small">
          The current value stays hidden. The new one is encrypted at rest and becomes version{' '}
          {secret.version + 1}.
        </p>
        <Field label="New value">
          <input
            type="password"
            autoComplete="new-password"
            required
            maxLength={10000}
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
        </Field>
        {stale ? (
          <p className="notice notice-warn" role="alert">
            {STALE_MESSAGE}
          </p>
        ) : (
          <InlineError error={save.error} />
        )}
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={save.isPending || !value}
          >
            {save.isPending ? 'Saving…' : 'Set value'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

function NewSecretForm() {
  const { orgId } = useOrg();
  const project = useCurrentProject();
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/orgs/{orgId}/projects/{projectId}/secrets', {
          params: { path: { orgId, projectId: project.id } },
          body: { name: name.trim(), value },
        }),
      ),
    onSuccess: async () => {
      setName('');
      setValue('');
      await queryClient.invalidateQueries({ queryKey: queryKeys.secrets(orgId, project.id) });
    },
  });
  const issues = fieldIssuesByName(create.error);
  return (
    <form
      className="form panel"
      aria-label="Add a secret"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <h2>Add a secret</h2>
      <div className="form-row">
        <Field
          label="Name"
          hint="Letters, digits, _ . - ; used as <secret>name</secret>"
          error={issues.name}
        >
          <input
            className="mono"
            required
            pattern="[A-Za-z0-9_.\-]{1,128}"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field label="Value" error={issues.value}>
          <input
            type="password"
            autoComplete="new-password"
            required
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
        </Field>
      </div>
      <InlineError error={Object.keys(issues).length > 0 ? null : create.error} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add secret'}
        </button>
      </div>
    </form>
  );
}

export function SecretsPage() {
  const { orgId, role } = useOrg();
  const project = useCurrentProject();
  useDocumentTitle('Secrets', project.name);
  const api = useApi();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Secret | null>(null);
  const [deleting, setDeleting] = useState<Secret | null>(null);
  const admin = canAdminister(role);
  const secrets = useQuery({
    queryKey: queryKeys.secrets(orgId, project.id),
    queryFn: ({ signal }) =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/orgs/{orgId}/projects/{projectId}/secrets', {
            params: {
              path: { orgId, projectId: project.id },
              query: { limit: 200, ...(cursor ? { cursor } : {}) },
            },
            signal,
          }),
        ),
      ),
  });
  const remove = useMutation({
    mutationFn: (secret: Secret) =>
      unwrap(
        api.DELETE('/api/orgs/{orgId}/secrets/{secretId}', {
          params: { path: { orgId, secretId: secret.id } },
        }),
      ),
    onSuccess: async () => {
      setDeleting(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.secrets(orgId, project.id) });
    },
  });

  return (
    <div className="page">
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.org(orgId) },
          { label: project.name, to: paths.testCases(orgId, project.id) },
        ]}
        title="Secrets"
        description="Values tests type without ever showing them: the agent and the recordings see only <secret>name</secret>."
      />
      {!admin && <p className="notice">Only admins can add secrets or set their values.</p>}
      <QueryView query={secrets} loadingLabel="Loading secrets…">
        {(items) =>
          items.length === 0 ? (
            <EmptyState title="No secrets yet" />
          ) : (
            <div className="table-wrap">
              <table className="data-table">
                <caption className="visually-hidden">Secrets</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Value</th>
                    <th scope="col">Version</th>
                    <th scope="col">Changed</th>
                    {admin && (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {items.map((secret) => (
                    <tr key={secret.id}>
                      <td className="mono">{secret.name}</td>
                      <td className="muted" aria-label="hidden value">
                        ••••••••
                      </td>
                      <td className="num">v{secret.version}</td>
                      <td className="small">
                        <RelativeTime iso={secret.updatedAt} />
                      </td>
                      {admin && (
                        <td className="cell-actions">
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => setEditing(secret)}
                          >
                            Set new value
                          </button>
                          <button
                            type="button"
                            className="button button-small button-danger"
                            onClick={() => setDeleting(secret)}
                            aria-label={`Delete ${secret.name}`}
                          >
                            Delete
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {admin && <NewSecretForm />}
      {editing && <SetValueDialog secret={editing} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'the secret'}?`}
        confirmLabel="Delete secret"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      >
        <p>Tests that use it will fail to replay until a secret of that name exists again.</p>
        <InlineError error={remove.error} />
      </ConfirmDialog>
    </div>
  );
}
