// Benchmark of the REST API: the seeded 100k-run project served over loopback, loaded from a second process.
// Run: npx tsx bench/api/run.ts [--runs 100000] [--history 1000000] [--driver pglite|postgres|both]
//        [--cache on|off|both] [--connections 50] [--seconds 10] [--warmup 3]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { createApi, createResponseCache, type ResponseCache } from '@retrace/api';
import { createDatabase, type Database } from '@retrace/db';
import { createEmptyServerDatabase } from '@retrace/db/testing';
import { createApiKey, createSecretKeyring, generateSecretKey } from '@retrace/domain';
import { sql } from 'drizzle-orm';
import { createQueue } from '@retrace/queue';
import { createLocalArtifactStore } from '@retrace/storage';
import { seedBenchData } from '../db/seed-bench-data.ts';
import type { LoadResult } from './load.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    history: { type: 'string', default: '1000000' },
    driver: { type: 'string', default: 'both' },
    cache: { type: 'string', default: 'both' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
  },
});
const RUNS = Number(args.runs);
const HISTORY = Number(args.history);
const CONNECTIONS = Number(args.connections);
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const CACHE_MODES: readonly ('off' | 'on')[] =
  args.cache === 'both' ? ['off', 'on'] : [args.cache === 'off' ? 'off' : 'on'];
const TARGET_P95_MS = 20;
/** The churn scenario's writer: one run of the project changes this often, from another connection. */
const CHURN_INTERVAL_MS = 100;
const LOADER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load.ts');
const log = (line: string) => console.log(line);

/** Runs the load generator in its own process, so client and server do not share an event loop. */
function loadFromSecondProcess(spec: Record<string, unknown>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', LOADER, JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
      else resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as LoadResult);
    });
  });
}

async function openDatabase(kind: 'pglite' | 'postgres') {
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'retrace-bench-api-'));
    const database = await createDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pgdata') });
    return { database, dir, url: null, drop: async () => undefined };
  }
  const url =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  log(`  server: ${new URL(url).host}`);
  const empty = await createEmptyServerDatabase(url);
  const database = await createDatabase({ kind: 'postgres', url: empty.url, poolSize: 20 });
  const dir = mkdtempSync(path.join(tmpdir(), 'retrace-bench-api-'));
  return { database, dir, url: empty.url, drop: empty.drop };
}

function queueFor(database: Database, url: string | null) {
  return database.kind === 'pglite'
    ? createQueue({ pglite: database.pglite })
    : createQueue({ connectionString: url ?? '', poolSize: 2 });
}

/** Figures of one endpoint; the server's CPU per request (its whole process) depends little on other load. */
type ServerLoadResult = LoadResult & {
  cache: 'on' | 'off';
  cpuMsPerRequest: number;
  /** Share of requests (warm-up included) answered from the response cache; null where it does not serve. */
  hitRatio: number | null;
  /** Changes the cache heard from PostgreSQL meanwhile. */
  notifications: number;
};

interface Endpoint {
  name: string;
  paths: string[];
  /** Run a writer beside the load (the churn scenario). */
  churn?: boolean;
}

/** Changes one run every CHURN_INTERVAL_MS on the database (a pool connection, not the listener). */
function startChurn(database: Database, runId: string): { stop(): Promise<number> } {
  let updates = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    // Chained, so a slow update delays the next rather than piling up beside it.
    pending = pending
      .then(() =>
        database.db.execute(
          sql`update test_runs set repair_was_needed = not repair_was_needed where id = ${runId}`,
        ),
      )
      .then(() => updates++);
  }, CHURN_INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      return updates;
    },
  };
}

async function benchDriver(kind: 'pglite' | 'postgres'): Promise<ServerLoadResult[]> {
  log(
    `\n== ${kind}: ${RUNS.toLocaleString('en')} runs, ${HISTORY.toLocaleString('en')} history elements ==`,
  );
  const { database, dir, url, drop } = await openDatabase(kind);
  const queue = queueFor(database, url);
  let server: ServerType | null = null;
  try {
    const { seeded } = await seedBenchData(database.db, RUNS, HISTORY, log);
    await queue.start();
    const domain = { db: database.db, secretKey: createSecretKeyring([generateSecretKey()]) };
    const { token } = await createApiKey(domain, seeded.actor, { name: 'bench', role: 'guest' });
    const artifacts = createLocalArtifactStore({ dir: path.join(dir, 'artifacts') });
    const base = `/api/orgs/${seeded.actor.organizationId}`;
    const project = `${base}/projects/${seeded.projectId}`;
    // A fixed pseudo-random spread of runs, as in bench/db, so both drivers read the same rows.
    const runPaths = Array.from(
      { length: 500 },
      (_, i) => `${base}/runs/${seeded.runIds(1 + ((i * 7919 + 17) % RUNS))}`,
    );
    const endpoints: Endpoint[] = [
      { name: 'list-runs (latest 50)', paths: [`${project}/runs?limit=50`] },
      {
        name: 'list-runs (by state)',
        paths: ['PASSED', 'FAILED', 'QUEUED', 'RUNNING'].map(
          (state) => `${project}/runs?limit=50&state=${state}`,
        ),
      },
      {
        name: `list-runs, a run changed every ${CHURN_INTERVAL_MS} ms`,
        paths: [`${project}/runs?limit=50`],
        churn: true,
      },
      { name: 'run-detail', paths: runPaths },
      { name: 'costs (per day, 30 d)', paths: [`${project}/costs?groupBy=day`] },
      { name: 'costs (per model)', paths: [`${project}/costs?groupBy=model`] },
    ];
    // The newest run: its change shows in the first page, as a worker finishing a run would.
    const churnedRunId = seeded.runIds(RUNS);
    const results: ServerLoadResult[] = [];
    for (const mode of CACHE_MODES) {
      let cache: ResponseCache | null = null;
      if (mode === 'on') {
        cache = createResponseCache(queue);
        await cache.start();
      }
      const app = createApi({
        domain,
        artifacts,
        runQueue: queue,
        runEvents: queue,
        auth: { localMode: true },
        publicUrl: 'http://127.0.0.1',
        ...(cache === null ? {} : { responseCache: cache }),
      });
      server = await new Promise<ServerType>((resolve) => {
        const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
          resolve(started),
        );
      });
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      log(`  -- response cache ${mode} --`);
      for (const endpoint of endpoints) {
        const statsBefore = cache?.stats();
        const churn = endpoint.churn ? startChurn(database, churnedRunId) : null;
        const cpuBefore = process.cpuUsage();
        const load = await loadFromSecondProcess({
          name: endpoint.name,
          origin,
          token,
          paths: endpoint.paths,
          connections: CONNECTIONS,
          seconds: SECONDS,
          warmupSeconds: WARMUP,
        });
        const cpu = process.cpuUsage(cpuBefore);
        const changes = (await churn?.stop()) ?? 0;
        const statsAfter = cache?.stats();
        const hits = (statsAfter?.hits ?? 0) - (statsBefore?.hits ?? 0);
        const misses = (statsAfter?.misses ?? 0) - (statsBefore?.misses ?? 0);
        // Misses that waited for a read already under way did not reach the database.
        const databaseReads =
          misses - ((statsAfter?.sharedReads ?? 0) - (statsBefore?.sharedReads ?? 0));
        const result: ServerLoadResult = {
          ...load,
          cache: mode,
          cpuMsPerRequest:
            (cpu.user + cpu.system) / 1000 / Math.max(1, load.requests + load.warmupRequests),
          hitRatio: hits + misses === 0 ? null : hits / (hits + misses),
          notifications: (statsAfter?.notifications ?? 0) - (statsBefore?.notifications ?? 0),
        };
        const cacheFigures =
          result.hitRatio === null
            ? ''
            : `  hits ${(100 * result.hitRatio).toFixed(1)} %, ${databaseReads} database reads, ${result.notifications} notifications`;
        log(
          `  ${endpoint.name.padEnd(38)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${result.p50.toFixed(1).padStart(7)}  p95 ${result.p95.toFixed(1).padStart(7)}  p99 ${result.p99.toFixed(1).padStart(7)} ms  server CPU ${result.cpuMsPerRequest.toFixed(2)} ms/req  (non-2xx ${result.non2xx}, errors ${result.errors})${cacheFigures}${churn ? `  [${changes} run updates]` : ''}`,
        );
        results.push(result);
      }
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      server = null;
      await cache?.close();
    }
    const [load] = loadavg();
    log(
      `  ${CONNECTIONS} connections, ${SECONDS} s each after ${WARMUP} s warm-up; load average ${load?.toFixed(1)} on ${cpus().length} CPUs`,
    );
    return results;
  } finally {
    if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
    await queue.stop({ graceful: false, timeoutMs: 1000 });
    await database.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const drivers =
  args.driver === 'both'
    ? (['pglite', 'postgres'] as const)
    : [args.driver as 'pglite' | 'postgres'];
const all: { driver: string; result: ServerLoadResult }[] = [];
for (const driver of drivers) {
  for (const result of await benchDriver(driver)) all.push({ driver, result });
}
log(
  '\n| driver | cache | endpoint | req/s | p50 ms | p95 ms | p99 ms | server CPU ms/req | cache hits | non-2xx |',
);
log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const { driver, result } of all) {
  const hits = result.hitRatio === null ? '—' : `${(100 * result.hitRatio).toFixed(1)} %`;
  log(
    `| ${driver} | ${result.cache} | ${result.name} | ${result.requestsPerSecond.toFixed(0)} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} | ${result.p99.toFixed(1)} | ${result.cpuMsPerRequest.toFixed(2)} | ${hits} | ${result.non2xx} |`,
  );
}
// The target is judged as production runs: with the cache when it was measured, else without.
const listOnServer =
  all.find(
    (r) =>
      r.driver === 'postgres' &&
      r.result.cache === 'on' &&
      r.result.name === 'list-runs (latest 50)',
  ) ?? all.find((r) => r.driver === 'postgres' && r.result.name === 'list-runs (latest 50)');
if (listOnServer) {
  const verdict = listOnServer.result.p95 <= TARGET_P95_MS ? 'met' : 'NOT met';
  log(
    `\nTarget p95 ≤ ${TARGET_P95_MS} ms for list-runs on the server at ${CONNECTIONS} connections (cache ${listOnServer.result.cache}): ${verdict} (${listOnServer.result.p95.toFixed(1)} ms).`,
  );
}
