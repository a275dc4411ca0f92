import { describe, expect, it } from 'vitest';
import { computeBackoffDelay, computeRetryDelay, parseRetryAfter, sleep } from './retry-delay.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');

  it('reads seconds, OpenAI milliseconds and HTTP dates', () => {
    expect(parseRetryAfter({ 'retry-after': '3' }, now)).toBe(3_000);
    expect(parseRetryAfter({ 'retry-after': '0.5' }, now)).toBe(500);
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(parseRetryAfter({ 'retry-after': 'Tue, 24 Nov 2026 12:00:07 GMT' }, now)).toBe(7_000);
  });

  it('ignores missing, negative and unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': '-1' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after-ms': 'x', 'retry-after': '2' }, now)).toBe(2_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfter({ 'retry-after': 'Tue, 24 Nov 2026 11:00:00 GMT' }, now)).toBe(0);
  });
});

describe('computeBackoffDelay', () => {
  const policy = { baseDelayMs: 1_000, maxDelayMs: 10_000 };

  it('doubles with each retry, between half and all of the exponential delay', () => {
    expect(computeBackoffDelay(0, policy, () => 0)).toBe(500);
    expect(computeBackoffDelay(0, policy, () => 1)).toBe(1_000);
    expect(computeBackoffDelay(2, policy, () => 0)).toBe(2_000);
    expect(computeBackoffDelay(2, policy, () => 1)).toBe(4_000);
  });

  it('never exceeds the maximum delay', () => {
    expect(computeBackoffDelay(30, policy, () => 1)).toBe(10_000);
  });

  it('lets Retry-After win over backoff, capped at the maximum delay', () => {
    expect(computeRetryDelay(0, policy, 3_000, () => 0)).toBe(3_000);
    expect(computeRetryDelay(0, policy, 60_000, () => 0)).toBe(10_000);
    expect(computeRetryDelay(1, policy, undefined, () => 0)).toBe(1_000);
  });
});

describe('sleep', () => {
  it('rejects with the reason as soon as its signal aborts', async () => {
    const controller = new AbortController();
    const waiting = sleep(600_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('rejects at once when the signal has already aborted', async () => {
    await expect(sleep(600_000, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });

  it('resolves after the delay', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
