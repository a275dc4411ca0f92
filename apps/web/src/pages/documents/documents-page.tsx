// A project's documents (Markdown specs), each possibly backing a test case, and a form to start one.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { unwrap } from '../../api/api-client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useAllTestCases, useDocuments } from '../../api/shared-queries.ts';
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
import { useCurrentProject } from '../projects/project-layout.tsx';

export function DocumentsPage() {
  const { orgId, role } = useOrg();
  const project = useCurrentProject();
  useDocumentTitle('Documents', project.name);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const documents = useDocuments(orgId, project.id);
  const testCases = useAllTestCases(orgId, project.id);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/orgs/{orgId}/projects/{projectId}/documents', {
          params: { path: { orgId, projectId: project.id } },
          body: { name: name.trim(), content: `# ${name.trim()}\n\n` },
        }),
      ),
    onSuccess: async (document) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.documents(orgId, project.id) });
      await navigate(`${paths.document(orgId, project.id, document.id)}?edit=1`);
    },
  });
  const names = new Map((testCases.data ?? []).map((testCase) => [testCase.id, testCase.name]));

  return (
    <div className="page">
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.org(orgId) },
          { label: project.name, to: paths.testCases(orgId, project.id) },
        ]}
        title="Documents"
        description="Specifications in Markdown; a document can back one test case."
        actions={
          canEdit(role) && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => setCreating(true)}
            >
              New document
            </button>
          )
        }
      />
      <QueryView query={documents} loadingLabel="Loading documents…">
        {(items) =>
          items.length === 0 ? (
            <EmptyState title="No documents yet" />
          ) : (
            <div className="table-wrap">
              <table className="data-table">
                <caption className="visually-hidden">Documents</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Test case</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((document) => (
                    <tr key={document.id}>
                      <td>
                        <Link to={paths.document(orgId, project.id, document.id)}>
                          {document.name}
                        </Link>
                      </td>
                      <td>
                        {document.testCaseId ? (
                          <Link to={paths.testCase(orgId, project.id, document.testCaseId)}>
                            {names.get(document.testCaseId) ?? 'Test case'}
                          </Link>
                        ) : (
                          <span className="muted">Not linked</span>
                        )}
                      </td>
                      <td className="small">
                        <RelativeTime iso={document.updatedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      <Dialog open={creating} title="New document" onClose={() => setCreating(false)}>
        <form
          className="form"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            create.mutate();
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
          <InlineError error={create.error} />
          <footer className="dialog-footer">
            <button type="button" className="button" onClick={() => setCreating(false)}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={create.isPending}>
              {create.isPending ? 'Creating…' : 'Create and edit'}
            </button>
          </footer>
        </form>
      </Dialog>
    </div>
  );
}
