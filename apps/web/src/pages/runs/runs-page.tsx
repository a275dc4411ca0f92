// A project's runs, filtered by state, type, tag, test case, browser, batch and time (all in the URL), kept live.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { unwrap } from '../../api/api-client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useAllTestCases, useBrowserConfigs, useTags } from '../../api/shared-queries.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { canEdit, RUN_STATE_LABEL, RUN_STATES } from '../../lib/run-labels.ts';
import {
  parseRunFilters,
  type RunFilters,
  runFiltersToQuery,
  runFiltersToSearch,
  TIME_RANGES,
} from '../../lib/url-filters.ts';
import { PageHeader } from '../../ui/page-header.tsx';
import { ErrorState, Loading } from '../../ui/page-state.tsx';
import { useCurrentProject } from '../projects/project-layout.tsx';
import { RunsTable } from './runs-table.tsx';
import { TriggerRunsDialog } from './trigger-runs-dialog.tsx';
import { useProjectRunEvents } from './use-run-streams.ts';

const PAGE_SIZE = 50;
const RANGE_LABEL: Record<(typeof TIME_RANGES)[number], string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
};

export function RunsPage() {
  const { orgId, role } = useOrg();
  const project = useCurrentProject();
  useDocumentTitle('Runs', project.name);
  const api = useApi();
  const [search, setSearch] = useSearchParams();
  const filters = parseRunFilters(search);
  const [running, setRunning] = useState(false);
  const tags = useTags(orgId, project.id);
  const testCases = useAllTestCases(orgId, project.id);
  const configs = useBrowserConfigs(orgId);
  const live = useProjectRunEvents(orgId, project.id);
  const filterKey = runFiltersToSearch(filters).toString();
  // The range counts back from when the filter was chosen, so the query key stays stable between renders.
  const query = useMemo(
    () => runFiltersToQuery(parseRunFilters(new URLSearchParams(filterKey)), new Date()),
    [filterKey],
  );
  const runs = useInfiniteQuery({
    queryKey: queryKeys.runs(orgId, project.id, query),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/projects/{projectId}/runs', {
          params: {
            path: { orgId, projectId: project.id },
            query: { ...query, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

  const update = (patch: Partial<RunFilters>) => {
    const next = { ...filters, ...patch };
    for (const key of Object.keys(patch) as Array<keyof RunFilters>) {
      if (!patch[key]) delete next[key];
    }
    setSearch(runFiltersToSearch(next), { replace: true });
  };
  const names = new Map((testCases.data ?? []).map((testCase) => [testCase.id, testCase.name]));
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="page">
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.org(orgId) },
          { label: project.name, to: paths.testCases(orgId, project.id) },
        ]}
        title="Runs"
        description={
          <span className={`live-indicator${live ? ' on' : ''}`} role="status">
            {live ? 'Live' : 'Not live: reconnecting…'}
          </span>
        }
        actions={
          canEdit(role) && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => setRunning(true)}
            >
              Run…
            </button>
          )
        }
      />
      <form className="filters" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>State</span>
          <select
            value={filters.state ?? ''}
            onChange={(e) =>
              update({ state: (e.target.value || undefined) as RunFilters['state'] })
            }
          >
            <option value="">Any state</option>
            {RUN_STATES.map((state) => (
              <option key={state} value={state}>
                {RUN_STATE_LABEL[state]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Type</span>
          <select
            value={filters.type ?? ''}
            onChange={(e) => update({ type: (e.target.value || undefined) as RunFilters['type'] })}
          >
            <option value="">Any type</option>
            <option value="REPLAY">Replay</option>
            <option value="AGENTIC">Agentic</option>
          </select>
        </label>
        <label>
          <span>Tag</span>
          <select
            value={filters.tag ?? ''}
            onChange={(e) => update({ tag: e.target.value || undefined })}
          >
            <option value="">Any tag</option>
            {(tags.data ?? []).map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Test case</span>
          <select
            value={filters.testCase ?? ''}
            onChange={(e) => update({ testCase: e.target.value || undefined })}
          >
            <option value="">Any test case</option>
            {(testCases.data ?? []).map((testCase) => (
              <option key={testCase.id} value={testCase.id}>
                {testCase.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Browser</span>
          <select
            value={filters.browserConfig ?? ''}
            onChange={(e) => update({ browserConfig: e.target.value || undefined })}
          >
            <option value="">Any browser</option>
            {(configs.data ?? []).map((config) => (
              <option key={config.id} value={config.id}>
                {config.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>When</span>
          <select
            value={filters.range ?? ''}
            onChange={(e) =>
              update({ range: (e.target.value || undefined) as RunFilters['range'] })
            }
          >
            <option value="">Any time</option>
            {TIME_RANGES.map((range) => (
              <option key={range} value={range}>
                {RANGE_LABEL[range]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Order</span>
          <select
            value={filters.sort ?? 'newest'}
            onChange={(e) => update({ sort: e.target.value === 'oldest' ? 'oldest' : undefined })}
          >
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </label>
        {filters.batch && (
          <p className="filter-chip">
            Batch <span className="mono">{filters.batch}</span>
            <button
              type="button"
              className="icon-button"
              aria-label="Show all batches"
              onClick={() => update({ batch: undefined })}
            >
              ×
            </button>
          </p>
        )}
      </form>
      {runs.isPending ? (
        <Loading label="Loading runs…" />
      ) : runs.error ? (
        <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
      ) : (
        <>
          <RunsTable
            runs={items}
            projectId={project.id}
            testCaseNames={names}
            emptyText={filterKey ? 'No run matches these filters.' : 'No runs yet.'}
          />
          {runs.hasNextPage && (
            <button
              type="button"
              className="button load-more"
              disabled={runs.isFetchingNextPage}
              onClick={() => void runs.fetchNextPage()}
            >
              {runs.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
      {running && (
        <TriggerRunsDialog
          open
          projectId={project.id}
          initial={filters.tag ? { kind: 'tags', tagIds: [filters.tag] } : { kind: 'all' }}
          onClose={() => setRunning(false)}
        />
      )}
    </div>
  );
}
