// Benchmark of the data layer: seeds 100k runs / 1M history elements, then times the API's hot queries.
// Run: npx tsx bench/db/run.ts [--runs 100000] [--history 1000000] [--driver pglite|postgres|both]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createDatabase, type Database } from '@retrace/db';
import { createEmptyServerDatabase } from '@retrace/db/testing';
import { getCostTotals, getRunDetail, listRuns } from '@retrace/domain';
import { captureQueries, explainPlans, runCapturedSql } from './explain-queries.ts';
import { seedBenchData, type SeededProject } from './seed-bench-data.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    history: { type: 'string', default: '1000000' },
    driver: { type: 'string', default: 'both' },
    iterations: { type: 'string', default: '300' },
  },
});
const RUNS = Number(args.runs);
const HISTORY = Number(args.history);
const ITERATIONS = Math.max(200, Number(args.iterations));
const WARMUP = 20;
const TARGET_MS = { pglite: 60, postgres: 20 } as const;
const log = (line: string) => console.log(line);

interface Timing {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function time(name: string, operation: (i: number) => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < WARMUP; i++) await operation(i);
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    await operation(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    name,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    mean,
  };
}

function operations(database: Database, seeded: SeededProject) {
  const deps = { db: database.db };
  const states = ['PASSED', 'FAILED', 'QUEUED', 'RUNNING'] as const;
  // A fixed pseudo-random sequence, so both drivers read the same runs.
  const pick = (i: number) => 1 + ((i * 7919 + 17) % RUNS);
  const to = seeded.newest;
  const from = new Date(to.getTime() - 30 * 86_400_000);
  return {
    '(a) latest 50 runs by state': (i: number) =>
      listRuns(deps, seeded.actor, {
        projectId: seeded.projectId,
        state: states[i % states.length],
        limit: 50,
      }),
    "(b) one run's history": (i: number) =>
      getRunDetail(deps, seeded.actor, { runId: seeded.runIds(pick(i)) }),
    '(c) cost per day, 30 days': () =>
      getCostTotals(deps, seeded.actor, { projectId: seeded.projectId, from, to, groupBy: 'day' }),
  };
}

async function benchDriver(kind: 'pglite' | 'postgres'): Promise<void> {
  log(
    `\n== ${kind}: ${RUNS.toLocaleString('en')} runs, ${HISTORY.toLocaleString('en')} history elements ==`,
  );
  let cleanup: () => Promise<void> = async () => {};
  let database: Database;
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'retrace-bench-'));
    database = await createDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pgdata') });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    // A fresh database is created on this server and dropped afterwards.
    const url =
      process.env.BENCH_DATABASE_URL ??
      process.env.TEST_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres';
    log(`  server: ${new URL(url).host}`);
    const empty = await createEmptyServerDatabase(url);
    database = await createDatabase({ kind: 'postgres', url: empty.url });
    cleanup = empty.drop;
  }
  try {
    const started = performance.now();
    const { seeded, figures } = await seedBenchData(database.db, RUNS, HISTORY, log);
    const rows = figures.reduce((n, f) => n + f.rows, 0);
    const seconds = (performance.now() - started) / 1000;
    log(
      `  seeding total: ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s (incl. analyze)`,
    );

    const baseline = await time('baseline: select 1 round trip', () =>
      database.db.execute(sql`select 1`),
    );
    const timings = [baseline];
    const captured = await captureQueries(database, operations(database, seeded));
    for (const [name, operation] of Object.entries(operations(database, seeded))) {
      timings.push(await time(name, operation));
      const queries = captured.get(name) ?? [];
      timings.push(
        await time(`    same SQL only (${queries.length} queries)`, () =>
          runCapturedSql(database, queries),
        ),
      );
    }
    const [load] = loadavg();
    log(
      `  ${ITERATIONS} iterations each after ${WARMUP} warm-up; target p95 ≤ ${TARGET_MS[kind]} ms; load average ${load?.toFixed(1)} on ${cpus().length} CPUs`,
    );
    log(
      `  ${'query'.padEnd(34)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'mean'.padStart(8)}  ×baseline  verdict`,
    );
    for (const t of timings) {
      const isOperation = t.name.startsWith('(');
      const verdict = !isOperation ? '' : t.p95 <= TARGET_MS[kind] ? 'ok' : 'OVER TARGET';
      log(
        `  ${t.name.padEnd(34)} ${t.p50.toFixed(2).padStart(8)} ${t.p95.toFixed(2).padStart(8)} ${t.p99.toFixed(2).padStart(8)} ${t.mean.toFixed(2).padStart(8)}  ${(t.p50 / baseline.p50).toFixed(1).padStart(8)}  ${verdict}`,
      );
    }

    await explainPlans(database, captured, log);
  } finally {
    await database.close();
    await cleanup();
  }
}

const drivers =
  args.driver === 'both'
    ? (['pglite', 'postgres'] as const)
    : [args.driver as 'pglite' | 'postgres'];
for (const driver of drivers) await benchDriver(driver);
