// One document: rendered Markdown, editing with a live preview (If-Match guarded), and its test case link.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { type ApiClient, etagOf, unwrap } from '../../api/api-client.ts';
import { ApiProblemError, STALE_MESSAGE } from '../../api/api-problem.ts';
import type { ProjectDocument } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useAllTestCases } from '../../api/shared-queries.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { canAdminister, canEdit } from '../../lib/run-labels.ts';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/form-field.tsx';
import { Markdown } from '../../ui/markdown.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { InlineError, QueryView } from '../../ui/page-state.tsx';
import { RelativeTime } from '../../ui/relative-time.tsx';
import { useCurrentProject } from '../projects/project-layout.tsx';

/** Links the document to a test case (or none): the link lives on the test case, one document per test case. */
async function linkDocument(
  api: ApiClient,
  orgId: string,
  document: ProjectDocument,
  testCaseId: string | null,
): Promise<void> {
  const setDocument = async (id: string, documentId: string | null) => {
    const current = await unwrap(
      api.GET('/api/orgs/{orgId}/test-cases/{testCaseId}', {
        params: { path: { orgId, testCaseId: id } },
      }),
    );
    await unwrap(
      api.PATCH('/api/orgs/{orgId}/test-cases/{testCaseId}', {
        params: {
          path: { orgId, testCaseId: id },
          header: { 'if-match': etagOf(current.updatedAt) },
        },
        body: { documentId },
      }),
    );
  };
  if (document.testCaseId && document.testCaseId !== testCaseId) {
    await setDocument(document.testCaseId, null);
  }
  if (testCaseId) await setDocument(testCaseId, document.id);
}

function DocumentEditor({ document, onDone }: { document: ProjectDocument; onDone: () => void }) {
  const { orgId } = useOrg();
  const project = useCurrentProject();
  const api = useApi();
  const queryClient = useQueryClient();
  const [base] = useState(document);
  const [name, setName] = useState(document.name);
  const [content, setContent] = useState(document.content);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/orgs/{orgId}/documents/{documentId}', {
          params: {
            path: { orgId, documentId: base.id },
            header: { 'if-match': etagOf(base.updatedAt) },
          },
          body: { name: name.trim(), content },
        }),
      ),
    onSuccess: async (saved) => {
      queryClient.setQueryData(queryKeys.document(orgId, saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: queryKeys.documents(orgId, project.id) });
      onDone();
    },
  });
  const stale = save.error instanceof ApiProblemError && save.error.isStale;
  return (
    <form
      className="form form-wide"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Field label="Name">
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <div className="editor-split">
        <Field label="Markdown">
          <textarea
            className="mono editor"
            rows={20}
            maxLength={100000}
            value={content}
            onChange={(e) => setContent(e.target.value)}
          />
        </Field>
        <section className="panel preview" aria-label="Preview">
          <h2 className="small muted">Preview</h2>
          <Markdown source={content} />
        </section>
      </div>
      {stale ? (
        <div className="notice notice-warn" role="alert">
          <p>{STALE_MESSAGE}</p>
          <p className="small">Copy your text before reloading: it is not kept.</p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      ) : (
        <InlineError error={save.error} />
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save document'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DocumentView({ document }: { document: ProjectDocument }) {
  const { orgId, role } = useOrg();
  const project = useCurrentProject();
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const editing = search.get('edit') === '1' && canEdit(role);
  const testCases = useAllTestCases(orgId, project.id);
  const [deleting, setDeleting] = useState(false);
  const link = useMutation({
    mutationFn: (testCaseId: string | null) => linkDocument(api, orgId, document, testCaseId),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.document(orgId, document.id) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.documents(orgId, project.id) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.allTestCases(orgId, project.id) });
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/orgs/{orgId}/documents/{documentId}', {
          params: { path: { orgId, documentId: document.id } },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.documents(orgId, project.id) });
      await navigate(paths.documents(orgId, project.id));
    },
  });
  const linked = testCases.data?.find((testCase) => testCase.id === document.testCaseId);
  const setEditing = (on: boolean) => setSearch(on ? { edit: '1' } : {}, { replace: true });

  return (
    <div className="page">
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.org(orgId) },
          { label: project.name, to: paths.testCases(orgId, project.id) },
          { label: 'Documents', to: paths.documents(orgId, project.id) },
        ]}
        title={document.name}
        description={
          <>
            Updated <RelativeTime iso={document.updatedAt} />
          </>
        }
        actions={
          !editing && (
            <>
              {canEdit(role) && (
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => setEditing(true)}
                >
                  Edit
                </button>
              )}
              {canAdminister(role) && (
                <button
                  type="button"
                  className="button button-danger"
                  onClick={() => setDeleting(true)}
                >
                  Delete
                </button>
              )}
            </>
          )
        }
      />
      <section className="panel link-panel" aria-label="Linked test case">
        {canEdit(role) ? (
          <Field label="Test case it backs" hint="A test case has at most one document.">
            <select
              value={document.testCaseId ?? ''}
              disabled={link.isPending || testCases.isPending}
              onChange={(event) => link.mutate(event.target.value || null)}
            >
              <option value="">None</option>
              {(testCases.data ?? []).map((testCase) => (
                <option key={testCase.id} value={testCase.id}>
                  {testCase.name}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <p>
            Test case:{' '}
            {linked ? (
              <Link to={paths.testCase(orgId, project.id, linked.id)}>{linked.name}</Link>
            ) : (
              <span className="muted">none</span>
            )}
          </p>
        )}
        {linked && canEdit(role) && (
          <p className="small">
            <Link to={paths.testCase(orgId, project.id, linked.id)}>Open “{linked.name}”</Link>
          </p>
        )}
        <InlineError error={link.error} />
      </section>
      {editing ? (
        <DocumentEditor document={document} onDone={() => setEditing(false)} />
      ) : (
        <article className="panel">
          <Markdown source={document.content} />
        </article>
      )}
      <ConfirmDialog
        open={deleting}
        title="Delete this document?"
        confirmLabel="Delete document"
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      >
        <p>“{document.name}” will be deleted. A test case it backs stays, unlinked.</p>
        <InlineError error={remove.error} />
      </ConfirmDialog>
    </div>
  );
}

export function DocumentPage() {
  const { orgId } = useOrg();
  const { documentId = '' } = useParams();
  const api = useApi();
  const document = useQuery({
    queryKey: queryKeys.document(orgId, documentId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/documents/{documentId}', {
          params: { path: { orgId, documentId } },
          signal,
        }),
      ),
  });
  useDocumentTitle(document.data?.name ?? 'Document');
  return (
    <QueryView query={document} loadingLabel="Loading the document…">
      {(data) => <DocumentView document={data} />}
    </QueryView>
  );
}
