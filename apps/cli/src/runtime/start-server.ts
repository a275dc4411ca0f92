// Wires the API, the dashboard and an in-process worker onto an open stack, optionally listening on HTTP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import {
  createApi,
  createResponseCache,
  ensureLocalAccess,
  type LocalAccess,
  type ResponseCache,
} from '@retrace/api';
import {
  createWorker,
  type Worker,
  type WorkerLogger,
  type WorkerOptionsInput,
} from '@retrace/worker';
import { CliError, describeError } from '../cli-error.ts';
import type { ServerConfig, WorkerConfig } from '../config/command-configs.ts';
import type { Stack } from './open-stack.ts';
import { serveDashboard } from './serve-dashboard.ts';

export type FetchHandler = (request: Request) => Promise<Response>;

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface ServerApp {
  /** Answers /api/* with the API and everything else with the dashboard. */
  fetch: FetchHandler;
  localAccess: LocalAccess | null;
}

/** The worker options the CLI settings describe (the worker validates them again). */
export function toWorkerOptions(
  config: WorkerConfig,
  extra: Partial<WorkerOptionsInput> = {},
): WorkerOptionsInput {
  return {
    concurrency: config.concurrency,
    runTimeoutMs: config.runTimeoutMs,
    runGif: config.runGif,
    browser: {
      ...(config.browser.executablePath ? { executablePath: config.browser.executablePath } : {}),
      ...(config.browser.remote ? { remote: config.browser.remote } : {}),
    },
    ...(config.llm
      ? {
          llm: {
            defaults: {
              provider: config.llm.provider,
              model: config.llm.model,
              ...(config.llm.baseURL ? { baseURL: config.llm.baseURL } : {}),
            },
            apiKeys: config.llm.apiKeys,
          },
        }
      : {}),
    ...extra,
  };
}

export function workerLogger(log: Logger): WorkerLogger {
  const format = (message: string, fields?: Record<string, unknown>) =>
    fields && Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message;
  return {
    info: () => undefined,
    warn: (message, fields) => log.warn(`worker: ${format(message, fields)}`),
    error: (message, fields) => log.warn(`worker: ${format(message, fields)}`),
  };
}

/**
 * The response cache over the database's change feed, listening before the first request; null when turned
 * off or when LISTEN fails (a transaction-mode pooler): every read then goes to the database.
 */
async function startResponseCache(stack: Stack, log: Logger): Promise<ResponseCache | null> {
  const cache = createResponseCache(stack.queue, {
    onError: (message) => log.warn(`api: ${message}`),
  });
  try {
    await cache.start();
    return cache;
  } catch (error) {
    log.warn(`api: response cache off, cannot listen for changes: ${describeError(error)}`);
    await cache.close();
    return null;
  }
}

/** Builds the API (local mode creates the admin key on first start) and the combined request handler. */
export async function createServerApp(
  stack: Stack,
  server: Pick<ServerConfig, 'auth' | 'publicUrl'> & Partial<Pick<ServerConfig, 'responseCache'>>,
  log: Logger,
  options: { dashboardDir?: string } = {},
): Promise<ServerApp> {
  const localAccess = server.auth.localMode
    ? await ensureLocalAccess({ domain: stack.domain, dataDir: stack.config.dataDir })
    : null;
  const responseCache = server.responseCache === true ? await startResponseCache(stack, log) : null;
  const api = createApi(
    {
      domain: stack.domain,
      artifacts: stack.artifacts,
      runQueue: stack.queue,
      runEvents: stack.queue,
      auth: server.auth,
      publicUrl: server.publicUrl,
      ...(responseCache === null ? {} : { responseCache }),
    },
    {
      signingKey: stack.signingKey,
      logger: {
        error: (message, fields) => log.warn(`api: ${message} ${JSON.stringify(fields ?? {})}`),
        warn: (message, fields) => log.warn(`api: ${message} ${JSON.stringify(fields ?? {})}`),
      },
    },
  );
  const fetch: FetchHandler = async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/api' || pathname.startsWith('/api/')) return api.fetch(request);
    return serveDashboard(request, options.dashboardDir);
  };
  return { fetch, localAccess };
}

export function startWorker(
  stack: Stack,
  config: WorkerConfig,
  log: Logger,
  extra: Partial<WorkerOptionsInput> = {},
): Worker {
  try {
    return createWorker(
      {
        domain: stack.domain,
        artifacts: stack.artifacts,
        queue: stack.queue,
        log: workerLogger(log),
      },
      toWorkerOptions(config, extra),
    );
  } catch (error) {
    throw new CliError('CONFIG_INVALID', describeError(error), { cause: error });
  }
}

export interface HttpServer {
  /** e.g. http://127.0.0.1:4700 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port; a port in use becomes a message that says what to do. */
export async function listen(fetch: FetchHandler, host: string, port: number): Promise<HttpServer> {
  const listener = getRequestListener(fetch);
  // The listener answers errors itself (500); nothing is left to handle here.
  const server: Server = createServer((request, response) => void listener(request, response));
  // Long-lived SSE connections must not keep a closing server open forever.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new CliError(
            'STARTUP_FAILED',
            `port ${port} on ${host} is already in use: choose another with --port (or RETRACE_PORT)`,
            {
              cause: error,
            },
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new CliError(
            'STARTUP_FAILED',
            `not allowed to listen on ${host}:${port}: use a port above 1023`,
            { cause: error },
          ),
        );
      } else
        reject(
          new CliError(
            'STARTUP_FAILED',
            `cannot listen on ${host}:${port}: ${describeError(error)}`,
            { cause: error },
          ),
        );
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const urlHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open event streams would hold the server: end them after the in-flight requests had a moment.
        setTimeout(() => server.closeAllConnections(), 1_000).unref();
      });
      return closing;
    },
  };
}
