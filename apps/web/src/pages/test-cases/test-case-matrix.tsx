// The test case's matrix: each browser config with its latest recorded version and its latest run.
import type { BrowserConfig, Run, Traversal } from '../../api/api-types.ts';
import { Link } from 'react-router';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { formatDuration } from '../../lib/format.ts';
import { EmptyState } from '../../ui/page-state.tsx';
import { RelativeTime } from '../../ui/relative-time.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';

export interface MatrixRow {
  browserConfigId: string;
  config: BrowserConfig | undefined;
  linked: boolean;
  traversal: Traversal | undefined;
  run: Run | undefined;
}

/** Linked configs first (in link order), then configs that only have history. */
export function buildMatrix(
  linkedIds: string[],
  configs: Map<string, BrowserConfig>,
  traversals: Traversal[],
  runs: Run[],
): MatrixRow[] {
  const ids = [...linkedIds];
  for (const item of [...traversals, ...runs]) {
    if (!ids.includes(item.browserConfigId)) ids.push(item.browserConfigId);
  }
  return ids.map((browserConfigId) => ({
    browserConfigId,
    config: configs.get(browserConfigId),
    linked: linkedIds.includes(browserConfigId),
    // Both lists are newest first: the first match is the latest.
    traversal: traversals.find((t) => t.browserConfigId === browserConfigId),
    run: runs.find((r) => r.browserConfigId === browserConfigId),
  }));
}

export function TestCaseMatrix({
  projectId,
  rows,
  onRun,
}: {
  projectId: string;
  rows: MatrixRow[];
  onRun: ((browserConfigId: string) => void) | null;
}) {
  const { orgId } = useOrg();
  if (rows.length === 0) {
    return (
      <EmptyState title="No browser config">Link a browser config to run this test.</EmptyState>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data-table matrix">
        <caption className="visually-hidden">
          Browser configs, latest version and latest run
        </caption>
        <thead>
          <tr>
            <th scope="col">Browser config</th>
            <th scope="col">Latest version</th>
            <th scope="col">Latest run</th>
            {onRun && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.browserConfigId}>
              <th scope="row">
                {row.config?.name ?? <span className="mono">{row.browserConfigId}</span>}
                {!row.linked && <span className="badge badge-muted">not linked</span>}
              </th>
              <td>
                {row.traversal ? (
                  <Link to={paths.traversal(orgId, projectId, row.traversal.id)}>
                    v{row.traversal.version}
                  </Link>
                ) : (
                  <span className="muted">Not recorded yet</span>
                )}
                {row.traversal && (
                  <span className="muted small">
                    {' '}
                    · {row.traversal.verified ? 'verified' : 'unverified'} · {row.traversal.source}
                  </span>
                )}
              </td>
              <td>
                {row.run ? (
                  <span className="inline-items">
                    <Link to={paths.run(orgId, projectId, row.run.id)} className="plain-link">
                      <StatusBadge state={row.run.state} />
                    </Link>
                    <span className="muted small">
                      <RelativeTime iso={row.run.createdAt} /> ·{' '}
                      {formatDuration(row.run.durationMs)}
                    </span>
                  </span>
                ) : (
                  <span className="muted">Never run</span>
                )}
              </td>
              {onRun && (
                <td className="cell-actions">
                  {row.linked && (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => onRun(row.browserConfigId)}
                      aria-label={`Run on ${row.config?.name ?? row.browserConfigId}`}
                    >
                      Run
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
