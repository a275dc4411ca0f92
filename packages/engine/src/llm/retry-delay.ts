// How long to wait before retrying a provider call: Retry-After headers, exponential backoff with jitter, cancellable sleep.

export interface RetryPolicy {
  /** Retries after provider errors (429, 5xx, network, timeout); 0 disables them. */
  maxRetries: number;
  /** Backoff before the first retry; doubles with each further retry. */
  baseDelayMs: number;
  /** Upper bound of any wait, a server's Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
});

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The server's requested wait in ms, from `retry-after-ms` (OpenAI) or `retry-after` (seconds or an HTTP date),
 * or undefined when there is none or it cannot be read. Header names are expected lower-case, as fetch gives them.
 */
export function parseRetryAfter(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  now: number,
): number | undefined {
  if (headers === undefined) return undefined;
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers['retry-after'];
  if (after === undefined || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with "equal jitter": half of the delay is fixed, half random, so concurrent runs hitting the
 * same rate limit spread out while each still waits long enough. `retryIndex` is 0 for the first retry.
 */
export function computeBackoffDelay(
  retryIndex: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** A server's Retry-After wins over our backoff (it knows its limits), but never beyond `maxDelayMs`. */
export function computeRetryDelay(
  retryIndex: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  retryAfterMs: number | undefined,
  random?: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  return computeBackoffDelay(retryIndex, policy, random);
}
