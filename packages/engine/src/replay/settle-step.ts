// The settled-page wait after a replayed action: measured from the action's own effects, so a quiet page costs no wait.
import type { Frame, Page, Request } from 'playwright-core';
import type { ActionType } from '../actions/action-schema.ts';
import { activePage, type BrowserSession } from '../browser/browser-session.ts';
import { cancelledError } from '../browser/cancellation.ts';
import { pageFunction } from '../browser/page-function.ts';
import { waitForSettledPage } from '../browser/settle-page.ts';

/** Actions after which the page may still be changing (as executeAction defines them). */
const CHANGES_PAGE = new Set<ActionType>([
  'navigate',
  'click',
  'input_text',
  'select_option',
  'press_keys',
  'scroll',
  'hover',
  'go_back',
  'switch_tab',
  'upload_file',
]);

export function changesPage(type: ActionType): boolean {
  return CHANGES_PAGE.has(type);
}

interface MutationClock {
  /** Mutations since the latest START_CLOCK. */
  count: number;
  /** Mutations since the clock was installed on this document. */
  total: number;
  /** performance.now() of the latest mutation. */
  last: number;
  /** Tells this document's clock from the next document's. */
  token: number;
}

const CLOCK_KEY = 'retrace.replay.mutations';

/** In-page: the document's mutation clock under a key no page script uses, installed on first use. */
function ensureClock(key: string): MutationClock {
  const holder = window as unknown as Record<symbol, MutationClock | undefined>;
  const existing = holder[Symbol.for(key)];
  if (existing) return existing;
  const created: MutationClock = { count: 0, total: 0, last: 0, token: Math.random() };
  new MutationObserver((records) => {
    created.count += records.length;
    created.total += records.length;
    created.last = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  holder[Symbol.for(key)] = created;
  return created;
}

/** In-page: what the page looks like to its mutation clock now (see PageReading). */
function readingOf(clock: MutationClock): PageReading {
  const root = document.documentElement;
  return {
    token: clock.token,
    total: clock.total,
    scrollX: window.scrollX,
    scrollY: window.scrollY,
    width: root.scrollWidth,
    height: root.scrollHeight,
    url: location.href,
  };
}

declare const ensureClockInPage: typeof ensureClock;
declare const readingInPage: typeof readingOf;
const CLOCK_PRELUDE =
  `const ensureClockInPage = ${ensureClock.toString()};\n` +
  `const readingInPage = ${readingOf.toString()};`;

/** In-page: counts DOM mutations and times the latest, from now on; answers with the page's reading. */
const START_CLOCK = pageFunction((key: string): PageReading => {
  const clock = ensureClockInPage(key);
  clock.count = 0;
  return readingInPage(clock);
}, CLOCK_PRELUDE);

/**
 * What a page looked like to the mutation clock at one moment: equal readings mean an unchanged DOM, at the same
 * scroll position, with the same document size (a layout that moved without a DOM change, an image that loaded,
 * reads differently).
 */
export interface PageReading {
  token: number;
  total: number;
  scrollX: number;
  scrollY: number;
  /** The document's scroll size. */
  width: number;
  height: number;
  url: string;
}

const READ_CLOCK = pageFunction(
  (key: string): PageReading => readingInPage(ensureClockInPage(key)),
  CLOCK_PRELUDE,
);

/**
 * Reads the page's mutation clock (installing it when missing: it counts from now on), its scroll position and
 * URL; null for a page with frames (the clock sees the main document only) or one that cannot be read.
 */
export async function readPage(page: Page): Promise<PageReading | null> {
  if (page.frames().length !== 1) return null;
  return page.evaluate(READ_CLOCK, CLOCK_KEY).catch(() => null);
}

/** True when two readings show the same document, unchanged, at the same place. */
export function sameReading(a: PageReading | null, b: PageReading | null): boolean {
  return (
    a !== null &&
    b !== null &&
    a.token === b.token &&
    a.total === b.total &&
    a.scrollX === b.scrollX &&
    a.scrollY === b.scrollY &&
    a.width === b.width &&
    a.height === b.height &&
    a.url === b.url
  );
}

/**
 * In-page: waits until the DOM has been quiet for `quietMs` since the action's latest mutation (not since now:
 * the time the action itself took counts), at most `capMs`. When the action changed nothing, it first lets
 * the page run what the action scheduled for the next frame and task, and is done if that changed nothing.
 * Answers with the page's reading at that moment, so the caller need not ask again.
 */
const WAIT_FOR_QUIET_DOM = pageFunction(
  ({
    key,
    quietMs,
    capMs,
  }: {
    key: string;
    quietMs: number;
    capMs: number;
  }): Promise<{ quiet: boolean; reading: PageReading } | null> =>
    new Promise((resolve) => {
      const clock = (window as unknown as Record<symbol, MutationClock | undefined>)[
        Symbol.for(key)
      ];
      if (!clock) return resolve(null);
      const started = performance.now();
      const done = (quiet: boolean): void => resolve({ quiet, reading: readingInPage(clock) });
      const check = (): void => {
        const now = performance.now();
        const quietFor = now - clock.last;
        if (quietFor >= quietMs) return done(true);
        if (now - started >= capMs) return done(false);
        setTimeout(check, Math.min(quietMs - quietFor, capMs - (now - started)) + 1);
      };
      if (clock.count > 0) return check();
      const afterAFrame = (): void => {
        clearTimeout(fallback);
        if (clock.count === 0) done(true);
        else check();
      };
      // A hidden tab may not paint: the timer bounds the wait either way.
      const fallback = setTimeout(afterAFrame, 100);
      requestAnimationFrame(() => setTimeout(afterAFrame, 0));
    }),
  CLOCK_PRELUDE,
);

export interface SettleOptions {
  capMs: number;
  quietMs: number;
  signal: AbortSignal;
  /**
   * Called when the wait for a quiet page begins on the document the action left (again if a navigation
   * replaces it): work that only reads the page may run alongside the wait from then on.
   */
  whileQuieting?: () => void;
}

export interface StepWatch {
  /** After the action: waits for a settled page (network and DOM quiet); true when settled before the cap. */
  settle(options: SettleOptions): Promise<boolean>;
  /**
   * True while settling the action is only waiting for a quiet DOM: it may change the page, and so far everything
   * it changed is in the watched page's main document (no request, navigation or tab switch, and the page's
   * mutation clock is running). False for an action that changes nothing (there is nothing to wait for).
   */
  domOnly(): boolean;
  /**
   * The page's reading (mutation clock, scroll, URL) at the moment `settle` found the DOM quiet, when it settled
   * by the DOM alone; null otherwise (nothing to wait for, the full wait, or before `settle`).
   */
  settledReading(): PageReading | null;
  /** The page's reading just before the action (when the watch started); null without the mutation clock. */
  startReading(): PageReading | null;
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelledError('waiting for the page to settle', signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Starts watching the active page before an action: its DOM mutations (main frame, timed in the page), the
 * requests it starts and its navigations. `settle` then decides what "settled" needs:
 * - no request, no navigation, no new tab, and the DOM quiet for `quietMs` since the action's latest mutation
 *   (no wait at all when, a frame and a task after the action, nothing changed — most typing into fields);
 * - otherwise (a request, a navigation, another tab, frames on the page, a document the watch cannot see)
 *   the full waitForSettledPage: document loaded, network idle and DOM quiet for `quietMs`.
 * Everything is capped at `capMs`; a cancelled signal throws BrowserError CANCELLED.
 */
export async function watchStep(session: BrowserSession, type: ActionType): Promise<StepWatch> {
  const page = activePage(session);
  if (page === null || !changesPage(type))
    return {
      settle: async () => true,
      domOnly: () => false,
      settledReading: () => null,
      startReading: () => null,
    };
  const full = async (options: SettleOptions): Promise<boolean> => {
    const active = activePage(session) ?? page;
    try {
      return (await waitForSettledPage(active, options)).settled;
    } catch (error) {
      if (options.signal.aborted) throw error;
      return false;
    }
  };
  const started =
    page.frames().length === 1
      ? await page.evaluate(START_CLOCK, CLOCK_KEY).catch(() => null)
      : null;
  const token = started?.token ?? null;
  let requests = 0;
  let navigated = false;
  const onRequest = (_request: Request): void => void (requests += 1);
  const onNavigated = (frame: Frame): void => {
    if (frame === page.mainFrame()) navigated = true;
  };
  page.on('request', onRequest);
  page.on('framenavigated', onNavigated);
  const changedBeyondDom = (): boolean =>
    token === null || navigated || requests > 0 || activePage(session) !== page;
  let settled: PageReading | null = null;
  return {
    domOnly: () => !changedBeyondDom(),
    settledReading: () => settled,
    startReading: () => started,
    settle: async (options) => {
      try {
        if (changedBeyondDom()) return await full(options);
        options.whileQuieting?.();
        const waited = await raceAbort(
          page
            .evaluate(WAIT_FOR_QUIET_DOM, {
              key: CLOCK_KEY,
              quietMs: options.quietMs,
              capMs: options.capMs,
            })
            .catch(() => null),
          options.signal,
        );
        // A request or a navigation that started while the DOM settled needs the full wait after all.
        if (waited === null || waited.reading.token !== token || changedBeyondDom())
          return await full(options);
        settled = waited.reading;
        return waited.quiet;
      } finally {
        page.off('request', onRequest);
        page.off('framenavigated', onNavigated);
      }
    },
  };
}
