// Helpers that make slow browser work stop when an AbortSignal fires.
import { BrowserError } from './browser-errors.ts';

export function cancelledError(what: string, signal?: AbortSignal): BrowserError {
  return new BrowserError('CANCELLED', `${what} was cancelled`, { cause: signal?.reason });
}

export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelledError(what, signal);
}

/**
 * Waits for `work`, but rejects with CANCELLED as soon as the signal fires. A result that arrives after
 * cancellation is handed to `cleanUp` (e.g. to close a browser that finished launching), and the rejection
 * waits for that clean-up so nothing is left running once this returns.
 */
export async function raceWithSignal<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  what: string,
  cleanUp?: (late: T) => Promise<void>,
): Promise<T> {
  if (!signal) return work;
  if (!signal.aborted) {
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<'aborted'>((resolve) => {
      onAbort = () => resolve('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const winner = await Promise.race([work.then((value) => ({ value })), aborted]);
      if (winner !== 'aborted') return winner.value;
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }
  const late = await work.then(
    (value) => ({ value }),
    () => undefined,
  );
  if (late && cleanUp) await cleanUp(late.value).catch(() => undefined);
  throw cancelledError(what, signal);
}

/** A signal that fires when any of the given signals fires (undefined entries are ignored). */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
