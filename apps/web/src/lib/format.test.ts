import { describe, expect, it } from 'vitest';
import {
  formatAbsoluteTime,
  formatCount,
  formatDollars,
  formatDuration,
  formatRelativeTime,
  plural,
  shortId,
} from './format.ts';

describe('formatDuration', () => {
  it('reads milliseconds, seconds, minutes and hours the way people say them', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4_260)).toBe('4.2 s');
    expect(formatDuration(42_900)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_780_000)).toBe('1 h 03 min');
  });

  it('shows a dash for unknown or nonsensical durations', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('formatRelativeTime', () => {
  const now = new Date('2025-06-10T12:00:00.000Z');

  it('says how long ago, in the largest unit that fits', () => {
    expect(formatRelativeTime('2025-06-10T11:59:55.000Z', now)).toBe('just now');
    expect(formatRelativeTime('2025-06-10T11:59:30.000Z', now)).toBe('30 seconds ago');
    expect(formatRelativeTime('2025-06-10T11:55:00.000Z', now)).toBe('5 minutes ago');
    expect(formatRelativeTime('2025-06-10T09:00:00.000Z', now)).toBe('3 hours ago');
    expect(formatRelativeTime('2025-06-09T12:00:00.000Z', now)).toBe('yesterday');
    expect(formatRelativeTime('2025-05-27T12:00:00.000Z', now)).toBe('2 weeks ago');
    expect(formatRelativeTime('2024-06-10T12:00:00.000Z', now)).toBe('last year');
  });

  it('handles the future and missing values', () => {
    expect(formatRelativeTime('2025-06-10T14:00:00.000Z', now)).toBe('in 2 hours');
    expect(formatRelativeTime(null, now)).toBe('—');
    expect(formatRelativeTime('not a date', now)).toBe('—');
  });
});

describe('formatAbsoluteTime', () => {
  it('gives the full date and time in the requested zone', () => {
    expect(formatAbsoluteTime('2025-11-24T19:05:03.000Z', 'UTC')).toBe('24 Nov 2025, 19:05:03');
    expect(formatAbsoluteTime('2025-11-24T19:05:03.000Z', 'Europe/Paris')).toBe(
      '24 Nov 2025, 20:05:03',
    );
  });
});

describe('formatDollars', () => {
  it('keeps cents for dollars and more digits for fractions of a cent', () => {
    expect(formatDollars(12.345)).toBe('$12.35');
    expect(formatDollars(0.123)).toBe('$0.123');
    expect(formatDollars(0.0042)).toBe('$0.0042');
    expect(formatDollars(0.00001)).toBe('<$0.0001');
    expect(formatDollars(0)).toBe('$0.00');
    expect(formatDollars(null)).toBe('—');
  });
});

describe('formatCount', () => {
  it('abbreviates thousands and millions', () => {
    expect(formatCount(950)).toBe('950');
    expect(formatCount(12_345)).toBe('12.3k');
    expect(formatCount(2_000)).toBe('2k');
    expect(formatCount(4_520_000)).toBe('4.5M');
  });
});

describe('shortId and plural', () => {
  it('shortens long ids and keeps short ones', () => {
    expect(shortId('cm5x8k2ab0000qz8h3f1d2e4g')).toBe('cm5x8k…2e4g');
    expect(shortId('builtin-1')).toBe('builtin-1');
  });

  it('pluralises counts', () => {
    expect(plural(1, 'run')).toBe('1 run');
    expect(plural(3, 'run')).toBe('3 runs');
    expect(plural(2, 'match', 'matches')).toBe('2 matches');
  });
});
