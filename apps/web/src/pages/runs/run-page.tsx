// The run viewer: verdict, failure reason, timing, cost, GIF, live progress and the timeline of its actions.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { unwrap } from '../../api/api-client.ts';
import type { RunDetail } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { byId, useBrowserConfigs } from '../../api/shared-queries.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { formatCount, formatDollars, formatDuration } from '../../lib/format.ts';
import {
  canAdminister,
  canEdit,
  FAILURE_KIND_HINT,
  FAILURE_KIND_LABEL,
} from '../../lib/run-labels.ts';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, InlineError, QueryView } from '../../ui/page-state.tsx';
import { RelativeTime } from '../../ui/relative-time.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { useCurrentProject } from '../projects/project-layout.tsx';
import { describeProgress, isFinished } from './live-run.ts';
import { HistoryTimeline, LiveTimeline } from './run-timeline.tsx';
import { useRunStream } from './use-run-streams.ts';

function useRunMutations(detail: RunDetail) {
  const { orgId } = useOrg();
  const project = useCurrentProject();
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const runId = detail.run.id;
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.run(orgId, runId) });
  const path = { orgId, runId };
  return {
    cancel: useMutation({
      mutationFn: () =>
        unwrap(api.POST('/api/orgs/{orgId}/runs/{runId}/cancel', { params: { path } })),
      onSuccess: refresh,
    }),
    retry: useMutation({
      mutationFn: () =>
        unwrap(api.POST('/api/orgs/{orgId}/runs/{runId}/retry', { params: { path } })),
      onSuccess: async (run) => {
        await queryClient.invalidateQueries({ queryKey: queryKeys.allRuns(orgId, project.id) });
        await navigate(paths.run(orgId, project.id, run.id));
      },
    }),
    remove: useMutation({
      mutationFn: () => unwrap(api.DELETE('/api/orgs/{orgId}/runs/{runId}', { params: { path } })),
      onSuccess: async () => {
        queryClient.removeQueries({ queryKey: queryKeys.run(orgId, runId) });
        await queryClient.invalidateQueries({ queryKey: queryKeys.allRuns(orgId, project.id) });
        await navigate(paths.runs(orgId, project.id));
      },
    }),
  };
}

function RunView({ detail }: { detail: RunDetail }) {
  const { orgId, role } = useOrg();
  const project = useCurrentProject();
  const api = useApi();
  const { run, history, cost } = detail;
  const stream = useRunStream(orgId, run.id, detail);
  const { live } = stream;
  const state = isFinished(run.state) ? run.state : (live.state ?? run.state);
  const failureKind = run.failureKind ?? live.failureKind;
  const failureMessage = run.failureMessage ?? live.failureMessage;
  const configs = byId(useBrowserConfigs(orgId).data);
  const mutations = useRunMutations(detail);
  const [deleting, setDeleting] = useState(false);

  const testCase = useQuery({
    queryKey: queryKeys.testCase(orgId, run.testCaseId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/test-cases/{testCaseId}', {
          params: { path: { orgId, testCaseId: run.testCaseId } },
          signal,
        }),
      ),
  });
  const replayed = useQuery({
    queryKey: queryKeys.traversal(orgId, run.testTraversalId ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/traversals/{traversalId}', {
          params: { path: { orgId, traversalId: run.testTraversalId ?? '' } },
          signal,
        }),
      ),
    enabled: run.testTraversalId !== null,
  });
  useDocumentTitle(`Run of ${testCase.data?.name ?? 'a test case'}`, project.name);

  const plannedSteps =
    replayed.data?.brainStates
      .filter((brainState) => brainState.valid)
      .reduce((sum, brainState) => sum + brainState.actions.length, 0) ?? null;
  const doneSteps = live.steps.filter((step) => step.status !== 'running').length;
  const finished = isFinished(state);
  const showLive = !finished && history.length === 0;
  const configName = configs.get(run.browserConfigId)?.name ?? run.browserConfigId;
  const testCaseName = testCase.data?.name ?? 'Test case';

  return (
    <div className="page run-page" data-run-state={state}>
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.org(orgId) },
          { label: project.name, to: paths.testCases(orgId, project.id) },
          { label: 'Runs', to: paths.runs(orgId, project.id) },
        ]}
        title={
          <span className="inline-items">
            <StatusBadge state={state} size="large" />
            <span>{testCaseName}</span>
          </span>
        }
        description={
          <>
            <Link to={paths.testCase(orgId, project.id, run.testCaseId)}>Test case</Link> · on{' '}
            {configName} · run <span className="mono small">{run.id}</span>
          </>
        }
        actions={
          <>
            {canEdit(role) && !finished && (
              <button
                type="button"
                className="button"
                disabled={mutations.cancel.isPending || run.cancelRequestedAt !== null}
                onClick={() => mutations.cancel.mutate()}
              >
                {run.cancelRequestedAt ? 'Cancelling…' : 'Cancel run'}
              </button>
            )}
            {canEdit(role) && finished && run.failureKind === 'infrastructure' && (
              <button
                type="button"
                className="button"
                disabled={mutations.retry.isPending}
                onClick={() => mutations.retry.mutate()}
              >
                Retry
              </button>
            )}
            {canAdminister(role) && finished && (
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
      <InlineError error={mutations.cancel.error ?? mutations.retry.error} />

      {state === 'FAILED' && (
        <section className="failure" role="alert" aria-labelledby="failure-title">
          <h2 id="failure-title">{failureKind ? FAILURE_KIND_LABEL[failureKind] : 'Failed'}</h2>
          {failureMessage && <p className="failure-message">{failureMessage}</p>}
          {failureKind && <p className="muted small">{FAILURE_KIND_HINT[failureKind]}</p>}
        </section>
      )}

      {!finished && (
        <section className="live-panel" aria-labelledby="live-title">
          <h2 id="live-title" className="visually-hidden">
            Live progress
          </h2>
          <p aria-live="polite" className="live-progress" data-testid="live-progress">
            {describeProgress(live.detail ? live : { ...live, state: run.state })}
          </p>
          {plannedSteps !== null && plannedSteps > 0 && (
            <progress max={plannedSteps} value={Math.min(doneSteps, plannedSteps)}>
              {doneSteps} of {plannedSteps}
            </progress>
          )}
          <p className="muted small">
            {stream.connected ? 'Following live.' : 'Connecting to live updates…'}
          </p>
        </section>
      )}

      <div className="run-summary">
        <dl className="facts facts-inline">
          <dt>Type</dt>
          <dd>
            {run.runType ?? 'not started'} <span className="muted small">(mode {run.mode})</span>
            {run.repairWasNeeded && <span className="badge badge-warn">repaired by the agent</span>}
          </dd>
          <dt>Started</dt>
          <dd>
            <RelativeTime iso={run.startedAt} />
          </dd>
          <dt>Duration</dt>
          <dd className="num">{formatDuration(run.durationMs)}</dd>
          <dt>Cost</dt>
          <dd>
            {cost ? (
              <>
                {formatDollars(cost.costInDollars)}{' '}
                <span className="muted small">
                  {cost.model} · {formatCount(cost.inputTokens)} in ·{' '}
                  {formatCount(cost.completionTokens)} out
                </span>
              </>
            ) : (
              <span className="muted">No model calls</span>
            )}
          </dd>
          <dt>Version</dt>
          <dd>
            {run.testTraversalId ? (
              <Link to={paths.traversal(orgId, project.id, run.testTraversalId)}>
                replayed {replayed.data ? `v${replayed.data.version}` : 'version'}
              </Link>
            ) : (
              <span className="muted">none replayed</span>
            )}
            {run.producedTraversalId && (
              <>
                {' · '}
                <Link to={paths.traversal(orgId, project.id, run.producedTraversalId)}>
                  recorded a new version
                </Link>
              </>
            )}
          </dd>
          <dt>Batch</dt>
          <dd>
            <Link
              className="mono small"
              to={paths.runs(orgId, project.id, `batch=${encodeURIComponent(run.batchId)}`)}
            >
              {run.batchId}
            </Link>
            {run.attempt > 1 && <span className="muted small"> · attempt {run.attempt}</span>}
          </dd>
        </dl>
        {run.gifUrl && (
          <figure className="gif">
            <img src={run.gifUrl} alt={`Animated replay of the run of ${testCaseName}`} />
            <figcaption className="small">
              <a href={run.gifUrl} target="_blank" rel="noopener noreferrer">
                Open the GIF
              </a>
            </figcaption>
          </figure>
        )}
      </div>

      <section className="section" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        {history.length > 0 ? (
          <HistoryTimeline history={history} />
        ) : showLive && live.steps.length > 0 ? (
          <LiveTimeline steps={live.steps} />
        ) : (
          <EmptyState title={finished ? 'No action was executed' : 'No action yet'}>
            {finished
              ? 'The run ended before its first action; the failure above says why.'
              : 'Actions appear here as the run performs them.'}
          </EmptyState>
        )}
      </section>

      {live.logs.length > 0 && !finished && (
        <section className="section" aria-labelledby="log-title">
          <h2 id="log-title">Log</h2>
          <ol className="log-lines mono small">
            {live.logs.map((line, index) => (
              <li key={`${line.at}-${index}`} className={`log-${line.level}`}>
                {line.message}
              </li>
            ))}
          </ol>
        </section>
      )}

      <ConfirmDialog
        open={deleting}
        title="Delete this run?"
        confirmLabel="Delete run"
        busy={mutations.remove.isPending}
        onConfirm={() => mutations.remove.mutate()}
        onClose={() => setDeleting(false)}
      >
        <p>The run, its screenshots, its GIF and its cost record will be deleted.</p>
        <InlineError error={mutations.remove.error} />
      </ConfirmDialog>
    </div>
  );
}

export function RunPage() {
  const { orgId } = useOrg();
  const { runId = '' } = useParams();
  const api = useApi();
  const run = useQuery({
    queryKey: queryKeys.run(orgId, runId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/runs/{runId}', { params: { path: { orgId, runId } }, signal }),
      ),
  });
  return (
    <QueryView query={run} loadingLabel="Loading the run…">
      {(detail) => <RunView detail={detail} />}
    </QueryView>
  );
}
