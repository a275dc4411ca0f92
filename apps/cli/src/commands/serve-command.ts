// `retrace serve`: the API, the dashboard and one worker in one process, until Ctrl-C or SIGTERM.
import type { LocalAccess } from '@retrace/api';
import type { Worker } from '@retrace/worker';
import { type CommandContext, untilStopped } from '../command-context.ts';
import {
  buildServerConfig,
  buildStackConfig,
  buildWorkerConfig,
  type ServerConfig,
  type WorkerConfig,
} from '../config/command-configs.ts';
import { openStack, type Stack } from '../runtime/open-stack.ts';
import {
  createServerApp,
  type FetchHandler,
  type HttpServer,
  listen,
  startWorker,
} from '../runtime/start-server.ts';

export interface RunningServer {
  stack: Stack;
  server: ServerConfig;
  workerConfig: WorkerConfig;
  http: HttpServer;
  fetch: FetchHandler;
  worker: Worker;
  localAccess: LocalAccess | null;
  /** Stops taking jobs (running ones finish, up to a limit), closes HTTP, the browsers and the database. */
  stop(): Promise<void>;
}

/** How long a graceful stop lets running runs finish before they are handed back for a retry. */
const SHUTDOWN_GRACE_MS = 10_000;

export function describeLlm(config: WorkerConfig): string {
  return config.llm
    ? `agentic runs and repair use ${config.llm.provider} ${config.llm.model}`
    : 'no model configured: replays only (set OPENAI_API_KEY, ANTHROPIC_API_KEY or RETRACE_LLM_BASE_URL for agentic runs and repair)';
}

/** Opens the stack and starts API, dashboard and worker; shared by `serve` and `demo`. */
export async function startServer(
  ctx: CommandContext,
  command: string,
  overrides: { forceLocalMode?: boolean } = {},
): Promise<RunningServer> {
  const stackConfig = buildStackConfig(ctx.resolved, ctx.io.cwd);
  const server = buildServerConfig(ctx.resolved);
  if (overrides.forceLocalMode) server.auth.localMode = true;
  const workerConfig = buildWorkerConfig(ctx.resolved);
  const log = { info: ctx.say, warn: ctx.warn };
  const stack = await openStack(stackConfig, {
    command,
    signingKey: server.signingKey,
    signal: ctx.io.signal,
    onError: (error) => ctx.warn(`queue: ${error.message}`),
  });
  let worker: Worker | null = null;
  let http: HttpServer | null = null;
  try {
    // Listen first: with --port 0 the real port is known only then, and links must use it.
    let handler: FetchHandler = async () =>
      new Response('Retrace is starting', { status: 503, headers: { 'Retry-After': '1' } });
    http = await listen((request) => handler(request), server.host, server.port);
    if (
      ctx.resolved.origins.publicUrl === undefined ||
      ctx.resolved.origins.publicUrl.kind === 'unset'
    ) {
      server.publicUrl = http.url;
    }
    const app = await createServerApp(stack, server, log);
    handler = app.fetch;
    worker = startWorker(stack, workerConfig, log, { shutdownTimeoutMs: SHUTDOWN_GRACE_MS });
    await worker.start();
    await stack.lock?.setUrl(http.url);
    const running = worker;
    const listening = http;
    let stopping: Promise<void> | null = null;
    return {
      stack,
      server,
      workerConfig,
      http: listening,
      fetch: app.fetch,
      worker: running,
      localAccess: app.localAccess,
      stop() {
        stopping ??= (async () => {
          await running.stop({ graceful: true });
          await listening.close();
          await stack.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await worker?.stop({ graceful: false }).catch(() => undefined);
    await http?.close().catch(() => undefined);
    await stack.close();
    throw error;
  }
}

export function printServerBanner(ctx: CommandContext, running: RunningServer): void {
  ctx.say(
    `Retrace is serving ${running.http.url}  (dashboard at /, API at /api, reference at /api/docs)`,
  );
  if (running.server.publicUrl !== running.http.url)
    ctx.say(`public URL: ${running.server.publicUrl}`);
  ctx.say(
    `data: ${running.stack.config.database.kind === 'pglite' ? `embedded database in ${running.stack.config.dataDir}` : 'PostgreSQL server (DATABASE_URL)'}; ` +
      `worker: ${running.workerConfig.concurrency} run(s) at once`,
  );
  ctx.say(describeLlm(running.workerConfig));
  const access = running.localAccess;
  if (access?.created) {
    ctx.say('');
    ctx.say(`Local admin API key (shown once; also stored in ${access.file}):`);
    ctx.say(`  ${access.apiKey}`);
    ctx.say(
      'Sign in to the dashboard with it, or pass it to `retrace run --server … --api-key …`.',
    );
    ctx.say('');
  } else if (access) {
    ctx.say(`sign in with the local admin API key stored in ${access.file}`);
  }
}

export async function runServeCommand(ctx: CommandContext): Promise<number> {
  const running = await startServer(ctx, 'serve');
  printServerBanner(ctx, running);
  ctx.say('Press Ctrl-C to stop.');
  await untilStopped(ctx.io.signal);
  ctx.say('stopping: finishing running runs, closing browsers and the database…');
  await running.stop();
  ctx.say('stopped');
  return 0;
}
