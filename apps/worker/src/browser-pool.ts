// One shared browser per browser type in a worker process (local Chromium or a remote endpoint), relaunched when it dies.
import {
  type BrowserName,
  type LaunchedBrowser,
  type RemoteBrowserEndpoint,
  launchBrowser,
} from '@retrace/engine';
import type { WorkerLogger } from './worker-context.ts';
import type { WorkerBrowserOptions } from './worker-options.ts';

export interface BrowserPoolStats {
  name: BrowserName;
  remote: boolean;
  connected: boolean;
  /** Contexts open in it: one per running run. */
  contexts: number;
  /** Launches (or connections) so far; more than one means it was replaced after dying. */
  launches: number;
  /** The live browser's executable (the headless shell or the full Chromium); null when remote or not running. */
  executablePath: string | null;
  /** The live browser's version; null when not running. */
  version: string | null;
}

export interface BrowserPool {
  /** The live browser for `name`, launched (or reconnected) when there is none or the last one died. */
  acquire(name: BrowserName, signal?: AbortSignal): Promise<LaunchedBrowser>;
  stats(): BrowserPoolStats[];
  /** Closes every browser (contexts of still-running runs die with them). */
  close(): Promise<void>;
}

interface Slot {
  current: LaunchedBrowser | null;
  launching: Promise<LaunchedBrowser> | null;
  launches: number;
}

function remoteFor(
  options: WorkerBrowserOptions,
  name: BrowserName,
): RemoteBrowserEndpoint | undefined {
  const chosen = options.remoteByBrowser?.[name] ?? options.remote;
  if (chosen === undefined) return undefined;
  // A CDP endpoint drives Chromium only; Firefox and WebKit then fall through to launchBrowser's clear refusal.
  if (
    chosen.protocol === 'cdp' &&
    name !== 'chromium' &&
    options.remoteByBrowser?.[name] === undefined
  ) {
    return undefined;
  }
  return chosen;
}

/** Waits for `work` unless `signal` aborts first (the work itself goes on for the other waiters). */
function raceWithSignal<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

const SILENT: Pick<WorkerLogger, 'info' | 'warn'> = {
  info: () => undefined,
  warn: () => undefined,
};

export function createBrowserPool(
  options: WorkerBrowserOptions,
  log: Pick<WorkerLogger, 'info' | 'warn'> = SILENT,
): BrowserPool {
  const slots = new Map<BrowserName, Slot>();
  let closed = false;

  function slotOf(name: BrowserName): Slot {
    let slot = slots.get(name);
    if (!slot) {
      slot = { current: null, launching: null, launches: 0 };
      slots.set(name, slot);
    }
    return slot;
  }

  /** Not tied to one run's signal: the launch is shared, and bounded by launchTimeoutMs. */
  async function launch(name: BrowserName, slot: Slot): Promise<LaunchedBrowser> {
    const remote = remoteFor(options, name);
    const browser = await launchBrowser({
      browser: name,
      timeoutMs: options.launchTimeoutMs,
      ...(remote ? { remote } : {}),
      ...(options.executablePath ? { executablePath: options.executablePath } : {}),
      ...(options.extraArgs ? { extraArgs: options.extraArgs } : {}),
    });
    slot.launches++;
    if (closed) {
      await browser.close();
      throw new Error('the browser pool is closed');
    }
    // Which executable runs matters for CPU and memory (the headless shell or the full browser): say it once.
    log.info(browser.remote ? 'connected to the remote browser' : 'launched the browser', {
      browser: name,
      version: browser.browser.version(),
      ...(browser.executablePath === null ? {} : { executable: browser.executablePath }),
    });
    browser.browser.once('disconnected', () => {
      if (slot.current === browser) {
        slot.current = null;
        if (!closed)
          log.warn('the browser disconnected; the next run launches a new one', { browser: name });
      }
    });
    return browser;
  }

  return {
    async acquire(name, signal) {
      if (closed) throw new Error('the browser pool is closed');
      const slot = slotOf(name);
      if (slot.current && !slot.current.closed) return slot.current;
      slot.current = null;
      // Runs starting together share one launch instead of starting a browser each.
      slot.launching ??= launch(name, slot)
        .then((browser) => {
          slot.current = browser;
          return browser;
        })
        .finally(() => {
          slot.launching = null;
        });
      return raceWithSignal(slot.launching, signal);
    },

    stats() {
      return [...slots.entries()].map(([name, slot]) => {
        const live = slot.current && !slot.current.closed ? slot.current : null;
        return {
          name,
          remote: live?.remote ?? remoteFor(options, name) !== undefined,
          connected: live !== null,
          contexts: live ? live.browser.contexts().length : 0,
          launches: slot.launches,
          executablePath: live?.executablePath ?? null,
          version: live ? live.browser.version() : null,
        };
      });
    },

    async close() {
      closed = true;
      const all = [...slots.values()];
      await Promise.all(
        all.map(async (slot) => {
          const pending = slot.launching;
          await pending?.catch(() => undefined);
          await slot.current?.close();
          slot.current = null;
        }),
      );
    },
  };
}
