// Runs as a table: state, test case, browser config, type, when, how long, and why it failed.
import { Link } from 'react-router';
import type { Run } from '../../api/api-types.ts';
import { byId, useBrowserConfigs } from '../../api/shared-queries.ts';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { formatDuration } from '../../lib/format.ts';
import { FAILURE_KIND_LABEL, RUN_STATE_LABEL } from '../../lib/run-labels.ts';
import { EmptyState } from '../../ui/page-state.tsx';
import { RelativeTime } from '../../ui/relative-time.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';

export function RunsTable({
  runs,
  projectId,
  testCaseNames,
  hideTestCase = false,
  emptyText = 'No runs match.',
}: {
  runs: Run[];
  projectId: string;
  testCaseNames: Map<string, string>;
  hideTestCase?: boolean;
  emptyText?: string;
}) {
  const { orgId } = useOrg();
  const configs = byId(useBrowserConfigs(orgId).data);
  if (runs.length === 0) return <EmptyState title={emptyText} />;
  return (
    <div className="table-wrap">
      <table className="data-table runs-table">
        <caption className="visually-hidden">Runs</caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            {!hideTestCase && <th scope="col">Test case</th>}
            <th scope="col">Browser</th>
            <th scope="col">Type</th>
            <th scope="col">Triggered</th>
            <th scope="col">Duration</th>
            <th scope="col">Failure</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const testCaseName = testCaseNames.get(run.testCaseId) ?? 'a deleted test case';
            const configName = configs.get(run.browserConfigId)?.name ?? run.browserConfigId;
            return (
              <tr key={run.id} data-run-id={run.id} data-state={run.state}>
                <td>
                  <Link
                    to={paths.run(orgId, projectId, run.id)}
                    className="plain-link"
                    aria-label={`${RUN_STATE_LABEL[run.state]} run of ${testCaseName} on ${configName}`}
                  >
                    <StatusBadge state={run.state} />
                  </Link>
                </td>
                {!hideTestCase && (
                  <td>
                    <Link to={paths.testCase(orgId, projectId, run.testCaseId)}>
                      {testCaseName}
                    </Link>
                  </td>
                )}
                <td className="small">{configName}</td>
                <td className="small">
                  {run.runType ?? <span className="muted">{run.mode}</span>}
                  {run.repairWasNeeded && <span className="badge badge-warn">repaired</span>}
                  {run.attempt > 1 && (
                    <span className="badge badge-muted">attempt {run.attempt}</span>
                  )}
                </td>
                <td className="small">
                  <RelativeTime iso={run.createdAt} />
                </td>
                <td className="small num">{formatDuration(run.durationMs)}</td>
                <td className="small failure-cell" title={run.failureMessage ?? undefined}>
                  {run.failureKind ? FAILURE_KIND_LABEL[run.failureKind] : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
