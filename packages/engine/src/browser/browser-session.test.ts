import { startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import { chromium, devices, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserError } from './browser-errors.ts';
import { openBrowserSession, withBrowserSession, type BrowserSession } from './browser-session.ts';
import { launchBrowser, type LaunchedBrowser } from './launch-browser.ts';
import {
  browserProcessesOfThisProcess,
  browserProcessesStartedSince,
  TEST_CHROMIUM_PATH,
} from './test-helpers.ts';

let server: FixtureServer;
let shared: LaunchedBrowser;

beforeAll(async () => {
  server = await startFixtureServer();
  shared = await launchBrowser({ executablePath: TEST_CHROMIUM_PATH });
});
afterAll(async () => {
  await shared?.close();
  await server?.close();
});

async function inSession<T>(
  config: Parameters<typeof openBrowserSession>[0],
  work: (s: BrowserSession) => Promise<T>,
): Promise<T> {
  return withBrowserSession({ browser: shared, ...config }, work);
}

describe('browser session options', () => {
  it('applies viewport, locale, timezone, colour scheme and user agent', async () => {
    await inSession(
      {
        config: {
          viewport: { width: 1024, height: 600 },
          locale: 'de-DE',
          timezoneId: 'Asia/Tokyo',
          colorScheme: 'dark',
          userAgent: 'RetraceTest/1.0',
        },
      },
      async (session) => {
        await session.page.goto(server.url('/widgets/'));
        const seen = await session.page.evaluate(() => ({
          width: window.innerWidth,
          height: window.innerHeight,
          language: navigator.language,
          zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          number: (1234.5).toLocaleString(),
          dark: matchMedia('(prefers-color-scheme: dark)').matches,
          ua: navigator.userAgent,
        }));
        expect(seen).toEqual({
          width: 1024,
          height: 600,
          language: 'de-DE',
          zone: 'Asia/Tokyo',
          number: '1.234,5',
          dark: true,
          ua: 'RetraceTest/1.0',
        });
      },
    );
  });

  it('sends the extra HTTP headers and the user agent with every request', async () => {
    await inSession(
      { config: { extraHTTPHeaders: { 'x-retrace-run': 'run-42' }, userAgent: 'RetraceTest/2.0' } },
      async (session) => {
        await session.page.goto(server.url('/echo-headers'));
        const body = JSON.parse(await session.page.innerText('body')) as {
          headers: Record<string, string>;
        };
        expect(body.headers['x-retrace-run']).toBe('run-42');
        expect(body.headers['user-agent']).toBe('RetraceTest/2.0');
      },
    );
  });

  it('grants geolocation when a position is configured and reports that position', async () => {
    await inSession(
      { config: { geolocation: { latitude: 47.4979, longitude: 19.0402 } } },
      async (session) => {
        await session.page.goto(server.url('/widgets/'));
        const position = await session.page.evaluate(
          () =>
            new Promise<[number, number]>((resolve, reject) =>
              navigator.geolocation.getCurrentPosition(
                (p) => resolve([p.coords.latitude, p.coords.longitude]),
                reject,
              ),
            ),
        );
        expect(position).toEqual([47.4979, 19.0402]);
      },
    );
  });

  it('grants the configured permissions', async () => {
    await inSession({ config: { permissions: ['notifications'] } }, async (session) => {
      await session.page.goto(server.url('/widgets/'));
      const state = await session.page.evaluate(
        async () => (await navigator.permissions.query({ name: 'notifications' })).state,
      );
      expect(state).toBe('granted');
    });
  });

  it('emulates a device preset: its viewport, user agent and touch', async () => {
    const pixel = devices['Pixel 7'];
    await inSession({ config: { device: 'Pixel 7' } }, async (session) => {
      await session.page.goto(server.url('/widgets/'));
      const seen = await session.page.evaluate(() => ({
        width: window.innerWidth,
        ua: navigator.userAgent,
        touch: navigator.maxTouchPoints > 0,
        coarse: matchMedia('(pointer: coarse)').matches,
        dpr: window.devicePixelRatio,
      }));
      expect(seen).toEqual({
        width: pixel.viewport.width,
        ua: pixel.userAgent,
        touch: true,
        coarse: true,
        dpr: pixel.deviceScaleFactor,
      });
    });
  });

  it('lets an explicit viewport override the device preset', async () => {
    await inSession(
      { config: { device: 'Pixel 7', viewport: { width: 500, height: 700 } } },
      async (session) => {
        await session.page.goto(server.url('/widgets/'));
        expect(await session.page.evaluate(() => [window.innerWidth, window.innerHeight])).toEqual([
          500, 700,
        ]);
      },
    );
  });

  it('starts from the configured storage state', async () => {
    const host = new URL(server.origin).hostname;
    await inSession(
      {
        config: {
          storageState: {
            cookies: [
              {
                name: 'session',
                value: 'abc',
                domain: host,
                path: '/',
                expires: -1,
                httpOnly: false,
                secure: false,
                sameSite: 'Lax',
              },
            ],
            origins: [{ origin: server.origin, localStorage: [{ name: 'theme', value: 'dark' }] }],
          },
        },
      },
      async (session) => {
        await session.page.goto(server.url('/widgets/'));
        expect(
          await session.page.evaluate(() => [document.cookie, localStorage.getItem('theme')]),
        ).toEqual(['session=abc', 'dark']);
      },
    );
  });

  it('blocks service workers so nothing can answer requests behind the network layer', async () => {
    const register = async (): Promise<number> =>
      (async () => {
        try {
          await navigator.serviceWorker.register('/widgets/sw.js', { scope: '/widgets/' });
          await new Promise((resolve) => setTimeout(resolve, 500));
        } catch {
          // refused: fine
        }
        return (await navigator.serviceWorker.getRegistrations()).length;
      })();
    // Control: a plain context does register the worker.
    const plain = await shared.browser.newContext();
    try {
      const page = await plain.newPage();
      await page.goto(server.url('/widgets/'));
      expect(await page.evaluate(register)).toBe(1);
    } finally {
      await plain.close();
    }
    await inSession({}, async (session) => {
      await session.page.goto(server.url('/widgets/'));
      expect(await session.page.evaluate(register)).toBe(0);
    });
  });

  it('rejects an invalid config with BROWSER_CONFIG_INVALID', async () => {
    await expect(
      openBrowserSession({ browser: shared, config: { device: 'Nokia 3310' } }),
    ).rejects.toMatchObject({
      code: 'BROWSER_CONFIG_INVALID',
      message: expect.stringContaining('unknown device'),
    });
  });
});

describe('browser session lifecycle', () => {
  it('runs onContextCreated before any page exists, so its routes see the first request', async () => {
    let pagesWhenCalled = -1;
    await inSession(
      {
        onContextCreated: async (context) => {
          pagesWhenCalled = context.pages().length;
          await context.route('**/echo-headers', (route) => route.fulfill({ body: 'intercepted' }));
        },
      },
      async (session) => {
        await session.page.goto(server.url('/echo-headers'));
        expect(await session.page.innerText('body')).toBe('intercepted');
      },
    );
    expect(pagesWhenCalled).toBe(0);
  });

  it('fails with CONTEXT_SETUP_FAILED when the hook throws, and leaves no context open', async () => {
    const before = shared.browser.contexts().length;
    await expect(
      openBrowserSession({
        browser: shared,
        onContextCreated: () => {
          throw new Error('guard could not be installed');
        },
      }),
    ).rejects.toMatchObject({
      code: 'CONTEXT_SETUP_FAILED',
      message: expect.stringContaining('guard could not be installed'),
    });
    expect(shared.browser.contexts().length).toBe(before);
  });

  it('isolates sessions sharing one browser and keeps the browser when a session closes', async () => {
    const a = await openBrowserSession({ browser: shared });
    const b = await openBrowserSession({ browser: shared });
    try {
      await a.page.goto(server.url('/widgets/'));
      await b.page.goto(server.url('/widgets/'));
      await a.page.evaluate(() => localStorage.setItem('who', 'a'));
      expect(await b.page.evaluate(() => localStorage.getItem('who'))).toBeNull();
      await a.close();
      expect(a.closed).toBe(true);
      expect(shared.closed).toBe(false);
      await b.page.reload();
      expect(await b.page.title()).toBe('Widgets');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('accepts dialogs by default and dismisses them when configured to', async () => {
    const confirmed = async (session: BrowserSession): Promise<boolean> => {
      await session.page.goto(server.url('/modal/'));
      return session.page.evaluate(() => confirm('Sure?'));
    };
    expect(await inSession({}, confirmed)).toBe(true);
    expect(await inSession({ dialogs: 'dismiss' }, confirmed)).toBe(false);
  });

  it('refuses a config for another browser than the shared one', async () => {
    await expect(
      openBrowserSession({ browser: shared, config: { browser: 'firefox' } }),
    ).rejects.toMatchObject({
      code: 'BROWSER_UNSUPPORTED',
    });
  });

  it('tracks tabs, switches between them and falls back when the active tab closes', async () => {
    await inSession({}, async (session) => {
      await session.page.goto(server.url('/tabs/'));
      const popup = session.context.waitForEvent('page');
      await session.page.getByRole('link', { name: 'Open the user guide' }).click();
      const second = await popup;
      expect(session.pages()).toHaveLength(2);
      expect(session.page).not.toBe(second); // a popup does not take over by itself
      await second.waitForLoadState();
      expect(await session.switchTab({ urlContains: 'second.html' })).toBe(second);
      expect(session.page).toBe(second);
      expect(await session.switchTab(0)).toBe(session.pages()[0]);
      await session.switchTab(second);
      await second.close();
      expect(session.pages()).toHaveLength(1);
      expect(session.page.url()).toContain('/tabs/');
      await expect(session.switchTab(5)).rejects.toMatchObject({ code: 'TAB_NOT_FOUND' });
    });
  });

  it('closes its own browser on close, leaving no Chromium process', async () => {
    const before = browserProcessesOfThisProcess();
    const session = await openBrowserSession({ launch: { executablePath: TEST_CHROMIUM_PATH } });
    expect(browserProcessesStartedSince(before).length).toBeGreaterThan(0);
    await session.close();
    await session.close();
    expect(session.closed).toBe(true);
    expect(browserProcessesStartedSince(before)).toEqual([]);
    expect(() => session.page).toThrow(BrowserError);
  });

  it('closes the session and its browser when the work throws', async () => {
    const before = browserProcessesOfThisProcess();
    await expect(
      withBrowserSession({ launch: { executablePath: TEST_CHROMIUM_PATH } }, async (session) => {
        await session.page.goto(server.url('/widgets/'));
        throw new Error('test failed midway');
      }),
    ).rejects.toThrow('test failed midway');
    expect(browserProcessesStartedSince(before)).toEqual([]);
  });

  it('cancels while opening and leaves no Chromium process', async () => {
    const before = browserProcessesOfThisProcess();
    const controller = new AbortController();
    const opening = openBrowserSession({
      launch: { executablePath: TEST_CHROMIUM_PATH },
      signal: controller.signal,
    });
    controller.abort();
    await expect(opening).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(browserProcessesStartedSince(before)).toEqual([]);
  });

  it('cancels in the hook and closes the context the hook was given', async () => {
    const controller = new AbortController();
    let hookContext: BrowserContext | undefined;
    await expect(
      openBrowserSession({
        browser: shared,
        signal: controller.signal,
        onContextCreated: async (context) => {
          hookContext = context;
          controller.abort();
          await new Promise((resolve) => setTimeout(resolve, 50));
        },
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(shared.browser.contexts()).not.toContain(hookContext);
  });

  it('refuses to open when the signal is already aborted', async () => {
    await expect(
      openBrowserSession({ browser: shared, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('closes an open session when its signal aborts, failing in-flight work fast', async () => {
    const before = browserProcessesOfThisProcess();
    const controller = new AbortController();
    const session = await openBrowserSession({
      launch: { executablePath: TEST_CHROMIUM_PATH },
      signal: controller.signal,
    });
    await session.page.goto(server.url('/slow/?delay=20000'));
    const waiting = session.page.getByText('Report ready').waitFor({ timeout: 60_000 });
    controller.abort();
    await expect(waiting).rejects.toThrow();
    await session.close();
    expect(session.closed).toBe(true);
    expect(session.signal.aborted).toBe(true);
    expect(browserProcessesStartedSince(before)).toEqual([]);
  });

  it('uses the connected browser when given one over a Playwright server', async () => {
    const browserServer = await chromium.launchServer({
      executablePath: TEST_CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    try {
      await withBrowserSession(
        { launch: { remote: { protocol: 'playwright', wsEndpoint: browserServer.wsEndpoint() } } },
        async (session) => {
          expect(session.browser.remote).toBe(true);
          await session.page.goto(server.url('/login/'));
          expect(await session.page.title()).toBe('Sign in · Acme');
        },
      );
    } finally {
      await browserServer.close();
    }
  });
});
