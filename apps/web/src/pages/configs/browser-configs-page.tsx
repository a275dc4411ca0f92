// Browser configs: the built-in presets and the organization's own (viewport, device, locale…), edited as JSON.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { etagOf, unwrap } from '../../api/api-client.ts';
import { ApiProblemError, STALE_MESSAGE } from '../../api/api-problem.ts';
import type { BrowserConfig } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useBrowserConfigs } from '../../api/shared-queries.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { canAdminister, canEdit } from '../../lib/run-labels.ts';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/form-field.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { InlineError, QueryView } from '../../ui/page-state.tsx';

const TEMPLATE = {
  browser: 'chromium',
  viewport: { width: 1280, height: 720 },
  locale: 'en-US',
  timezoneId: 'UTC',
  colorScheme: 'light',
};

/** One line about a config: browser, viewport, device, locale. */
export function summarizeBrowserConfig(config: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof config.browser === 'string') parts.push(config.browser);
  if (typeof config.device === 'string') parts.push(config.device);
  const viewport = config.viewport as { width?: unknown; height?: unknown } | undefined;
  if (viewport && typeof viewport.width === 'number' && typeof viewport.height === 'number') {
    parts.push(`${viewport.width}×${viewport.height}`);
  }
  if (config.isMobile === true) parts.push('mobile');
  if (typeof config.locale === 'string') parts.push(config.locale);
  if (typeof config.timezoneId === 'string') parts.push(config.timezoneId);
  if (typeof config.colorScheme === 'string') parts.push(`${config.colorScheme} scheme`);
  return parts.join(' · ');
}

function ConfigDialog({ config, onClose }: { config: BrowserConfig | null; onClose: () => void }) {
  const { orgId } = useOrg();
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState(config?.name ?? '');
  const [json, setJson] = useState(JSON.stringify(config?.browserConfig ?? TEMPLATE, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (browserConfig: Record<string, unknown>) =>
      config
        ? unwrap(
            api.PATCH('/api/orgs/{orgId}/browser-configs/{browserConfigId}', {
              params: {
                path: { orgId, browserConfigId: config.id },
                header: { 'if-match': etagOf(config.updatedAt) },
              },
              // The server validates the JSON against the browser config schema and names any bad field.
              body: { name: name.trim(), browserConfig: browserConfig as never },
            }),
          )
        : unwrap(
            api.POST('/api/orgs/{orgId}/browser-configs', {
              params: { path: { orgId } },
              body: { name: name.trim(), browserConfig: browserConfig as never },
            }),
          ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.browserConfigs(orgId) });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      setParseError(`Not valid JSON: ${(error as Error).message}`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setParseError('The browser config must be a JSON object.');
      return;
    }
    setParseError(null);
    save.mutate(parsed as Record<string, unknown>);
  };
  const issues = save.error instanceof ApiProblemError ? save.error.fieldIssues : [];
  const stale = save.error instanceof ApiProblemError && save.error.isStale;
  return (
    <Dialog
      open
      title={config ? `Edit ${config.name}` : 'New browser config'}
      onClose={onClose}
      wide
    >
      <form className="form" onSubmit={submit}>
        <Field label="Name">
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field
          label="Settings (JSON)"
          hint="browser, viewport, device, deviceScaleFactor, isMobile, hasTouch, locale, timezoneId, colorScheme, userAgent, extraHTTPHeaders, geolocation, permissions"
          error={parseError ?? undefined}
        >
          <textarea
            className="mono"
            rows={14}
            spellCheck={false}
            value={json}
            onChange={(e) => setJson(e.target.value)}
          />
        </Field>
        {issues.length > 0 && (
          <ul className="inline-error" role="alert">
            {issues.map((issue) => (
              <li key={`${issue.path}-${issue.message}`}>
                <code>{issue.path.replace(/^body\./, '')}</code>: {issue.message}
              </li>
            ))}
          </ul>
        )}
        {stale ? (
          <p className="notice notice-warn" role="alert">
            {STALE_MESSAGE}
          </p>
        ) : (
          issues.length === 0 && <InlineError error={save.error} />
        )}
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save browser config'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

export function BrowserConfigsPage() {
  const { orgId, role } = useOrg();
  useDocumentTitle('Browser configs');
  const api = useApi();
  const queryClient = useQueryClient();
  const configs = useBrowserConfigs(orgId);
  const [editing, setEditing] = useState<BrowserConfig | 'new' | null>(null);
  const [deleting, setDeleting] = useState<BrowserConfig | null>(null);
  const remove = useMutation({
    mutationFn: ({ config, force }: { config: BrowserConfig; force: boolean }) =>
      unwrap(
        api.DELETE('/api/orgs/{orgId}/browser-configs/{browserConfigId}', {
          params: {
            path: { orgId, browserConfigId: config.id },
            query: force ? { force: 'true' } : {},
          },
        }),
      ),
    onSuccess: async () => {
      setDeleting(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.browserConfigs(orgId) });
    },
  });
  const inUse =
    remove.error instanceof ApiProblemError && remove.error.code === 'BROWSER_CONFIG_IN_USE';

  return (
    <div className="page">
      <PageHeader
        title="Browser configs"
        description="Where tests run: presets are read-only; add your own for other viewports, locales or devices."
        actions={
          canEdit(role) && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => setEditing('new')}
            >
              New browser config
            </button>
          )
        }
      />
      <QueryView query={configs} loadingLabel="Loading browser configs…">
        {(items) => (
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">Browser configs</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Settings</th>
                  <th scope="col">Id</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((config) => (
                  <tr key={config.id}>
                    <td>
                      {config.name}
                      {config.builtin && <span className="badge badge-muted">preset</span>}
                    </td>
                    <td className="small">{summarizeBrowserConfig(config.browserConfig)}</td>
                    <td className="mono small">{config.id}</td>
                    <td className="cell-actions">
                      {!config.builtin && canEdit(role) && (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => setEditing(config)}
                          aria-label={`Edit ${config.name}`}
                        >
                          Edit
                        </button>
                      )}
                      {!config.builtin && canAdminister(role) && (
                        <button
                          type="button"
                          className="button button-small button-danger"
                          onClick={() => {
                            remove.reset();
                            setDeleting(config);
                          }}
                          aria-label={`Delete ${config.name}`}
                        >
                          Delete
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      {editing && (
        <ConfigDialog
          config={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'the browser config'}?`}
        confirmLabel={inUse ? 'Delete it with its versions and runs' : 'Delete browser config'}
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ config: deleting, force: inUse })}
        onClose={() => setDeleting(null)}
      >
        <p>Test cases stop running on it.</p>
        <InlineError error={remove.error} />
      </ConfirmDialog>
    </div>
  );
}
