// A project's name and base URL (If-Match guarded), and deleting it with everything under it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { etagOf, unwrap } from '../../api/api-client.ts';
import { ApiProblemError, fieldIssuesByName, STALE_MESSAGE } from '../../api/api-problem.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { canAdminister, canEdit } from '../../lib/run-labels.ts';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/form-field.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { InlineError } from '../../ui/page-state.tsx';
import { useCurrentProject } from '../projects/project-layout.tsx';

export function ProjectSettingsPage() {
  const { orgId, role } = useOrg();
  const project = useCurrentProject();
  useDocumentTitle('Project settings', project.name);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [base, setBase] = useState(project);
  const [name, setName] = useState(project.name);
  const [url, setUrl] = useState(project.defaultUrlRoute);
  const [deleting, setDeleting] = useState(false);
  const [confirmName, setConfirmName] = useState('');
  const editable = canEdit(role);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/orgs/{orgId}/projects/{projectId}', {
          params: {
            path: { orgId, projectId: project.id },
            header: { 'if-match': etagOf(base.updatedAt) },
          },
          body: { name: name.trim(), defaultUrlRoute: url.trim() },
        }),
      ),
    onSuccess: async (saved) => {
      setBase(saved);
      queryClient.setQueryData(queryKeys.project(orgId, project.id), saved);
      await queryClient.invalidateQueries({ queryKey: queryKeys.projects(orgId) });
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/orgs/{orgId}/projects/{projectId}', {
          params: { path: { orgId, projectId: project.id } },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.projects(orgId) });
      await navigate(paths.org(orgId));
    },
  });
  const issues = fieldIssuesByName(save.error);
  const stale = save.error instanceof ApiProblemError && save.error.isStale;
  return (
    <div className="page">
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.org(orgId) },
          { label: project.name, to: paths.testCases(orgId, project.id) },
        ]}
        title="Project settings"
      />
      <form
        className="form panel"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Field label="Name" error={issues.name}>
          <input
            required
            maxLength={200}
            value={name}
            disabled={!editable}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field label="Base URL of the application under test" error={issues.defaultUrlRoute}>
          <input
            type="url"
            required
            className="mono"
            value={url}
            disabled={!editable}
            onChange={(e) => setUrl(e.target.value)}
          />
        </Field>
        {stale ? (
          <div className="notice notice-warn" role="alert">
            <p>{STALE_MESSAGE}</p>
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Reload
            </button>
          </div>
        ) : (
          <InlineError error={save.error} />
        )}
        {save.isSuccess && (
          <p className="notice" role="status">
            Saved.
          </p>
        )}
        {editable && (
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save'}
            </button>
          </div>
        )}
      </form>
      {canAdminister(role) && (
        <section className="panel danger-zone" aria-labelledby="danger-title">
          <h2 id="danger-title">Delete the project</h2>
          <p>
            Deletes its test cases, recorded versions, runs, screenshots, documents and secrets.
          </p>
          <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
            Delete project…
          </button>
        </section>
      )}
      <ConfirmDialog
        open={deleting}
        title={`Delete ${project.name}?`}
        confirmLabel="Delete project"
        busy={remove.isPending || confirmName !== project.name}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      >
        <Field label={`Type “${project.name}” to confirm`}>
          <input value={confirmName} onChange={(e) => setConfirmName(e.target.value)} />
        </Field>
        <InlineError error={remove.error} />
      </ConfirmDialog>
    </div>
  );
}
