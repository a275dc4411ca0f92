// The API a client command talks to: a server (--server), the `retrace serve` holding the data directory, or in-process.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_API_KEY_FILE, type LocalAccess } from '@retrace/api';
import { type ApiClient, createApiClient } from '../client/api-client.ts';
import { CliError } from '../cli-error.ts';
import type { CommandContext } from '../command-context.ts';
import { buildRemoteTarget, buildStackConfig } from '../config/command-configs.ts';
import { readLock } from './data-dir-lock.ts';
import { openStack, type Stack } from './open-stack.ts';
import { createServerApp } from './start-server.ts';

/** Where `retrace serve` shows runs by default: the links of a local run point there. */
export const DEFAULT_DASHBOARD_URL = 'http://127.0.0.1:4700';

export interface ApiTarget {
  kind: 'remote' | 'served' | 'in-process';
  client: ApiClient;
  dashboardUrl: string;
  /** Only in-process: the open stack and the local admin. */
  stack: Stack | null;
  localAccess: LocalAccess | null;
  close(): Promise<void>;
}

function publicUrlOf(ctx: CommandContext): string | undefined {
  return (ctx.resolved.values.publicUrl as string | undefined)?.replace(/\/+$/, '');
}

/** A server this data directory is served by (another retrace process holds it): work through its API. */
async function viaLockHolder(ctx: CommandContext, dataDir: string): Promise<ApiTarget | null> {
  const holder = await readLock(dataDir);
  if (!holder) return null;
  if (!holder.url) {
    throw new CliError(
      'DATA_DIR_IN_USE',
      `the data directory ${dataDir} is in use by \`retrace ${holder.command}\` (pid ${holder.pid}), which serves no API: wait for it to finish, or choose another --data-dir`,
    );
  }
  let apiKey: string;
  try {
    apiKey = (await readFile(path.join(dataDir, LOCAL_API_KEY_FILE), 'utf8')).trim();
  } catch (error) {
    throw new CliError(
      'DATA_DIR_IN_USE',
      `the data directory ${dataDir} is served by \`retrace ${holder.command}\` at ${holder.url}, but its local API key is not readable here: pass --server ${holder.url} --api-key KEY`,
      { cause: error },
    );
  }
  ctx.warn(
    `the data directory is in use by \`retrace ${holder.command}\` (pid ${holder.pid}): working through it at ${holder.url}`,
  );
  return {
    kind: 'served',
    client: createApiClient({ baseUrl: holder.url, apiKey }),
    dashboardUrl: publicUrlOf(ctx) ?? holder.url,
    stack: null,
    localAccess: null,
    close: async () => undefined,
  };
}

/**
 * --server/--api-key → that server; else the data directory: through the `retrace serve` that holds it, or opened
 * here (the embedded server without a port: requests are handled in-process, as the local admin).
 */
export async function openApiTarget(ctx: CommandContext, command: string): Promise<ApiTarget> {
  const remote = buildRemoteTarget(ctx.resolved);
  if (remote) {
    return {
      kind: 'remote',
      client: createApiClient({ baseUrl: remote.server, apiKey: remote.apiKey }),
      dashboardUrl: publicUrlOf(ctx) ?? remote.server,
      stack: null,
      localAccess: null,
      close: async () => undefined,
    };
  }
  const stackConfig = buildStackConfig(ctx.resolved, ctx.io.cwd);
  if (stackConfig.database.kind === 'pglite') {
    const served = await viaLockHolder(ctx, stackConfig.dataDir);
    if (served) return served;
  }
  const dashboardUrl = publicUrlOf(ctx) ?? DEFAULT_DASHBOARD_URL;
  const signingKey = (ctx.resolved.values.signingKey as string | undefined) ?? null;
  const stack = await openStack(stackConfig, {
    command,
    signingKey,
    signal: ctx.io.signal,
    onError: (error) => ctx.warn(`queue: ${error.message}`),
  });
  try {
    const app = await createServerApp(
      stack,
      { auth: { localMode: true }, publicUrl: dashboardUrl },
      { info: ctx.warn, warn: ctx.warn },
    );
    const access = app.localAccess as LocalAccess;
    return {
      kind: 'in-process',
      client: createApiClient({
        baseUrl: 'http://127.0.0.1',
        apiKey: access.apiKey,
        fetcher: app.fetch,
      }),
      dashboardUrl,
      stack,
      localAccess: access,
      close: () => stack.close(),
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
}
