// Serves Pinecone Supply, the bundled demo shop, on loopback: static pages, sign-in and orders, in a healthy or broken variant.
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pages of the demo shop. */
export const DEMO_APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'app');

/** `broken` computes cart totals without the quantities: a real regression for the suite to catch. */
export const DEMO_VARIANTS = ['healthy', 'broken'] as const;
export type DemoVariant = (typeof DEMO_VARIANTS)[number];

/** The demo shop's one account. Its password is the demo project's secret `demo_password`. */
export const DEMO_ACCOUNT_EMAIL = 'demo@pinecone.test';
export const DEFAULT_DEMO_PASSWORD = 'pinecone-trail-2024';

export interface StartDemoAppOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only. */
  host?: '127.0.0.1' | 'localhost';
  variant?: DemoVariant;
  /** Password of the demo account. */
  password?: string;
}

export interface DemoApp {
  /** e.g. http://127.0.0.1:41234/ (with the trailing slash: it is a project's base URL). */
  readonly url: string;
  readonly port: number;
  readonly variant: DemoVariant;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};
const MAX_BODY_BYTES = 16 * 1024;

function send(response: ServerResponse, status: number, body: string | Buffer, type: string): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, JSON.stringify(value), CONTENT_TYPES['.json'] as string);
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

async function serveFile(response: ServerResponse, pathname: string): Promise<void> {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
  const file = path.resolve(DEMO_APP_DIR, relative);
  const type = CONTENT_TYPES[path.extname(file)];
  if (!file.startsWith(DEMO_APP_DIR + path.sep) || type === undefined) {
    send(response, 404, 'Not found', 'text/plain; charset=utf-8');
    return;
  }
  try {
    send(response, 200, await readFile(file), type);
  } catch {
    send(response, 404, 'Not found', 'text/plain; charset=utf-8');
  }
}

export async function startDemoApp(options: StartDemoAppOptions = {}): Promise<DemoApp> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== 'localhost')
    throw new Error('the demo app binds loopback only');
  const variant = options.variant ?? 'healthy';
  if (!DEMO_VARIANTS.includes(variant)) {
    throw new Error(`unknown demo variant "${String(variant)}": use ${DEMO_VARIANTS.join(' or ')}`);
  }
  const password = options.password ?? DEFAULT_DEMO_PASSWORD;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://demo.invalid');
    const method = request.method ?? 'GET';
    if (url.pathname === '/variant.js') {
      send(
        response,
        200,
        `window.PINECONE_VARIANT = ${JSON.stringify(variant)};\n`,
        CONTENT_TYPES['.js'] as string,
      );
      return;
    }
    if (url.pathname === '/api/login' && method === 'POST') {
      const body = (await readJsonBody(request)) as { email?: unknown; password?: unknown };
      const valid =
        typeof body.email === 'string' &&
        body.email.toLowerCase() === DEMO_ACCOUNT_EMAIL &&
        body.password === password;
      if (valid) sendJson(response, 200, { email: DEMO_ACCOUNT_EMAIL, name: 'Demo Hiker' });
      else sendJson(response, 401, { error: 'wrong email or password' });
      return;
    }
    if (url.pathname === '/api/orders' && method === 'POST') {
      await readJsonBody(request);
      sendJson(response, 201, { number: `PS-${randomInt(10_000, 99_999)}` });
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      send(response, 405, 'Method not allowed', 'text/plain; charset=utf-8');
      return;
    }
    await serveFile(response, url.pathname);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 400, { error: 'bad request' });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}/`,
    port,
    variant,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
