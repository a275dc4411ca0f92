// API keys for CI and scripts: each with a role, shown once on creation, revocable.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { unwrap } from '../../api/api-client.ts';
import type { ApiKey, CreatedApiKey, Role } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { canAdminister, ROLE_LABEL } from '../../lib/run-labels.ts';
import { CopyButton } from '../../ui/copy-button.tsx';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/form-field.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, ErrorState, InlineError, QueryView } from '../../ui/page-state.tsx';
import { RelativeTime } from '../../ui/relative-time.tsx';

export function ApiKeysPage() {
  const { orgId, role, organization } = useOrg();
  useDocumentTitle('API keys', organization.name);
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [keyRole, setKeyRole] = useState<Role>('member');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const admin = canAdminister(role);
  const keys = useQuery({
    queryKey: queryKeys.apiKeys(orgId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/api-keys', {
          params: { path: { orgId }, query: { limit: 200 } },
          signal,
        }),
      ),
    enabled: admin,
  });
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/orgs/{orgId}/api-keys', {
          params: { path: { orgId } },
          body: { name: name.trim(), role: keyRole },
        }),
      ),
    onSuccess: async (result) => {
      setCreated(result);
      setName('');
      await queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys(orgId) });
    },
  });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) =>
      unwrap(
        api.POST('/api/orgs/{orgId}/api-keys/{apiKeyId}/revoke', {
          params: { path: { orgId, apiKeyId: key.id } },
        }),
      ),
    onSuccess: async () => {
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys(orgId) });
    },
  });

  if (!admin) {
    return (
      <div className="page">
        <PageHeader title="API keys" />
        <ErrorState
          title="Only admins manage API keys"
          error={new Error('Ask an admin for a key.')}
        />
      </div>
    );
  }
  return (
    <div className="page">
      <PageHeader
        title="API keys"
        description="For CI and scripts (retrace run --server … --api-key …). A key acts with its role in this organization."
      />
      <form
        className="form panel"
        aria-label="Create an API key"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <div className="form-row">
          <Field label="Name" hint="Where it is used, e.g. GitHub Actions">
            <input
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <Field label="Role">
            <select value={keyRole} onChange={(e) => setKeyRole(e.target.value as Role)}>
              {(['guest', 'member', 'admin'] as const).map((option) => (
                <option key={option} value={option}>
                  {ROLE_LABEL[option]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <InlineError error={create.error} />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create API key'}
          </button>
        </div>
      </form>
      <QueryView query={keys} loadingLabel="Loading API keys…">
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No API keys" />
          ) : (
            <div className="table-wrap">
              <table className="data-table">
                <caption className="visually-hidden">API keys</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Key</th>
                    <th scope="col">Role</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((key) => (
                    <tr key={key.id} className={key.revokedAt ? 'row-muted' : undefined}>
                      <td>{key.name}</td>
                      <td className="mono small">{key.prefix}…</td>
                      <td>{ROLE_LABEL[key.role]}</td>
                      <td className="small">
                        <RelativeTime iso={key.createdAt} />
                      </td>
                      <td className="small">
                        {key.lastUsedAt ? (
                          <RelativeTime iso={key.lastUsedAt} />
                        ) : (
                          <span className="muted">never</span>
                        )}
                      </td>
                      <td className="cell-actions">
                        {key.revokedAt ? (
                          <span className="badge badge-muted">revoked</span>
                        ) : (
                          <button
                            type="button"
                            className="button button-small button-danger"
                            onClick={() => setRevoking(key)}
                            aria-label={`Revoke ${key.name}`}
                          >
                            Revoke
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      <Dialog open={created !== null} title="Your new API key" onClose={() => setCreated(null)}>
        {created && (
          <div className="dialog-content">
            <p>
              Copy it now: it is shown only once and stored only as a hash. It acts as{' '}
              <strong>{ROLE_LABEL[created.apiKey.role]}</strong>.
            </p>
            <p className="secret-once">
              <code className="break" data-testid="new-api-key">
                {created.token}
              </code>{' '}
              <CopyButton text={created.token} />
            </p>
            <footer className="dialog-footer">
              <button
                type="button"
                className="button button-primary"
                onClick={() => setCreated(null)}
              >
                Done
              </button>
            </footer>
          </div>
        )}
      </Dialog>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? 'the key'}?`}
        confirmLabel="Revoke key"
        busy={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      >
        <p>Anything using it stops working at once.</p>
        <InlineError error={revoke.error} />
      </ConfirmDialog>
    </div>
  );
}
