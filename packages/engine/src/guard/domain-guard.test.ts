import { startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../browser/browser-session.ts';
import { launchBrowser, type LaunchedBrowser } from '../browser/launch-browser.ts';
import { FULL_CHROMIUM_PATH, TEST_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import { installDomainGuard, type BlockedRequest, type DomainGuard } from './domain-guard.ts';
import {
  attemptsOf,
  startAllowedApi,
  startForbiddenHost,
  waitForResults,
  type ForbiddenHost,
} from './guard-test-support.ts';
import { buildAllowedHosts } from './host-patterns.ts';

// Hosts on loopback: Chromium maps every *.test name to 127.0.0.1, so the project (app.test), an allowed
// API (api.allowed.test) and the forbidden host (evil.test) are three hosts, told apart by name and port.
const HOST_RULES = '--host-resolver-rules=MAP *.test 127.0.0.1';

let app: FixtureServer;
let evil: ForbiddenHost;
let api: Awaited<ReturnType<typeof startAllowedApi>>;
let browser: LaunchedBrowser;
/** The hostile page is tried on the default browser (the headless shell when installed) and the full one. */
const EXECUTABLES = [...new Set([TEST_CHROMIUM_PATH, FULL_CHROMIUM_PATH])];
const browsers = new Map<string, LaunchedBrowser>();
let appOrigin: string;
let evilOrigin: string;
let apiOrigin: string;

beforeAll(async () => {
  app = await startFixtureServer();
  evil = await startForbiddenHost();
  api = await startAllowedApi();
  for (const executablePath of EXECUTABLES)
    browsers.set(executablePath, await launchBrowser({ executablePath, extraArgs: [HOST_RULES] }));
  browser = browsers.get(TEST_CHROMIUM_PATH) as LaunchedBrowser;
  appOrigin = `http://app.test:${app.port}`;
  evilOrigin = `http://evil.test:${evil.port}`;
  apiOrigin = `http://api.allowed.test:${api.port}`;
});
afterAll(async () => {
  for (const launched of browsers.values()) await launched.close();
  await api?.close();
  await evil?.close();
  await app?.close();
});
beforeEach(() => evil.reset());

async function guardedSession(
  onBlocked?: (blocked: BlockedRequest) => void,
  on: LaunchedBrowser = browser,
): Promise<{ session: BrowserSession; guard: DomainGuard }> {
  let guard: DomainGuard | undefined;
  const session = await openBrowserSession({
    browser: on,
    onContextCreated: async (context) => {
      guard = await installDomainGuard(context, {
        allowedHosts: buildAllowedHosts(appOrigin, ['*.allowed.test']),
        onBlocked,
      });
    },
  });
  if (!guard) throw new Error('guard not installed');
  return { session, guard };
}

function expectNothingReachedTheForbiddenHost(): void {
  expect(evil.requests).toEqual([]);
  expect(evil.upgrades).toEqual([]);
  expect(evil.datagrams()).toBe(0);
}

describe('the domain guard against a hostile page', () => {
  it.each(EXECUTABLES)(
    'blocks and reports every attempt to reach another host on %s; the allowed hosts keep working',
    async (executablePath) => {
      const on = browsers.get(executablePath) as LaunchedBrowser;
      const reported: BlockedRequest[] = [];
      const { session, guard } = await guardedSession((blocked) => reported.push(blocked), on);
      try {
        const page = session.page;
        const query = `evil=${encodeURIComponent(evilOrigin)}&api=${encodeURIComponent(apiOrigin)}`;
        await page.goto(`${appOrigin}/guard/hostile.html?${query}`);
        const results = await waitForResults(page, [
          'fetch',
          'fetch-redirect-chain',
          'worker',
          'shared-worker',
          'service-worker',
          'webrtc',
          'eventsource',
          'websocket',
          'own-host',
          'allowed-api',
          'allowed-websocket',
        ]);
        // The worker opens its socket after a pause; give late attempts time to show up.
        await page.waitForTimeout(1_000);
        const attempts = await attemptsOf(page, on);
        expect(attempts.length).toBeGreaterThan(40);

        expectNothingReachedTheForbiddenHost();
        // preconnect and dns-prefetch open sockets without a request; see README for what that means.
        expect(evil.connections()).toBeLessThanOrEqual(2);

        expect(results['own-host']).toBe('reached: own host reached');
        expect(results['allowed-api']).toBe('reached: api ok');
        expect(results['allowed-websocket']).toBe('reached: ping');
        expect(results.worker).toBe(
          'reached: worker-fetch: failed TypeError, worker-import-scripts: failed NetworkError, worker-redirect: failed TypeError, worker-websocket: failed SecurityError',
        );
        expect(results['service-worker']).toMatch(/^failed/);
        expect(results['shared-worker']).toBe('failed: SecurityError');
        expect(results.webrtc).toBe('failed: SecurityError');
        for (const [id, result] of Object.entries(results)) {
          if (
            ['own-host', 'allowed-api', 'allowed-websocket', 'popup', 'beacon', 'worker'].includes(
              id,
            )
          )
            continue;
          expect(result, id).toMatch(/^failed/);
        }

        const blocked = guard.allBlocked();
        for (const attempt of attempts) {
          const match = blocked.find((b) =>
            attempt.kind === 'webrtc' ? b.kind === 'webrtc' : b.url.endsWith(attempt.path),
          );
          expect(match, `${attempt.id} (${attempt.url}) reported`).toBeDefined();
          if (attempt.kind) expect(match?.kind, attempt.id).toBe(attempt.kind);
          if (attempt.id.includes('redirect') && attempt.id !== 'worker-redirect')
            expect(match?.reason, attempt.id).toBe('redirected to a host that is not allowed');
        }
        expect(blocked.every((b) => b.blocked)).toBe(true);
        expect(blocked.filter((b) => b.url.includes('?') || b.url.includes('#'))).toEqual([]);
        // Nothing on the allowed hosts was blocked, except the refused shared worker script.
        const allowedHosts = [`app.test:${app.port}`, `api.allowed.test:${api.port}`];
        expect(blocked.filter((b) => allowedHosts.includes(b.host)).map((b) => b.url)).toEqual([
          `${appOrigin}/guard/shared-worker.js`,
        ]);
        expect(reported).toEqual(blocked);
        expect(guard.checksRedirects).toBe(true);
      } finally {
        await session.close();
      }
    },
  );

  it.each([
    ['location', 'navigation'],
    ['assign', 'navigation'],
    ['meta-refresh', 'navigation'],
    ['form-post', 'navigation'],
    ['redirect', 'navigation'],
    ['userinfo', 'navigation'],
    ['top-from-iframe', 'navigation'],
    ['window-open', 'popup'],
    ['blank-link', 'popup'],
    ['ping', 'beacon'],
  ])(
    'blocks a %s navigation attempt and reports it as %s, without its query string',
    async (how, kind) => {
      const { session, guard } = await guardedSession();
      try {
        const page = session.page;
        await page.goto(
          `${appOrigin}/guard/navigate.html?how=${how}&evil=${encodeURIComponent(evilOrigin)}`,
        );
        await expect.poll(() => guard.allBlocked().length, { timeout: 10_000 }).toBeGreaterThan(0);
        await page.waitForTimeout(300);
        expectNothingReachedTheForbiddenHost();
        const [first] = guard.drainBlocked();
        expect(first).toMatchObject({
          url: `${evilOrigin}/nav-${how}`,
          host: `evil.test:${evil.port}`,
          kind,
          blocked: true,
        });
        expect(JSON.stringify(guard.allBlocked())).not.toContain('token');
        // The page stays on the project host and can still navigate there. A blocked navigation may still be
        // committing its error page on a loaded machine and interrupt the first attempt: try again then.
        await session.switchTab(0);
        await expect
          .poll(
            () =>
              page.goto(`${appOrigin}/guard/ok.json`).then(
                (response) => response?.status() ?? null,
                (error: unknown) => String(error).split('\n')[0],
              ),
            { timeout: 10_000 },
          )
          .toBe(200);
      } finally {
        await session.close();
      }
    },
  );
});

describe('reporting', () => {
  it('drains what was blocked since the last drain', async () => {
    const { session, guard } = await guardedSession();
    try {
      await session.page.goto(`${appOrigin}/guard/ok.json`);
      const fetchEvil = (path: string): Promise<string> =>
        session.page.evaluate(
          (url) =>
            fetch(url).then(
              () => 'reached',
              (e: Error) => e.name,
            ),
          `${evilOrigin}${path}`,
        );
      expect(await fetchEvil('/one?secret=1')).toBe('TypeError');
      expect(guard.drainBlocked().map((b) => b.url)).toEqual([`${evilOrigin}/one`]);
      expect(guard.drainBlocked()).toEqual([]);
      expect(await fetchEvil('/two')).toBe('TypeError');
      expect(guard.drainBlocked().map((b) => b.url)).toEqual([`${evilOrigin}/two`]);
      expect(guard.allBlocked()).toHaveLength(2);
      expectNothingReachedTheForbiddenHost();
    } finally {
      await session.close();
    }
  });

  it('refuses WebTransport to other hosts in secure contexts (localhost)', async () => {
    let guard: DomainGuard | undefined;
    const session = await openBrowserSession({
      browser,
      onContextCreated: async (context) => {
        guard = await installDomainGuard(context, { allowedHosts: [`localhost:${app.port}`] });
      },
    });
    try {
      await session.page.goto(`http://localhost:${app.port}/guard/ok.json`);
      const result = await session.page.evaluate(async (port) => {
        try {
          const transport = new WebTransport(`https://evil.test:${port}/wt`);
          await transport.ready;
          return 'ready';
        } catch (error) {
          return (error as Error).name;
        }
      }, evil.port);
      expect(result).toBe('SecurityError');
      expect(guard?.drainBlocked()).toMatchObject([
        { kind: 'webtransport', url: `https://evil.test:${evil.port}/wt` },
      ]);
    } finally {
      await session.close();
    }
  });

  it('stops guarding once disposed', async () => {
    const { session, guard } = await guardedSession();
    try {
      await session.page.goto(`${appOrigin}/guard/ok.json`);
      await guard.dispose();
      const result = await session.page.evaluate(
        (url) =>
          fetch(url, { mode: 'no-cors' }).then(
            () => 'reached',
            (e: Error) => e.name,
          ),
        `${evilOrigin}/after-dispose`,
      );
      expect(result).toBe('reached');
      expect(evil.requests).toEqual(['GET /after-dispose']);
      expect(guard.allBlocked()).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
