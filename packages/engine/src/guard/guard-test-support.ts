// Test support for the domain guard: a forbidden host that counts every contact, an allowed API with a WebSocket.
import { createHash } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Page } from 'playwright-core';
import { isHeadlessShell } from '../browser/find-chromium.ts';
import type { LaunchedBrowser } from '../browser/launch-browser.ts';

/** Everything that reached the forbidden host: HTTP requests, WebSocket upgrades, TCP connections, UDP datagrams. */
export interface ForbiddenHost {
  readonly port: number;
  readonly requests: string[];
  readonly upgrades: string[];
  readonly connections: () => number;
  readonly datagrams: () => number;
  reset(): void;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export async function startForbiddenHost(): Promise<ForbiddenHost> {
  const requests: string[] = [];
  const upgrades: string[] = [];
  let connections = 0;
  let datagrams = 0;
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' });
    response.end('forbidden host reached');
  });
  server.on('connection', () => (connections += 1));
  server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
    upgrades.push(String(request.url));
    socket.destroy();
  });
  const port = await listen(server);
  // STUN/TURN over UDP on the same port number (WebRTC).
  const udp: UdpSocket = createSocket('udp4');
  udp.on('message', () => (datagrams += 1));
  await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve));
  return {
    port,
    requests,
    upgrades,
    connections: () => connections,
    datagrams: () => datagrams,
    reset() {
      requests.length = 0;
      upgrades.length = 0;
      connections = 0;
      datagrams = 0;
    },
    async close() {
      udp.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Replies to one short masked text frame with the same text (enough for a ping). */
function echoFrame(socket: Socket, data: Buffer): void {
  if (data.length < 6) return;
  const length = (data[1] ?? 0) & 0x7f;
  if (length >= 126) return;
  const mask = data.subarray(2, 6);
  const payload = Buffer.from(
    data.subarray(6, 6 + length).map((byte, i) => byte ^ (mask[i % 4] ?? 0)),
  );
  socket.write(Buffer.concat([Buffer.from([0x81, payload.length]), payload]));
}

/** An allowed API host: /ok, /redirect?to= and a WebSocket echo at /echo, all with CORS. */
export async function startAllowedApi(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://api.invalid');
    const cors = { 'access-control-allow-origin': '*' };
    if (url.pathname === '/redirect') {
      response.writeHead(302, { ...cors, location: url.searchParams.get('to') ?? '/' });
      response.end();
      return;
    }
    response.writeHead(200, { ...cors, 'content-type': 'text/plain' });
    response.end('api ok');
  });
  server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
    const key = String(request.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1')
      .update(key + WEBSOCKET_GUID)
      .digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (data: Buffer) => echoFrame(socket, data));
    socket.on('error', () => undefined);
  });
  const port = await listen(server);
  return {
    port,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One way the hostile page (fixtures/pages/guard/hostile.html) tries to reach the forbidden host. */
export interface Attempt {
  id: string;
  url: string;
  path: string;
  kind: string | null;
}

/** Waits until the hostile page settled the given attempts; returns every result so far. */
export async function waitForResults(
  page: Page,
  ids: readonly string[],
): Promise<Record<string, string>> {
  await page
    .waitForFunction(
      (wanted) => {
        const results = (window as unknown as { __results: Record<string, string> }).__results;
        return wanted.every((id) => id in results);
      },
      ids,
      { timeout: 15_000 },
    )
    .catch(async (error: unknown) => {
      const seen = await page.evaluate(
        () => (window as unknown as { __results: unknown }).__results,
      );
      throw new Error(`results missing: ${JSON.stringify(seen)}`, { cause: error });
    });
  return page.evaluate(
    () => (window as unknown as { __results: Record<string, string> }).__results,
  );
}

/**
 * What the hostile page tried, as far as this browser makes the attempt at all: a page's icon is fetched by the
 * full browser's tab strip, not by the page, and the headless shell (no tabs) never asks for it — so nothing
 * reaches the host either way, and there is nothing to block.
 */
export async function attemptsOf(page: Page, browser: LaunchedBrowser): Promise<Attempt[]> {
  const attempts = await page.evaluate(
    () => (window as unknown as { __attempts: Attempt[] }).__attempts,
  );
  const fetchesIcons = browser.executablePath === null || !isHeadlessShell(browser.executablePath);
  return fetchesIcons ? attempts : attempts.filter((attempt) => attempt.id !== 'icon');
}
