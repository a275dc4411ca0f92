// LLM costs of a project over a period: totals, per day, per model and per test case, as charts.
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { unwrap } from '../../api/api-client.ts';
import type { CostGroupBy, CostTotals } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { daysBetween } from '../../lib/chart-scale.ts';
import { formatCount, formatDollars, plural } from '../../lib/format.ts';
import { parseTimeRange, rangeStart, type TimeRange } from '../../lib/url-filters.ts';
import { BarList, type ChartDatum, ColumnChart } from '../../ui/bar-chart.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, ErrorState, Loading } from '../../ui/page-state.tsx';
import { useCurrentProject } from '../projects/project-layout.tsx';

const RANGES: Array<{ value: TimeRange; label: string }> = [
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
];
const GROUPS: CostGroupBy[] = ['day', 'model', 'test_case'];

function dayData(totals: CostTotals): ChartDatum[] {
  const byDay = new Map(totals.totals.map((total) => [total.key, total.costInDollars]));
  return daysBetween(new Date(totals.from), new Date(totals.to), totals.timeZone).map((day) => ({
    key: day,
    label: day.slice(5),
    value: byDay.get(day) ?? 0,
  }));
}

function listData(totals: CostTotals): ChartDatum[] {
  return totals.totals.map((total) => ({
    key: total.key,
    label: total.label,
    value: total.costInDollars,
  }));
}

export function CostsPage() {
  const { orgId } = useOrg();
  const project = useCurrentProject();
  useDocumentTitle('Costs', project.name);
  const api = useApi();
  const [search, setSearch] = useSearchParams();
  const range = parseTimeRange(search, '30d');
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const from = useMemo(() => rangeStart(range, new Date()).toISOString(), [range]);
  const results = useQueries({
    queries: GROUPS.map((groupBy) => ({
      queryKey: queryKeys.costs(orgId, project.id, groupBy, from, timeZone),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(
          api.GET('/api/orgs/{orgId}/projects/{projectId}/costs', {
            params: { path: { orgId, projectId: project.id }, query: { groupBy, from, timeZone } },
            signal,
          }),
        ),
    })),
  });
  const [days, models, testCases] = results;
  const failed = results.find((result) => result.error);
  const pending = results.some((result) => result.isPending);

  return (
    <div className="page">
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.org(orgId) },
          { label: project.name, to: paths.testCases(orgId, project.id) },
        ]}
        title="Costs"
        description="What the model calls of agentic runs and repairs cost. Replays cost nothing."
        actions={
          <label className="inline-field">
            <span className="visually-hidden">Period</span>
            <select
              value={range}
              onChange={(event) => setSearch({ range: event.target.value }, { replace: true })}
            >
              {RANGES.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        }
      />
      {pending ? (
        <Loading label="Loading costs…" />
      ) : failed ? (
        <ErrorState
          error={failed.error}
          onRetry={() => results.forEach((result) => void result.refetch())}
        />
      ) : days?.data && models?.data && testCases?.data ? (
        <>
          <ul className="stat-tiles" aria-label="Totals">
            <li className="stat-tile">
              <span className="stat-label">Total</span>
              <span className="stat-value">{formatDollars(days.data.sum.costInDollars)}</span>
            </li>
            <li className="stat-tile">
              <span className="stat-label">Runs with model calls</span>
              <span className="stat-value">{days.data.sum.runs}</span>
            </li>
            <li className="stat-tile">
              <span className="stat-label">Input tokens</span>
              <span className="stat-value">{formatCount(days.data.sum.inputTokens)}</span>
            </li>
            <li className="stat-tile">
              <span className="stat-label">Output tokens</span>
              <span className="stat-value">{formatCount(days.data.sum.completionTokens)}</span>
            </li>
          </ul>
          {days.data.sum.runs === 0 ? (
            <EmptyState title="No model costs in this period">
              Replays run without a model. Costs appear when the agent records or repairs a test.
            </EmptyState>
          ) : (
            <>
              <section className="section" aria-labelledby="cost-days">
                <h2 id="cost-days">Per day</h2>
                <ColumnChart
                  title="Cost per day"
                  data={dayData(days.data)}
                  formatValue={formatDollars}
                />
              </section>
              <div className="detail-grid">
                <section className="panel" aria-labelledby="cost-models">
                  <h2 id="cost-models">Per model</h2>
                  <BarList
                    title="Cost per model"
                    data={listData(models.data)}
                    formatValue={formatDollars}
                    describe={(datum) =>
                      plural(models.data.totals.find((t) => t.key === datum.key)?.runs ?? 0, 'run')
                    }
                  />
                </section>
                <section className="panel" aria-labelledby="cost-tests">
                  <h2 id="cost-tests">Per test case</h2>
                  <BarList
                    title="Cost per test case"
                    data={listData(testCases.data)}
                    formatValue={formatDollars}
                    describe={(datum) =>
                      plural(
                        testCases.data.totals.find((t) => t.key === datum.key)?.runs ?? 0,
                        'run',
                      )
                    }
                  />
                </section>
              </div>
            </>
          )}
        </>
      ) : null}
    </div>
  );
}
