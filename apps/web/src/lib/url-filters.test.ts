import { describe, expect, it } from 'vitest';
import {
  parseRunFilters,
  parseTestCaseFilters,
  parseTimeRange,
  runFiltersToQuery,
  runFiltersToSearch,
  testCaseFiltersToSearch,
} from './url-filters.ts';

describe('run filters in the URL', () => {
  it('round-trips every filter through the query string in a stable order', () => {
    const filters = parseRunFilters(
      new URLSearchParams(
        'sort=oldest&state=FAILED&type=REPLAY&tag=t1&testCase=c1&range=7d&batch=ci-42',
      ),
    );
    expect(filters).toEqual({
      state: 'FAILED',
      type: 'REPLAY',
      tag: 't1',
      testCase: 'c1',
      batch: 'ci-42',
      range: '7d',
      sort: 'oldest',
    });
    expect(runFiltersToSearch(filters).toString()).toBe(
      'state=FAILED&type=REPLAY&tag=t1&testCase=c1&batch=ci-42&range=7d&sort=oldest',
    );
  });

  it('drops unknown or malformed values instead of failing', () => {
    expect(
      parseRunFilters(
        new URLSearchParams('state=BROKEN&type=x&tag=../../etc&range=1y&sort=newest'),
      ),
    ).toEqual({});
  });

  it('maps the filters to the API query, counting the range back from now', () => {
    const now = new Date('2025-06-10T12:00:00.000Z');
    expect(runFiltersToQuery({ state: 'PASSED', tag: 't1', range: '24h' }, now)).toEqual({
      state: 'PASSED',
      tagId: 't1',
      from: '2025-06-09T12:00:00.000Z',
    });
  });
});

describe('test case filters in the URL', () => {
  it('keeps a tag and a trimmed search', () => {
    const filters = parseTestCaseFilters(new URLSearchParams('tag=smoke1&q=%20checkout%20'));
    expect(filters).toEqual({ tag: 'smoke1', q: 'checkout' });
    expect(testCaseFiltersToSearch(filters).toString()).toBe('tag=smoke1&q=checkout');
  });

  it('ignores an empty search', () => {
    expect(parseTestCaseFilters(new URLSearchParams('q=%20%20'))).toEqual({});
  });
});

describe('parseTimeRange', () => {
  it('falls back when the range is missing or unknown', () => {
    expect(parseTimeRange(new URLSearchParams('range=90d'), '30d')).toBe('90d');
    expect(parseTimeRange(new URLSearchParams('range=5y'), '30d')).toBe('30d');
  });
});
