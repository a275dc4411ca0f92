// Waits until a page has settled (document loaded, network idle, DOM quiet), never longer than a cap.
import type { Page, Request } from 'playwright-core';
import { cancelledError } from './cancellation.ts';
import { pageFunction } from './page-function.ts';

export const DEFAULT_SETTLE_CAP_MS = 5_000;
const DEFAULT_QUIET_MS = 200;
/** Requests pending longer than this are background traffic (long polling, streams), not loading. */
const BACKGROUND_REQUEST_MS = 10_000;
const IGNORED_RESOURCE_TYPES = new Set(['websocket', 'eventsource', 'media', 'manifest', 'other']);

interface NetworkTracker {
  readonly inflight: Map<Request, number>;
  lastChange: number;
  listeners: Set<() => void>;
}

const trackers = new WeakMap<Page, NetworkTracker>();

/**
 * Starts counting the page's in-flight requests (all its frames). Sessions call it for every new tab so
 * requests started before the first settle are counted too; calling it again is a no-op.
 */
export function trackPageNetwork(page: Page): void {
  if (trackers.has(page)) return;
  const tracker: NetworkTracker = {
    inflight: new Map(),
    lastChange: Date.now(),
    listeners: new Set(),
  };
  const changed = (): void => {
    tracker.lastChange = Date.now();
    for (const listener of tracker.listeners) listener();
  };
  page.on('request', (request) => {
    if (IGNORED_RESOURCE_TYPES.has(request.resourceType())) return;
    tracker.inflight.set(request, Date.now());
    changed();
  });
  const done = (request: Request): void => {
    if (tracker.inflight.delete(request)) changed();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  // A response without a body event (e.g. a redirect) still ends the request's loading phase.
  page.on('response', (response) => {
    if (response.status() >= 300 && response.status() < 400) done(response.request());
  });
  trackers.set(page, tracker);
}

function loadingRequests(tracker: NetworkTracker, now: number): number {
  let count = 0;
  for (const started of tracker.inflight.values())
    if (now - started < BACKGROUND_REQUEST_MS) count++;
  return count;
}

/** Resolves true once no request has been loading for quietMs, false at the deadline. */
function waitForNetworkIdle(
  tracker: NetworkTracker,
  quietMs: number,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: boolean | Error): void => {
      clearTimeout(timer);
      tracker.listeners.delete(check);
      signal?.removeEventListener('abort', onAbort);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onAbort = (): void => finish(cancelledError('waiting for the page to settle', signal));
    function check(): void {
      clearTimeout(timer);
      const now = Date.now();
      if (now >= deadline) return finish(false);
      const busy = loadingRequests(tracker, now) > 0;
      const idleFor = now - tracker.lastChange;
      if (!busy && idleFor >= quietMs) return finish(true);
      // Wake up when the quiet window would end, or when the oldest request turns into background traffic.
      const wait = busy ? Math.min(quietMs, deadline - now) : quietMs - idleFor;
      timer = setTimeout(check, Math.max(1, Math.min(wait, deadline - now)));
    }
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    tracker.listeners.add(check);
    check();
  });
}

/** In-page: resolves true when the DOM had no mutation for quietMs, false when timeoutMs passes first. */
const domQuietInPage = pageFunction(function domQuiet({
  quietMs,
  timeoutMs,
}: {
  quietMs: number;
  timeoutMs: number;
}): Promise<boolean> {
  return new Promise((resolve) => {
    let quietTimer = 0;
    const observer = new MutationObserver(() => {
      clearTimeout(quietTimer);
      quietTimer = window.setTimeout(done, quietMs, true);
    });
    const overall = window.setTimeout(done, timeoutMs, false);
    function done(result: boolean): void {
      observer.disconnect();
      clearTimeout(quietTimer);
      clearTimeout(overall);
      resolve(result);
    }
    observer.observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    quietTimer = window.setTimeout(done, quietMs, true);
  });
});

export interface SettleOptions {
  /** Upper bound for the whole wait (default 5 s). */
  capMs?: number;
  /** How long network and DOM must stay quiet (default 200 ms). */
  quietMs?: number;
  signal?: AbortSignal;
  /**
   * Called each time the document has loaded and the quiet windows begin (again after a navigation restarts
   * the wait): work that only reads the page may run alongside the wait from then on.
   */
  whileQuieting?: () => void;
}

export interface SettleResult {
  /** False when the cap was reached (e.g. a page that animates forever) or the page closed. */
  settled: boolean;
  reason: 'quiet' | 'cap' | 'closed';
  waitedMs: number;
}

function isNavigationRace(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /Execution context was destroyed|navigation|Target page, context or browser has been closed|frame was detached/i.test(
    message,
  );
}

/**
 * Waits for a settled page: the document is loaded, no request has been loading for `quietMs` and the DOM has
 * not changed for `quietMs` — capped at `capMs`, so a page that never goes quiet costs the cap, not a hang.
 * Throws BrowserError CANCELLED when the signal fires.
 */
export async function waitForSettledPage(
  page: Page,
  options: SettleOptions = {},
): Promise<SettleResult> {
  const started = Date.now();
  const capMs = options.capMs ?? DEFAULT_SETTLE_CAP_MS;
  const quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
  const deadline = started + capMs;
  const { signal } = options;
  const result = (settled: boolean, reason: SettleResult['reason']): SettleResult => ({
    settled,
    reason,
    waitedMs: Date.now() - started,
  });
  trackPageNetwork(page);
  const tracker = trackers.get(page);
  if (!tracker) return result(false, 'closed');
  for (;;) {
    if (signal?.aborted) throw cancelledError('waiting for the page to settle', signal);
    if (page.isClosed()) return result(false, 'closed');
    const remaining = deadline - Date.now();
    if (remaining <= 0) return result(false, 'cap');
    try {
      await page.waitForLoadState('domcontentloaded', { timeout: remaining, signal });
    } catch (error) {
      if (signal?.aborted) throw cancelledError('waiting for the page to settle', signal);
      if (page.isClosed()) return result(false, 'closed');
      if (!isNavigationRace(error)) return result(false, 'cap');
    }
    options.whileQuieting?.();
    // Both quiet windows run at once: the network's and the DOM's.
    const timeoutMs = Math.max(0, deadline - Date.now());
    const [networkIdle, dom] = await Promise.all([
      waitForNetworkIdle(tracker, quietMs, deadline, signal),
      page.evaluate(domQuietInPage, { quietMs, timeoutMs }).then(
        (quiet) => ({ quiet, error: null }),
        (error: unknown) => ({ quiet: false, error }),
      ),
    ]);
    if (dom.error !== null) {
      if (page.isClosed()) return result(false, 'closed');
      // A navigation replaced the document: start over on the new one.
      if (isNavigationRace(dom.error)) continue;
      throw dom.error;
    }
    if (!networkIdle || !dom.quiet) return result(false, 'cap');
    // Settled if no request started or ended while the DOM went quiet; otherwise go round again.
    const now = Date.now();
    if (loadingRequests(tracker, now) === 0 && now - tracker.lastChange >= quietMs)
      return result(true, 'quiet');
  }
}
