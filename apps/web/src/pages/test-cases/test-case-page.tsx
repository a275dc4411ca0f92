// One test case: what it checks, where, its tags and document, the browser × version × run matrix, its history.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { fetchAllPages, unwrap } from '../../api/api-client.ts';
import type { TestCase } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { byId, useBrowserConfigs, useDocuments, useTags } from '../../api/shared-queries.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { canAdminister, canEdit } from '../../lib/run-labels.ts';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { InlineError, QueryView } from '../../ui/page-state.tsx';
import { RelativeTime } from '../../ui/relative-time.tsx';
import { TagChips } from '../../ui/tag-chip.tsx';
import { useCurrentProject } from '../projects/project-layout.tsx';
import { RunsTable } from '../runs/runs-table.tsx';
import { TriggerRunsDialog } from '../runs/trigger-runs-dialog.tsx';
import { useProjectRunEvents } from '../runs/use-run-streams.ts';
import { buildMatrix, TestCaseMatrix } from './test-case-matrix.tsx';

/** The URL the test starts at: relative routes resolve against the project's base URL. */
export function startUrlOf(urlRoute: string, baseUrl: string): string {
  try {
    return new URL(urlRoute, baseUrl).toString();
  } catch {
    return urlRoute;
  }
}

function TestCaseDetail({ testCase }: { testCase: TestCase }) {
  const { orgId, role } = useOrg();
  const project = useCurrentProject();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const tags = useTags(orgId, project.id);
  const configs = useBrowserConfigs(orgId);
  const documents = useDocuments(orgId, project.id);
  const [running, setRunning] = useState(false);
  const [deleting, setDeleting] = useState(false);
  useProjectRunEvents(orgId, project.id);

  const traversals = useQuery({
    queryKey: queryKeys.traversals(orgId, testCase.id),
    queryFn: ({ signal }) =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/orgs/{orgId}/test-cases/{testCaseId}/traversals', {
            params: {
              path: { orgId, testCaseId: testCase.id },
              query: { limit: 200, ...(cursor ? { cursor } : {}) },
            },
            signal,
          }),
        ),
      ),
  });
  const runsQuery = { testCaseId: testCase.id, limit: 50 };
  const runs = useQuery({
    queryKey: queryKeys.runs(orgId, project.id, runsQuery),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/projects/{projectId}/runs', {
          params: { path: { orgId, projectId: project.id }, query: runsQuery },
          signal,
        }),
      ),
  });
  const runOnConfig = useMutation({
    mutationFn: (browserConfigId: string) =>
      unwrap(
        api.POST('/api/orgs/{orgId}/projects/{projectId}/runs', {
          params: { path: { orgId, projectId: project.id } },
          body: { testCaseIds: [testCase.id], browserConfigIds: [browserConfigId], mode: 'auto' },
        }),
      ),
    onSuccess: async (triggered) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.allRuns(orgId, project.id) });
      const run = triggered.runs[0];
      if (run) await navigate(paths.run(orgId, project.id, run.id));
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/orgs/{orgId}/test-cases/{testCaseId}', {
          params: { path: { orgId, testCaseId: testCase.id } },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.allTestCases(orgId, project.id) });
      queryClient.removeQueries({ queryKey: queryKeys.testCase(orgId, testCase.id) });
      await navigate(paths.testCases(orgId, project.id));
    },
  });

  const tagsById = byId(tags.data);
  const document = documents.data?.find((doc) => doc.id === testCase.documentId);
  const matrix = buildMatrix(
    testCase.browserConfigIds,
    byId(configs.data),
    traversals.data ?? [],
    runs.data?.items ?? [],
  );

  return (
    <div className="page">
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.org(orgId) },
          { label: project.name, to: paths.testCases(orgId, project.id) },
          { label: 'Test cases', to: paths.testCases(orgId, project.id) },
        ]}
        title={testCase.name}
        description={
          <>
            Updated <RelativeTime iso={testCase.updatedAt} /> ·{' '}
            <span className="mono small" title="Test case id">
              {testCase.id}
            </span>
          </>
        }
        actions={
          <>
            {canEdit(role) && (
              <>
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => setRunning(true)}
                >
                  Run
                </button>
                <Link className="button" to={paths.editTestCase(orgId, project.id, testCase.id)}>
                  Edit
                </Link>
              </>
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
        }
      />
      <div className="detail-grid">
        <section className="panel" aria-labelledby="tc-what">
          <h2 id="tc-what">What it checks</h2>
          <dl className="facts">
            <dt>Description</dt>
            <dd className="prewrap">{testCase.testDescription}</dd>
            <dt>Expected outcome</dt>
            <dd className="prewrap">{testCase.expectedOutcome}</dd>
            <dt>Extra rules</dt>
            <dd className="prewrap">
              {testCase.extraRules || <span className="muted">None</span>}
            </dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="tc-where">
          <h2 id="tc-where">Where</h2>
          <dl className="facts">
            <dt>Start URL</dt>
            <dd className="mono small break">
              {startUrlOf(testCase.urlRoute, project.defaultUrlRoute)}
            </dd>
            <dt>Allowed domains</dt>
            <dd>
              {testCase.allowedDomains.length === 0 ? (
                <span className="muted">Only the project's own host</span>
              ) : (
                <ul className="plain-list mono small">
                  {testCase.allowedDomains.map((domain) => (
                    <li key={domain}>{domain}</li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>Tags</dt>
            <dd>
              {testCase.tagIds.length === 0 ? (
                <span className="muted">No tags</span>
              ) : (
                <TagChips
                  tags={testCase.tagIds.flatMap((id) => {
                    const tag = tagsById.get(id);
                    return tag ? [tag] : [];
                  })}
                />
              )}
            </dd>
            <dt>Document</dt>
            <dd>
              {document ? (
                <Link to={paths.document(orgId, project.id, document.id)}>{document.name}</Link>
              ) : (
                <span className="muted">None linked</span>
              )}
            </dd>
          </dl>
        </section>
      </div>
      <section className="section" aria-labelledby="tc-matrix">
        <h2 id="tc-matrix">Browsers, versions and runs</h2>
        <InlineError error={runOnConfig.error} />
        <QueryView query={traversals} loadingLabel="Loading recorded versions…">
          {() => (
            <TestCaseMatrix
              projectId={project.id}
              rows={matrix}
              onRun={canEdit(role) ? (id) => runOnConfig.mutate(id) : null}
            />
          )}
        </QueryView>
      </section>
      <section className="section" aria-labelledby="tc-runs">
        <h2 id="tc-runs">Recent runs</h2>
        <QueryView query={runs} loadingLabel="Loading runs…">
          {(page) => (
            <RunsTable
              runs={page.items}
              projectId={project.id}
              testCaseNames={new Map([[testCase.id, testCase.name]])}
              hideTestCase
              emptyText="This test case has not run yet."
            />
          )}
        </QueryView>
      </section>
      {running && (
        <TriggerRunsDialog
          open
          projectId={project.id}
          initial={{ kind: 'test-cases', testCaseIds: [testCase.id], label: 'This test case' }}
          onClose={() => setRunning(false)}
        />
      )}
      <ConfirmDialog
        open={deleting}
        title="Delete this test case?"
        confirmLabel="Delete test case"
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      >
        <p>
          “{testCase.name}” will be deleted with its recorded versions, its runs and their
          screenshots. This cannot be undone.
        </p>
        <InlineError error={remove.error} />
      </ConfirmDialog>
    </div>
  );
}

export function TestCasePage() {
  const { orgId } = useOrg();
  const { testCaseId = '' } = useParams();
  const api = useApi();
  const testCase = useQuery({
    queryKey: queryKeys.testCase(orgId, testCaseId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/test-cases/{testCaseId}', {
          params: { path: { orgId, testCaseId } },
          signal,
        }),
      ),
  });
  useDocumentTitle(testCase.data?.name ?? 'Test case');
  return (
    <QueryView query={testCase} loadingLabel="Loading the test case…">
      {(data) => <TestCaseDetail testCase={data} />}
    </QueryView>
  );
}
