// A browser session: one context (with its tabs) opened from a BrowserConfig, closed on every path.
import type { BrowserContext, Page } from 'playwright-core';
import { z } from 'zod';
import {
  browserConfigSchema,
  type BrowserConfig,
  type BrowserConfigInput,
} from './browser-config.ts';
import { BrowserError, firstLine } from './browser-errors.ts';
import { cancelledError, raceWithSignal, throwIfCancelled } from './cancellation.ts';
import { contextOptionsFor, type ContextDefaults } from './context-options.ts';
import {
  launchBrowser,
  type LaunchBrowserOptions,
  type LaunchedBrowser,
} from './launch-browser.ts';
import { trackPageNetwork } from './settle-page.ts';

export const DEFAULT_CONTEXT_ACTION_TIMEOUT_MS = 15_000;
export const DEFAULT_CONTEXT_NAVIGATION_TIMEOUT_MS = 30_000;

export interface OpenBrowserSessionOptions {
  /** The browser config (validated here); defaults to desktop Chromium. */
  config?: BrowserConfigInput;
  /** Reuse a launched browser: the session then owns only its context. */
  browser?: LaunchedBrowser;
  /** How to get a browser when none is passed: the session launches (or connects) and owns it. */
  launch?: Omit<LaunchBrowserOptions, 'browser' | 'headless' | 'signal'>;
  /** Runs after the context exists and before any page: install the network guard here. */
  onContextCreated?: (context: BrowserContext) => void | Promise<void>;
  /** Aborting cancels opening, and closes an open session (in-flight browser calls then fail fast). */
  signal?: AbortSignal;
  /** Playwright's default timeout for actions in this context. */
  actionTimeoutMs?: number;
  navigationTimeoutMs?: number;
  acceptDownloads?: boolean;
  /** Base for relative URLs in page.goto(). */
  baseURL?: string;
  /** A proxy for the whole context, e.g. the domain guard's loopback proxy (`startGuardProxy().contextProxy`). */
  proxy?: ContextDefaults['proxy'];
  /**
   * What to do with alert/confirm/prompt/beforeunload dialogs (default accept, as a user clicking OK would;
   * Playwright alone would dismiss them). A prompt gets its default value.
   */
  dialogs?: 'accept' | 'dismiss';
}

/** A tab chooser: index in pages(), the Page itself, or the first tab whose URL contains a text. */
export type TabSelector = number | Page | { urlContains: string };

export interface BrowserSession extends AsyncDisposable {
  readonly browser: LaunchedBrowser;
  readonly context: BrowserContext;
  readonly config: BrowserConfig;
  /** The active tab. Throws TAB_NOT_FOUND when every tab is closed. */
  readonly page: Page;
  /** Open tabs in the order they were opened. */
  pages(): Page[];
  /** Makes a tab active (and brings it to the front); throws TAB_NOT_FOUND. */
  switchTab(tab: TabSelector): Promise<Page>;
  /** Fires when the session closes; long operations can listen to it. */
  readonly signal: AbortSignal;
  readonly closed: boolean;
  /** Closes the context, and the browser too when the session launched it. Safe to call twice. */
  close(): Promise<void>;
}

/** The session's active tab, or null when there is none (every tab closed, or the session closed). */
export function activePage(session: BrowserSession): Page | null {
  try {
    return session.page;
  } catch {
    return null;
  }
}

function parseConfig(input: BrowserConfigInput | undefined): BrowserConfig {
  try {
    return browserConfigSchema.parse(input ?? {});
  } catch (error) {
    const detail = error instanceof z.ZodError ? z.prettifyError(error) : firstLine(error);
    throw new BrowserError('BROWSER_CONFIG_INVALID', `Invalid browser config: ${detail}`, {
      cause: error,
    });
  }
}

class Session implements BrowserSession {
  private readonly tabs: Page[] = [];
  private active: Page | undefined;
  private readonly closer = new AbortController();
  private closing: Promise<void> | undefined;

  constructor(
    readonly browser: LaunchedBrowser,
    readonly context: BrowserContext,
    readonly config: BrowserConfig,
    private readonly ownsBrowser: boolean,
    dialogs: 'accept' | 'dismiss',
  ) {
    context.on('page', (page) => this.adopt(page));
    context.on('dialog', (dialog) => {
      const answer = dialogs === 'accept' ? dialog.accept(dialog.defaultValue()) : dialog.dismiss();
      // The page may close while the dialog is up; nothing is left to answer then.
      answer.catch(() => undefined);
    });
    context.on('close', () =>
      this.closer.abort(new BrowserError('SESSION_CLOSED', 'the browser context closed')),
    );
  }

  /** Records a new tab; a popup becomes active only when the caller switches to it. */
  adopt(page: Page): void {
    if (this.tabs.includes(page)) return;
    trackPageNetwork(page);
    this.tabs.push(page);
    this.active ??= page;
    page.once('close', () => {
      const index = this.tabs.indexOf(page);
      if (index !== -1) this.tabs.splice(index, 1);
      if (this.active === page) this.active = this.tabs.at(-1);
    });
  }

  get page(): Page {
    if (this.closed) throw new BrowserError('SESSION_CLOSED', 'the browser session is closed');
    if (!this.active) throw new BrowserError('TAB_NOT_FOUND', 'every tab of the session is closed');
    return this.active;
  }

  pages(): Page[] {
    return [...this.tabs];
  }

  async switchTab(tab: TabSelector): Promise<Page> {
    if (this.closed) throw new BrowserError('SESSION_CLOSED', 'the browser session is closed');
    let page: Page | undefined;
    if (typeof tab === 'number') page = this.tabs[tab];
    else if ('urlContains' in tab) page = this.tabs.find((p) => p.url().includes(tab.urlContains));
    else page = this.tabs.includes(tab) ? tab : undefined;
    if (!page) {
      throw new BrowserError(
        'TAB_NOT_FOUND',
        `no such tab (${this.tabs.length} open: ${this.tabs.map((p, i) => `${i}: ${p.url()}`).join(', ')})`,
      );
    }
    this.active = page;
    await page.bringToFront();
    return page;
  }

  get signal(): AbortSignal {
    return this.closer.signal;
  }

  get closed(): boolean {
    return this.closing !== undefined || this.browser.closed;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closer.abort(new BrowserError('SESSION_CLOSED', 'the browser session was closed'));
      await this.context.close().catch(() => undefined);
      if (this.ownsBrowser) await this.browser.close();
    })();
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Opens a session: a fresh context from the config in the given (or a newly launched) browser, the
 * onContextCreated hook, then the first tab. Any failure or cancellation closes what was opened.
 */
export async function openBrowserSession(
  options: OpenBrowserSessionOptions = {},
): Promise<BrowserSession> {
  const { signal } = options;
  throwIfCancelled(signal, 'opening the browser session');
  const config = parseConfig(options.config);
  if (options.browser && options.browser.name !== config.browser) {
    throw new BrowserError(
      'BROWSER_UNSUPPORTED',
      `the config asks for ${config.browser} but the shared browser is ${options.browser.name}`,
    );
  }
  if (options.browser?.closed)
    throw new BrowserError('SESSION_CLOSED', 'the shared browser is closed');
  const ownsBrowser = options.browser === undefined;
  const browser =
    options.browser ??
    (await launchBrowser({
      ...options.launch,
      browser: config.browser,
      headless: config.headless,
      signal,
    }));
  let context: BrowserContext | undefined;
  try {
    context = await raceWithSignal(
      browser.browser.newContext(contextOptionsFor(config, options)),
      signal,
      'opening the browser session',
      (late) => late.close(),
    );
    context.setDefaultTimeout(options.actionTimeoutMs ?? DEFAULT_CONTEXT_ACTION_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(
      options.navigationTimeoutMs ?? DEFAULT_CONTEXT_NAVIGATION_TIMEOUT_MS,
    );
    const session = new Session(browser, context, config, ownsBrowser, options.dialogs ?? 'accept');
    try {
      if (options.onContextCreated)
        await raceWithSignal(
          Promise.resolve(options.onContextCreated(context)),
          signal,
          'opening the browser session',
        );
    } catch (error) {
      if (error instanceof BrowserError && error.code === 'CANCELLED') throw error;
      throw new BrowserError(
        'CONTEXT_SETUP_FAILED',
        `preparing the browser context failed: ${firstLine(error)}`,
        {
          cause: error,
        },
      );
    }
    session.adopt(await raceWithSignal(context.newPage(), signal, 'opening the browser session'));
    if (signal) {
      const onAbort = (): void => void session.close();
      signal.addEventListener('abort', onAbort, { once: true });
      session.signal.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), {
        once: true,
      });
      if (signal.aborted) {
        await session.close();
        throw cancelledError('opening the browser session', signal);
      }
    }
    return session;
  } catch (error) {
    await context?.close().catch(() => undefined);
    if (ownsBrowser) await browser.close();
    if (signal?.aborted && !(error instanceof BrowserError && error.code === 'CANCELLED'))
      throw cancelledError('opening the browser session', signal);
    throw error;
  }
}

/** Opens a session, runs `work` with it, and closes it whatever happens (errors and cancellation included). */
export async function withBrowserSession<T>(
  options: OpenBrowserSessionOptions,
  work: (session: BrowserSession) => Promise<T>,
): Promise<T> {
  const session = await openBrowserSession(options);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
