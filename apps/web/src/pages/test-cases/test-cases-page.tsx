// A project's test cases: tag chips in their colours, filters by tag and search (in the URL), last run state.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { unwrap } from '../../api/api-client.ts';
import type { Run } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { byId, useBrowserConfigs, useTags } from '../../api/shared-queries.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { plural } from '../../lib/format.ts';
import { canEdit } from '../../lib/run-labels.ts';
import { parseTestCaseFilters, testCaseFiltersToSearch } from '../../lib/url-filters.ts';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, ErrorState, Loading } from '../../ui/page-state.tsx';
import { RelativeTime } from '../../ui/relative-time.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { TagChip, TagChips } from '../../ui/tag-chip.tsx';
import { useCurrentProject } from '../projects/project-layout.tsx';
import { type RunSelection, TriggerRunsDialog } from '../runs/trigger-runs-dialog.tsx';
import { useProjectRunEvents } from '../runs/use-run-streams.ts';

const PAGE_SIZE = 50;
const RECENT_RUNS = 200;

/** The newest run of each test case among the project's recent runs. */
function latestRunByTestCase(runs: Run[] | undefined): Map<string, Run> {
  const latest = new Map<string, Run>();
  for (const run of runs ?? []) if (!latest.has(run.testCaseId)) latest.set(run.testCaseId, run);
  return latest;
}

export function TestCasesPage() {
  const { orgId, role } = useOrg();
  const project = useCurrentProject();
  useDocumentTitle('Test cases', project.name);
  const api = useApi();
  const [search, setSearch] = useSearchParams();
  const filters = parseTestCaseFilters(search);
  const [text, setText] = useState(filters.q ?? '');
  const [running, setRunning] = useState<RunSelection | null>(null);
  const tags = useTags(orgId, project.id);
  const browserConfigs = useBrowserConfigs(orgId);
  const tagsById = byId(tags.data);
  useProjectRunEvents(orgId, project.id);

  // The search box writes to the URL after a pause in typing, so links share the filtered list.
  const { tag: tagFilter, q: queryFilter } = filters;
  const written = useRef(queryFilter ?? '');
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((queryFilter ?? '') === text.trim()) return;
      written.current = text.trim();
      setSearch(testCaseFiltersToSearch({ tag: tagFilter, q: text }), { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [text, tagFilter, queryFilter, setSearch]);
  // Back and forward change the URL: the box follows.
  useEffect(() => {
    if ((queryFilter ?? '') !== written.current) setText(queryFilter ?? '');
    written.current = queryFilter ?? '';
  }, [queryFilter]);

  const apiFilters = useMemo(
    () => ({
      ...(filters.tag ? { tagId: filters.tag } : {}),
      ...(filters.q ? { search: filters.q } : {}),
    }),
    [filters.tag, filters.q],
  );
  const testCases = useInfiniteQuery({
    queryKey: queryKeys.testCases(orgId, project.id, apiFilters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/projects/{projectId}/test-cases', {
          params: {
            path: { orgId, projectId: project.id },
            query: { limit: PAGE_SIZE, ...apiFilters, ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const recentRuns = useQuery({
    queryKey: queryKeys.runs(orgId, project.id, { limit: RECENT_RUNS }),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/projects/{projectId}/runs', {
          params: { path: { orgId, projectId: project.id }, query: { limit: RECENT_RUNS } },
          signal,
        }),
      ),
  });
  const latestRuns = latestRunByTestCase(recentRuns.data?.items);
  const items = testCases.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(filters.tag || filters.q);

  const setTag = (tag: string | undefined) =>
    setSearch(testCaseFiltersToSearch({ ...filters, tag }), { replace: true });

  return (
    <div className="page">
      <PageHeader
        crumbs={[{ label: 'Projects', to: paths.org(orgId) }, { label: project.name }]}
        title="Test cases"
        description={
          <span className="mono small" title="Base URL of the application under test">
            {project.defaultUrlRoute}
          </span>
        }
        actions={
          canEdit(role) && (
            <>
              <button
                type="button"
                className="button"
                onClick={() =>
                  setRunning(
                    filters.tag ? { kind: 'tags', tagIds: [filters.tag] } : { kind: 'all' },
                  )
                }
              >
                Run…
              </button>
              <Link className="button button-primary" to={paths.newTestCase(orgId, project.id)}>
                New test case
              </Link>
            </>
          )
        }
      />
      <div className="toolbar" role="search">
        <label className="search-box">
          <span className="visually-hidden">Search test cases by name</span>
          <input
            type="search"
            placeholder="Search by name…"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <div className="chip-filter" role="group" aria-label="Filter by tag">
          <button
            type="button"
            className="chip-button"
            aria-pressed={!filters.tag}
            onClick={() => setTag(undefined)}
          >
            All tags
          </button>
          {(tags.data ?? []).map((tag) => (
            <button
              key={tag.id}
              type="button"
              className="chip-button"
              aria-pressed={filters.tag === tag.id}
              onClick={() => setTag(filters.tag === tag.id ? undefined : tag.id)}
            >
              <TagChip tag={tag} />
            </button>
          ))}
        </div>
      </div>
      {testCases.isPending ? (
        <Loading label="Loading test cases…" />
      ) : testCases.error ? (
        <ErrorState error={testCases.error} onRetry={() => void testCases.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={filtered ? 'No test case matches' : 'No test cases yet'}>
          {filtered
            ? 'Try another tag or search.'
            : canEdit(role)
              ? 'Describe a test in plain language: the agent performs it once, later runs replay it.'
              : 'A member of the organization can create one.'}
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">Test cases</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Tags</th>
                  <th scope="col">URL</th>
                  <th scope="col">Browsers</th>
                  <th scope="col">Last run</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {items.map((testCase) => {
                  const last = latestRuns.get(testCase.id);
                  const configNames = testCase.browserConfigIds
                    .map(
                      (id) => browserConfigs.data?.find((config) => config.id === id)?.name ?? id,
                    )
                    .join(', ');
                  return (
                    <tr key={testCase.id}>
                      <td>
                        <Link to={paths.testCase(orgId, project.id, testCase.id)}>
                          {testCase.name}
                        </Link>
                      </td>
                      <td>
                        <TagChips
                          tags={testCase.tagIds.flatMap((id) => {
                            const tag = tagsById.get(id);
                            return tag ? [tag] : [];
                          })}
                        />
                      </td>
                      <td className="mono small truncate-cell" title={testCase.urlRoute}>
                        {testCase.urlRoute}
                      </td>
                      <td className="small" title={configNames}>
                        {plural(testCase.browserConfigIds.length, 'config')}
                      </td>
                      <td>
                        {last ? (
                          <Link to={paths.run(orgId, project.id, last.id)} className="plain-link">
                            <StatusBadge state={last.state} />
                          </Link>
                        ) : (
                          <span className="muted small">Never run</span>
                        )}
                      </td>
                      <td className="small">
                        <RelativeTime iso={testCase.updatedAt} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {testCases.hasNextPage && (
            <button
              type="button"
              className="button load-more"
              disabled={testCases.isFetchingNextPage}
              onClick={() => void testCases.fetchNextPage()}
            >
              {testCases.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
      {running && (
        <TriggerRunsDialog
          open
          projectId={project.id}
          initial={running}
          onClose={() => setRunning(null)}
        />
      )}
    </div>
  );
}
