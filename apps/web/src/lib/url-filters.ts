// Filters that live in the URL (shareable links): parsed strictly, written in a stable order, mapped to API queries.
import type { RunListQuery, RunState } from '../api/api-types.ts';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const RUN_STATES: readonly RunState[] = ['QUEUED', 'RUNNING', 'PASSED', 'FAILED'];
const RUN_TYPES = ['AGENTIC', 'REPLAY'] as const;
export const TIME_RANGES = ['24h', '7d', '30d', '90d'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

const RANGE_MS: Record<TimeRange, number> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
};

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

function id(value: string | null): string | undefined {
  return value !== null && ID.test(value) ? value : undefined;
}

export interface RunFilters {
  state?: RunState;
  type?: (typeof RUN_TYPES)[number];
  tag?: string;
  testCase?: string;
  browserConfig?: string;
  batch?: string;
  range?: TimeRange;
  sort?: 'newest' | 'oldest';
}

const RUN_FILTER_ORDER: ReadonlyArray<keyof RunFilters> = [
  'state',
  'type',
  'tag',
  'testCase',
  'browserConfig',
  'batch',
  'range',
  'sort',
];

/** Unknown or malformed values are dropped: a hand-edited link never breaks the page. */
export function parseRunFilters(search: URLSearchParams): RunFilters {
  const batch = search.get('batch');
  const filters: RunFilters = {
    state: oneOf(search.get('state'), RUN_STATES),
    type: oneOf(search.get('type'), RUN_TYPES),
    tag: id(search.get('tag')),
    testCase: id(search.get('testCase')),
    browserConfig: id(search.get('browserConfig')),
    batch: batch !== null && batch.length > 0 && batch.length <= 100 ? batch : undefined,
    range: oneOf(search.get('range'), TIME_RANGES),
    sort: oneOf(search.get('sort'), ['newest', 'oldest'] as const),
  };
  if (filters.sort === 'newest') delete filters.sort;
  return dropUndefined(filters);
}

export function runFiltersToSearch(filters: RunFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of RUN_FILTER_ORDER) {
    const value = filters[key];
    if (value !== undefined && value !== '' && !(key === 'sort' && value === 'newest')) {
      search.set(key, value);
    }
  }
  return search;
}

/** The API query for the filters; `range` becomes `from`, counted back from `now`. */
export function runFiltersToQuery(filters: RunFilters, now: Date): RunListQuery {
  const query: RunListQuery = {};
  if (filters.state) query.state = filters.state;
  if (filters.type) query.type = filters.type;
  if (filters.tag) query.tagId = filters.tag;
  if (filters.testCase) query.testCaseId = filters.testCase;
  if (filters.browserConfig) query.browserConfigId = filters.browserConfig;
  if (filters.batch) query.batchId = filters.batch;
  if (filters.range) query.from = new Date(now.getTime() - RANGE_MS[filters.range]).toISOString();
  if (filters.sort) query.sort = filters.sort;
  return query;
}

export function rangeStart(range: TimeRange, now: Date): Date {
  return new Date(now.getTime() - RANGE_MS[range]);
}

export interface TestCaseFilters {
  tag?: string;
  q?: string;
}

export function parseTestCaseFilters(search: URLSearchParams): TestCaseFilters {
  const q = search.get('q')?.trim();
  return dropUndefined({
    tag: id(search.get('tag')),
    q: q && q.length <= 200 ? q : undefined,
  });
}

export function testCaseFiltersToSearch(filters: TestCaseFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.tag) search.set('tag', filters.tag);
  if (filters.q?.trim()) search.set('q', filters.q.trim());
  return search;
}

export function parseTimeRange(search: URLSearchParams, fallback: TimeRange): TimeRange {
  return oneOf(search.get('range'), TIME_RANGES) ?? fallback;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
