// The organization's projects, and a form to add one.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { fieldIssuesByName } from '../../api/api-problem.ts';
import { unwrap } from '../../api/api-client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useProjects } from '../../api/shared-queries.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { canEdit } from '../../lib/run-labels.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/form-field.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, InlineError, QueryView } from '../../ui/page-state.tsx';
import { RelativeTime } from '../../ui/relative-time.tsx';

function NewProjectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { orgId } = useOrg();
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/orgs/{orgId}/projects', {
          params: { path: { orgId } },
          body: { name: name.trim(), defaultUrlRoute: url.trim() },
        }),
      ),
    onSuccess: async (project) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.projects(orgId) });
      onClose();
      await navigate(paths.testCases(orgId, project.id));
    },
  });
  const issues = fieldIssuesByName(create.error);
  return (
    <Dialog open={open} title="New project" onClose={onClose}>
      <form
        className="form"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Field label="Name" error={issues.name}>
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field
          label="Base URL of the application under test"
          hint="Test case URLs are relative to it, e.g. https://staging.example.com/"
          error={issues.defaultUrlRoute}
        >
          <input
            type="url"
            required
            value={url}
            placeholder="https://staging.example.com/"
            onChange={(e) => setUrl(e.target.value)}
          />
        </Field>
        <InlineError error={create.error} />
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create project'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

export function ProjectsPage() {
  const { orgId, organization, role } = useOrg();
  useDocumentTitle('Projects', organization.name);
  const projects = useProjects(orgId);
  const [creating, setCreating] = useState(false);
  return (
    <div className="page">
      <PageHeader
        title="Projects"
        description={`Applications under test in ${organization.name}.`}
        actions={
          canEdit(role) && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => setCreating(true)}
            >
              New project
            </button>
          )
        }
      />
      <QueryView query={projects} loadingLabel="Loading projects…">
        {(items) =>
          items.length === 0 ? (
            <EmptyState title="No projects yet">
              {canEdit(role)
                ? 'Create a project for the application you want to test.'
                : 'A member of the organization can create one.'}
            </EmptyState>
          ) : (
            <ul className="card-grid">
              {items.map((project) => (
                <li key={project.id} className="card">
                  <h2 className="card-title">
                    <Link to={paths.testCases(orgId, project.id)}>{project.name}</Link>
                  </h2>
                  <p className="mono small truncate" title={project.defaultUrlRoute}>
                    {project.defaultUrlRoute}
                  </p>
                  <p className="muted small">
                    Created <RelativeTime iso={project.createdAt} />
                  </p>
                  <p className="card-links small">
                    <Link to={paths.runs(orgId, project.id)}>Runs</Link>
                    <Link to={paths.costs(orgId, project.id)}>Costs</Link>
                    <Link to={paths.documents(orgId, project.id)}>Documents</Link>
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      <NewProjectDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
