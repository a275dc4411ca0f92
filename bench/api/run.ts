// Benchmark of the REST API: the seeded 100k-run project served over loopback, loaded from a second process.
// Run: npx tsx bench/api/run.ts [--runs 100000] [--history 1000000] [--driver pglite|postgres|both]
//        [--connections 50] [--seconds 10] [--warmup 3]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { createApi } from '@retrace/api';
import { createDatabase, type Database } from '@retrace/db';
import { createEmptyServerDatabase } from '@retrace/db/testing';
import { createApiKey, createSecretKeyring, generateSecretKey } from '@retrace/domain';
import { createQueue } from '@retrace/queue';
import { createLocalArtifactStore } from '@retrace/storage';
import { seedBenchData } from '../db/seed-bench-data.ts';
import type { LoadResult } from './load.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    history: { type: 'string', default: '1000000' },
    driver: { type: 'string', default: 'both' },
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
const TARGET_P95_MS = 20;
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
type ServerLoadResult = LoadResult & { cpuMsPerRequest: number };

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
    const app = createApi({
      domain,
      artifacts: createLocalArtifactStore({ dir: path.join(dir, 'artifacts') }),
      runQueue: queue,
      runEvents: queue,
      auth: { localMode: true },
      publicUrl: 'http://127.0.0.1',
    });
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
        resolve(started),
      );
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const base = `/api/orgs/${seeded.actor.organizationId}`;
    const project = `${base}/projects/${seeded.projectId}`;
    // A fixed pseudo-random spread of runs, as in bench/db, so both drivers read the same rows.
    const runPaths = Array.from(
      { length: 500 },
      (_, i) => `${base}/runs/${seeded.runIds(1 + ((i * 7919 + 17) % RUNS))}`,
    );
    const endpoints: [string, string[]][] = [
      ['list-runs (latest 50)', [`${project}/runs?limit=50`]],
      [
        'list-runs (by state)',
        ['PASSED', 'FAILED', 'QUEUED', 'RUNNING'].map(
          (state) => `${project}/runs?limit=50&state=${state}`,
        ),
      ],
      ['run-detail', runPaths],
      ['costs (per day, 30 d)', [`${project}/costs?groupBy=day`]],
      ['costs (per model)', [`${project}/costs?groupBy=model`]],
    ];
    const results: ServerLoadResult[] = [];
    for (const [name, paths] of endpoints) {
      const cpuBefore = process.cpuUsage();
      const load = await loadFromSecondProcess({
        name,
        origin,
        token,
        paths,
        connections: CONNECTIONS,
        seconds: SECONDS,
        warmupSeconds: WARMUP,
      });
      const cpu = process.cpuUsage(cpuBefore);
      const result = {
        ...load,
        cpuMsPerRequest:
          (cpu.user + cpu.system) / 1000 / Math.max(1, load.requests + load.warmupRequests),
      };
      log(
        `  ${name.padEnd(24)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${result.p50.toFixed(1).padStart(7)}  p95 ${result.p95.toFixed(1).padStart(7)}  p99 ${result.p99.toFixed(1).padStart(7)} ms  server CPU ${result.cpuMsPerRequest.toFixed(2)} ms/req  (non-2xx ${result.non2xx}, errors ${result.errors})`,
      );
      results.push(result);
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
log('\n| driver | endpoint | req/s | p50 ms | p95 ms | p99 ms | server CPU ms/req | non-2xx |');
log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const { driver, result } of all) {
  log(
    `| ${driver} | ${result.name} | ${result.requestsPerSecond.toFixed(0)} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} | ${result.p99.toFixed(1)} | ${result.cpuMsPerRequest.toFixed(2)} | ${result.non2xx} |`,
  );
}
const listOnServer = all.find(
  (r) => r.driver === 'postgres' && r.result.name.startsWith('list-runs (latest'),
);
if (listOnServer) {
  const verdict = listOnServer.result.p95 <= TARGET_P95_MS ? 'met' : 'NOT met';
  log(
    `\nTarget p95 ≤ ${TARGET_P95_MS} ms for list-runs on the server at ${CONNECTIONS} connections: ${verdict} (${listOnServer.result.p95.toFixed(1)} ms).`,
  );
}
