import { describe, expect, it } from 'vitest';
import { daysBetween, niceMax, ticks } from './chart-scale.ts';

describe('niceMax', () => {
  it('rounds up to a readable axis maximum', () => {
    expect(niceMax(0.0137)).toBe(0.02);
    expect(niceMax(0.42)).toBe(0.5);
    expect(niceMax(1)).toBe(1);
    expect(niceMax(2.2)).toBe(2.5);
    expect(niceMax(730)).toBe(1000);
    expect(niceMax(0)).toBe(1);
  });
});

describe('ticks', () => {
  it('spaces ticks evenly from zero', () => {
    expect(ticks(2, 4)).toEqual([0, 0.5, 1, 1.5, 2]);
  });
});

describe('daysBetween', () => {
  it('lists each calendar day of the range in the given time zone', () => {
    const from = new Date('2025-03-01T00:00:00.000Z');
    const to = new Date('2025-03-04T00:00:00.000Z');
    expect(daysBetween(from, to, 'UTC')).toEqual(['2025-03-01', '2025-03-02', '2025-03-03']);
    expect(daysBetween(from, to, 'America/New_York')).toEqual([
      '2025-02-28',
      '2025-03-01',
      '2025-03-02',
      '2025-03-03',
    ]);
  });
});
