import { startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession } from '../browser/browser-session.ts';
import { launchBrowser, type LaunchedBrowser } from '../browser/launch-browser.ts';
import { FULL_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import { installDomainGuard } from './domain-guard.ts';
import { startGuardProxy, type GuardProxy } from './guard-proxy.ts';
import {
  attemptsOf,
  startAllowedApi,
  startForbiddenHost,
  waitForResults,
  type ForbiddenHost,
} from './guard-test-support.ts';
import { buildAllowedHosts } from './host-patterns.ts';

// With a proxy the browser resolves no names itself: the proxy maps the fake *.test hosts to loopback.
const resolveHost = (host: string): string => (host.endsWith('.test') ? '127.0.0.1' : host);

let app: FixtureServer;
let evil: ForbiddenHost;
let api: Awaited<ReturnType<typeof startAllowedApi>>;
let browser: LaunchedBrowser;

beforeAll(async () => {
  app = await startFixtureServer();
  evil = await startForbiddenHost();
  api = await startAllowedApi();
  // The full browser: it preconnects on resource hints and fetches icons from its tab strip, connections no
  // request layer sees — what the proxy is for (the headless shell makes neither; a remote Chrome may).
  browser = await launchBrowser({ executablePath: FULL_CHROMIUM_PATH });
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await evil?.close();
  await app?.close();
});

/** A raw SOCKS5 CONNECT through the proxy; resolves with the reply code and the open socket. */
async function socksConnect(
  proxy: GuardProxy,
  host: string,
  port: number,
): Promise<{ code: number; socket: Socket }> {
  const proxyPort = Number(new URL(proxy.contextProxy.server).port);
  const socket = connect(proxyPort, '127.0.0.1');
  const read = (): Promise<Buffer> => new Promise((resolve) => socket.once('data', resolve));
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(Buffer.from([5, 1, 0]));
  await read();
  const name = Buffer.from(host, 'latin1');
  const request = Buffer.concat([
    Buffer.from([5, 1, 0, 3, name.length]),
    name,
    Buffer.from([port >> 8, port & 0xff]),
  ]);
  socket.write(request);
  const answer = await read();
  return { code: answer[1] ?? -1, socket };
}

describe('the guard proxy', () => {
  it('connects to allowed host:ports only, and says which were refused', async () => {
    const proxy = await startGuardProxy({ allowedHosts: [`app.test:${app.port}`], resolveHost });
    try {
      evil.reset();
      const refused = await socksConnect(proxy, 'evil.test', evil.port);
      expect(refused.code).toBe(2);
      refused.socket.destroy();
      const otherPort = await socksConnect(proxy, 'app.test', evil.port);
      expect(otherPort.code).toBe(2);
      otherPort.socket.destroy();
      expect(evil.connections()).toBe(0);
      expect(proxy.refused().map((r) => `${r.host}:${r.port}`)).toEqual([
        `evil.test:${evil.port}`,
        `app.test:${evil.port}`,
      ]);

      const allowed = await socksConnect(proxy, 'app.test', app.port);
      expect(allowed.code).toBe(0);
      const body = new Promise<string>((resolve) => {
        let text = '';
        allowed.socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        allowed.socket.on('end', () => resolve(text));
      });
      allowed.socket.write(
        'GET /guard/ok.json HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n',
      );
      expect(await body).toContain('own host reached');
    } finally {
      await proxy.close();
    }
  });

  it('with the proxy, nothing of the hostile page reaches the forbidden host, not even a bare connection', async () => {
    const appOrigin = `http://app.test:${app.port}`;
    const allowedHosts = buildAllowedHosts(appOrigin, ['*.allowed.test']);
    const proxy = await startGuardProxy({ allowedHosts, resolveHost });
    let guard: Awaited<ReturnType<typeof installDomainGuard>> | undefined;
    const session = await openBrowserSession({
      browser,
      proxy: proxy.contextProxy,
      onContextCreated: async (context) => {
        guard = await installDomainGuard(context, { allowedHosts, proxy });
      },
    });
    try {
      evil.reset();
      const page = session.page;
      const evilOrigin = `http://evil.test:${evil.port}`;
      const apiOrigin = `http://api.allowed.test:${api.port}`;
      await page.goto(
        `${appOrigin}/guard/hostile.html?evil=${encodeURIComponent(evilOrigin)}&api=${encodeURIComponent(apiOrigin)}`,
      );
      const results = await waitForResults(page, [
        'fetch',
        'worker',
        'websocket',
        'allowed-api',
        'allowed-websocket',
        'own-host',
      ]);
      await page.waitForTimeout(1_000);
      expect(evil.requests).toEqual([]);
      expect(evil.upgrades).toEqual([]);
      expect(evil.connections()).toBe(0);
      expect(evil.datagrams()).toBe(0);
      expect(results['allowed-api']).toBe('reached: api ok');
      expect(results['allowed-websocket']).toBe('reached: ping');
      expect(results['own-host']).toBe('reached: own host reached');
      const blocked = guard?.allBlocked() ?? [];
      for (const attempt of await attemptsOf(page, browser)) {
        const reported = blocked.some((b) =>
          attempt.kind === 'webrtc' ? b.kind === 'webrtc' : b.url.endsWith(attempt.path),
        );
        expect(reported, attempt.id).toBe(true);
      }
      // The preconnect hint is the proxy's catch: a connection no request layer sees.
      expect(blocked.filter((b) => b.kind === 'connection').map((b) => b.host)).toContain(
        `evil.test:${evil.port}`,
      );
    } finally {
      await session.close();
      await proxy.close();
    }
  });
});
