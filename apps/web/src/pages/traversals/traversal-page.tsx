// The traversal viewer: a recorded path's brain states in order (evaluation, memory, next goal) and their actions.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { fetchAllPages, unwrap } from '../../api/api-client.ts';
import type { BrainState, RecordedAction, TraversalDetail } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { byId, useBrowserConfigs } from '../../api/shared-queries.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { describeAction, isAssertion, targetOf } from '../../lib/describe-action.ts';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryView } from '../../ui/page-state.tsx';
import { RelativeTime } from '../../ui/relative-time.tsx';
import { useCurrentProject } from '../projects/project-layout.tsx';

const SOURCE_LABEL: Record<TraversalDetail['source'], string> = {
  agentic: 'recorded by the agent',
  repair: 'repaired by the agent',
  steps_file: 'recorded from a steps file',
  import: 'imported',
};

/** The fingerprint signals worth a glance; the whole JSON is one click away. */
function fingerprintSummary(data: Record<string, unknown> | null): string | null {
  if (!data) return null;
  const parts: string[] = [];
  const tag = data.tag;
  const role = data.role;
  const name = data.accessibleName ?? data.text;
  if (typeof tag === 'string') parts.push(`<${tag}>`);
  if (typeof role === 'string') parts.push(`role ${role}`);
  if (typeof name === 'string' && name.trim()) parts.push(`“${name.trim().slice(0, 60)}”`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

function ActionItem({ action }: { action: RecordedAction }) {
  const target = targetOf(action.action);
  const summary = fingerprintSummary(action.domElementData);
  return (
    <li className="action-item">
      <p>
        {isAssertion(action.action) && <span className="badge badge-info">check</span>}
        {describeAction(action.action)}
      </p>
      {target && <code className="locator">{target}</code>}
      {summary && <p className="muted small">{summary}</p>}
      <details className="small">
        <summary>Recorded data</summary>
        <pre className="json">
          {JSON.stringify({ action: action.action, element: action.domElementData }, null, 2)}
        </pre>
      </details>
    </li>
  );
}

function BrainStateCard({ state }: { state: BrainState }) {
  return (
    <li className={`brain-state${state.valid ? '' : ' brain-state-invalid'}`}>
      <header className="brain-state-head">
        <span className="brain-state-idx">{state.idxInTraversal + 1}</span>
        <strong>{state.nextGoal || 'Step'}</strong>
        {!state.valid && (
          <span
            className="badge badge-muted"
            title="Replay skips steps that failed or were superseded"
          >
            skipped in replay
          </span>
        )}
      </header>
      <dl className="facts">
        <dt>Evaluation of the previous goal</dt>
        <dd className="prewrap">
          {state.evaluationPreviousGoal || <span className="muted">—</span>}
        </dd>
        <dt>Memory</dt>
        <dd className="prewrap">{state.memory || <span className="muted">—</span>}</dd>
        <dt>Next goal</dt>
        <dd className="prewrap">{state.nextGoal || <span className="muted">—</span>}</dd>
      </dl>
      {state.actions.length > 0 && (
        <ol className="actions" aria-label={`Actions of step ${state.idxInTraversal + 1}`}>
          {state.actions.map((action) => (
            <ActionItem key={action.id} action={action} />
          ))}
        </ol>
      )}
    </li>
  );
}

function TraversalView({ traversal }: { traversal: TraversalDetail }) {
  const { orgId } = useOrg();
  const project = useCurrentProject();
  const api = useApi();
  const configs = byId(useBrowserConfigs(orgId).data);
  const testCase = useQuery({
    queryKey: queryKeys.testCase(orgId, traversal.testCaseId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/test-cases/{testCaseId}', {
          params: { path: { orgId, testCaseId: traversal.testCaseId } },
          signal,
        }),
      ),
  });
  const versions = useQuery({
    queryKey: queryKeys.traversals(orgId, traversal.testCaseId),
    queryFn: ({ signal }) =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/orgs/{orgId}/test-cases/{testCaseId}/traversals', {
            params: {
              path: { orgId, testCaseId: traversal.testCaseId },
              query: { limit: 200, ...(cursor ? { cursor } : {}) },
            },
            signal,
          }),
        ),
      ),
  });
  const sameConfig = (versions.data ?? []).filter(
    (version) => version.browserConfigId === traversal.browserConfigId,
  );
  const configName = configs.get(traversal.browserConfigId)?.name ?? traversal.browserConfigId;
  useDocumentTitle(`v${traversal.version} of ${testCase.data?.name ?? 'a test case'}`);
  const sorted = [...traversal.brainStates].sort((a, b) => a.idxInTraversal - b.idxInTraversal);

  return (
    <div className="page">
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.org(orgId) },
          { label: project.name, to: paths.testCases(orgId, project.id) },
          {
            label: testCase.data?.name ?? 'Test case',
            to: paths.testCase(orgId, project.id, traversal.testCaseId),
          },
        ]}
        title={`Version ${traversal.version} on ${configName}`}
        description={
          <>
            {SOURCE_LABEL[traversal.source]} <RelativeTime iso={traversal.createdAt} /> ·{' '}
            {traversal.verified
              ? 'outcome verified'
              : 'outcome not verified (replay will not use it)'}
            {traversal.createdByRunId && (
              <>
                {' · '}
                <Link to={paths.run(orgId, project.id, traversal.createdByRunId)}>
                  the run that recorded it
                </Link>
              </>
            )}
          </>
        }
      />
      <div className="detail-grid">
        <section className="panel" aria-labelledby="tr-outcome">
          <h2 id="tr-outcome">Expected outcome</h2>
          <p className="prewrap">{traversal.expectedOutcome}</p>
          <h3>Secrets used</h3>
          {traversal.secrets.length === 0 ? (
            <p className="muted">None</p>
          ) : (
            <ul className="plain-list">
              {traversal.secrets.map((secret) => (
                <li key={secret.secretId}>
                  <code>{secret.name}</code>{' '}
                  <span className="muted small">version {secret.version}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="tr-versions">
          <h2 id="tr-versions">Versions on {configName}</h2>
          <ul className="plain-list">
            {sameConfig.map((version) => (
              <li key={version.id}>
                {version.id === traversal.id ? (
                  <strong aria-current="page">v{version.version}</strong>
                ) : (
                  <Link to={paths.traversal(orgId, project.id, version.id)}>
                    v{version.version}
                  </Link>
                )}{' '}
                <span className="muted small">
                  {version.source} · <RelativeTime iso={version.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="section" aria-labelledby="tr-steps">
        <h2 id="tr-steps">Steps</h2>
        {sorted.length === 0 ? (
          <EmptyState title="This version has no steps" />
        ) : (
          <ol className="brain-states">
            {sorted.map((state) => (
              <BrainStateCard key={state.id} state={state} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

export function TraversalPage() {
  const { orgId } = useOrg();
  const { traversalId = '' } = useParams();
  const api = useApi();
  const traversal = useQuery({
    queryKey: queryKeys.traversal(orgId, traversalId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/traversals/{traversalId}', {
          params: { path: { orgId, traversalId } },
          signal,
        }),
      ),
  });
  return (
    <QueryView query={traversal} loadingLabel="Loading the recorded path…">
      {(data) => <TraversalView traversal={data} />}
    </QueryView>
  );
}
