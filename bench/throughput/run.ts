// Benchmark: replay runs per minute through real worker processes on PostgreSQL, and memory per browser context.
//
//   npx tsx bench/throughput/run.ts [--runs 16] [--journey shop|login] [--configs 1x1,2x1] [--run-gif failures|always]
//                                   [--chromium /path/to/chromium] [--latency MS] [--database-url postgres://…]
//                                   [--skip-baseline]
//
// For each configuration (1 process at concurrency 1, 2, 4; 2 processes at concurrency 1 and 2) it starts the
// worker processes, warms each up with one run (browser launch), queues N replay runs of the journey at once
// and times them from enqueue to the last one finished. Prints runs/min, the CPU per run and how busy it keeps
// the cores, the scale-out ratio of 2 processes over 1 beside the CPU ceiling, and the Chromium memory (RSS
// sampled from /proc) per browser context. Then the baseline: the same journey as a hand-written Playwright script
// in 1 and 2 plain processes (shop journey only), and the scale-out ratio the script itself reaches.
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { openServerTestDatabase } from '@retrace/db/testing';
import { startFixtureServer } from '@retrace/fixtures';
import { type RunView, listRuns } from '@retrace/domain';
import type { RecordedTraversal } from '@retrace/engine';
import { type JobQueue, createQueue } from '@retrace/queue';
import {
  type WorkerProcess,
  spawnWorkerProcess,
} from '../../apps/worker/src/test-support/spawn-worker-process.ts';
import { LOGIN_STEPS, SHOP_JOURNEY } from '../../apps/worker/src/test-support/journeys.ts';
import {
  TEST_CHROMIUM_PATH,
  type WorkerWorld,
  addTestCase,
  createWorkerWorld,
  isFinished,
  queueRuns,
  recordSteps,
  saveRecorded,
} from '../../apps/worker/src/test-support/worker-world.ts';
import { cpuPerRun, startCpuSampler, type CpuBreakdown } from './process-cpu.ts';
import { sampleTrees, startMemorySampler } from './process-memory.ts';
import { measureScriptBaseline, type ScriptBaseline } from './script-baseline.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '16' },
    journey: { type: 'string', default: 'shop' },
    'database-url': { type: 'string' },
    /** Only these configurations, e.g. `1x1,2x1` (processes x concurrency). */
    configs: { type: 'string' },
    /** The workers' runGif option: `failures` (the default) or `always`. */
    'run-gif': { type: 'string', default: 'failures' },
    /** The Chromium the workers launch (default: what a worker finds, the headless shell when installed). */
    chromium: { type: 'string' },
    /** Every response of the app under test starts this many ms late, as from a server a round trip away. */
    latency: { type: 'string', default: '0' },
    /** Leaves out the hand-written script's runs in 1 and 2 processes. */
    'skip-baseline': { type: 'boolean', default: false },
  },
});
const CHROMIUM = values.chromium ?? TEST_CHROMIUM_PATH;
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 200) {
  console.error(`--runs must be a whole number from 1 to 200 (got ${values.runs})`);
  process.exit(2);
}
const LATENCY_MS = Number(values.latency);
if (!Number.isInteger(LATENCY_MS) || LATENCY_MS < 0 || LATENCY_MS > 2_000) {
  console.error(
    `--latency must be a whole number of milliseconds from 0 to 2000 (got ${values.latency})`,
  );
  process.exit(2);
}
/** The baseline's journeys: a script journey takes about half a replay run, so twice as many. */
const SCRIPT_JOURNEYS = RUNS * 2;
const RUN_GIF = values['run-gif'] === 'always' ? 'always' : 'failures';
const JOURNEY = values.journey === 'login' ? 'login' : 'shop';
const DATABASE_URL =
  values['database-url'] ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

interface Configuration {
  label: string;
  processes: number;
  concurrency: number;
}

const CONFIGURATIONS: Configuration[] = [
  { label: '1 process × concurrency 1', processes: 1, concurrency: 1 },
  { label: '1 process × concurrency 2', processes: 1, concurrency: 2 },
  { label: '1 process × concurrency 4', processes: 1, concurrency: 4 },
  { label: '2 processes × concurrency 1', processes: 2, concurrency: 1 },
  { label: '2 processes × concurrency 2', processes: 2, concurrency: 2 },
].filter(
  (c) =>
    values.configs === undefined ||
    values.configs.split(',').includes(`${c.processes}x${c.concurrency}`),
);

interface Result {
  config: Configuration;
  runsPerMinute: number;
  wallSeconds: number;
  medianRunSeconds: number;
  failed: number;
  /** Peak Chromium RSS of one process tree, MB. */
  peakChromiumMb: number;
  idleChromiumMb: number;
  peakNodeMb: number;
  peakRenderers: number;
  /** CPU seconds per run, by component. */
  cpuPerRun: CpuBreakdown;
}

const mb = (bytes: number): number => bytes / 1024 / 1024;

/** Share of the machine's CPU time the measured runs used: runs per second × CPU-seconds per run / cores. */
const coresBusy = (result: Pick<Result, 'runsPerMinute' | 'cpuPerRun'>): number =>
  (result.runsPerMinute / 60) * (result.cpuPerRun.system / cpus().length);
const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function prepareCases(
  world: WorkerWorld,
  count: number,
  traversal: RecordedTraversal,
  tag: string,
) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const testCase = await addTestCase(world, {
      name: `${tag} ${i}`,
      urlRoute: JOURNEY === 'shop' ? `/shop/?bench=${tag}-${i}` : `/login/?bench=${tag}-${i}`,
      expectedOutcome: traversal.expectedOutcome,
    });
    await saveRecorded(world, testCase.id, traversal);
    ids.push(testCase.id);
  }
  return ids;
}

/**
 * Waits for a batch of runs with one query every 200 ms (a CLI following a batch polls once a second), so
 * the bench's own polling takes next to nothing from the workers it measures.
 */
async function waitForBatch(
  world: WorkerWorld,
  runs: readonly RunView[],
  timeoutMs: number,
): Promise<RunView[]> {
  const batchId = runs[0]?.batchId;
  if (batchId === undefined) return [];
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { items } = await listRuns(world.domain, world.actor, {
      projectId: world.projectId,
      batchId,
      limit: Math.max(runs.length, 1),
    });
    if (items.length === runs.length && items.every(isFinished)) return items;
    if (Date.now() > until) {
      const open = items.filter((run) => !isFinished(run)).length;
      throw new Error(`${open} of ${runs.length} runs still unfinished after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function measure(
  world: WorkerWorld,
  queue: JobQueue,
  databaseUrl: string,
  traversal: RecordedTraversal,
  config: Configuration,
): Promise<Result> {
  const tag = `p${config.processes}c${config.concurrency}`;
  const workers: WorkerProcess[] = await Promise.all(
    Array.from({ length: config.processes }, (_, i) =>
      spawnWorkerProcess({
        databaseUrl,
        secretKey: world.secretKey,
        artifactDir: world.artifactDir,
        options: {
          workerId: `bench-${tag}-${i}`,
          concurrency: config.concurrency,
          browser: { executablePath: CHROMIUM },
          pollingIntervalSeconds: 0.5,
          runGif: RUN_GIF,
        },
      }),
    ),
  );
  try {
    // Warm-up: every process launches its browser on a first run that is not counted.
    const warmIds = await prepareCases(
      world,
      config.processes * config.concurrency,
      traversal,
      `${tag}-warm`,
    );
    const warm = await queueRuns(world, queue, warmIds, 'replay');
    await waitForBatch(world, warm, 300_000);
    const idle = sampleTrees(workers.map((w) => w.pid));

    const ids = await prepareCases(world, RUNS, traversal, tag);
    const sampler = startMemorySampler(workers.map((w) => w.pid));
    const cpu = startCpuSampler(workers.map((w) => w.pid));
    const started = Date.now();
    const runs = await queueRuns(world, queue, ids, 'replay');
    const finished = await waitForBatch(world, runs, 900_000);
    sampler.stop();
    const spent = cpu.stop();
    // From enqueue to the last run's own finish time (same machine, same clock), not to the poll that saw it.
    const lastFinished = Math.max(
      ...finished.map((run) => run.finishedAt?.getTime() ?? Date.now()),
    );
    const wallSeconds = (lastFinished - started) / 1000;
    const peaks = [...sampler.peaks().values()];
    const idleChromium = [...idle.values()].map((m) => m.chromiumBytes);
    return {
      config,
      runsPerMinute: (RUNS / wallSeconds) * 60,
      wallSeconds,
      medianRunSeconds: median(
        finished.map(
          (r) => ((r.finishedAt?.getTime() ?? 0) - (r.startedAt?.getTime() ?? 0)) / 1000,
        ),
      ),
      failed: finished.filter((r) => r.state !== 'PASSED').length,
      peakChromiumMb: mb(Math.max(...peaks.map((p) => p.chromiumBytes))),
      idleChromiumMb: mb(Math.max(...idleChromium)),
      peakNodeMb: mb(Math.max(...peaks.map((p) => p.nodeBytes))),
      peakRenderers: Math.max(...peaks.map((p) => p.renderers)),
      cpuPerRun: cpuPerRun(spent, RUNS),
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/**
 * The same journey as a hand-written Playwright script in 1, then 2, plain Node processes (one browser each, a
 * context per journey, no database): the scale-out the cores allow a browser journey without Retrace, measured
 * in the same session, beside the workers' ratio.
 */
async function reportBaseline(
  origin: string,
  single: Result | undefined,
  pair: Result | undefined,
): Promise<void> {
  console.log(
    `\nbaseline: the same journey as a hand-written Playwright script (bench/replay/hand-written-journey.ts), ` +
      `${SCRIPT_JOURNEYS} journeys (a journey takes about half a run: twice the runs, for a like wall time), ` +
      `each in a new browser context, in plain Node processes (no Retrace, no database)`,
  );
  const script: ScriptBaseline[] = [];
  for (const processes of [1, 2]) {
    const result = await measureScriptBaseline({
      origin,
      chromium: CHROMIUM,
      processes,
      journeys: SCRIPT_JOURNEYS,
    });
    script.push(result);
    const c = result.cpuPerRun;
    console.log(
      `${`${processes} script process${processes > 1 ? 'es' : ''}`.padEnd(28)} ` +
        `${result.runsPerMinute.toFixed(1).padStart(6)} runs/min  (${SCRIPT_JOURNEYS} journeys in ` +
        `${result.wallSeconds.toFixed(1)} s${result.failed > 0 ? `, ${result.failed} FAILED` : ''})  ` +
        `CPU per journey: ${c.system.toFixed(2)} s in all = Node ${c.node.toFixed(2)} s + Chromium ` +
        `${c.chromium.toFixed(2)} s + other ${(c.system - c.node - c.chromium - c.postgres).toFixed(2)} s; cores ` +
        `${Math.round(coresBusy(result) * 100)} % busy`,
    );
  }
  const [one, two] = script;
  if (!one || !two) return;
  const scriptRatio = two.runsPerMinute / one.runsPerMinute;
  const workersRatio =
    single && pair
      ? ` (Retrace's workers: ${(pair.runsPerMinute / single.runsPerMinute).toFixed(2)}×)`
      : '';
  console.log(
    `scale-out ratio of the script itself, 2 processes vs 1: ${scriptRatio.toFixed(2)}×${workersRatio}`,
  );
  if (single) {
    console.log(
      `a Retrace replay run per minute against a script journey, 1 process: ` +
        `${(single.runsPerMinute / one.runsPerMinute).toFixed(2)} ` +
        `(${single.runsPerMinute.toFixed(1)} / ${one.runsPerMinute.toFixed(1)})`,
    );
  }
}

async function main(): Promise<void> {
  console.log(
    `throughput bench: ${RUNS} replay runs of the ${JOURNEY} journey per configuration, run GIFs: ${RUN_GIF}, ` +
      `app responses delayed by ${LATENCY_MS} ms; ` +
      `${cpus().length} CPU(s), ${Math.round(mb(totalmem()) / 1024)} GB RAM, Node ${process.version}`,
  );
  const database = await openServerTestDatabase(DATABASE_URL);
  const queue = createQueue({
    connectionString: database.url ?? '',
    poolSize: 4,
    onError: () => undefined,
  });
  await queue.start();
  const fixture = await startFixtureServer({ responseDelayMs: LATENCY_MS });
  const world = await createWorkerWorld(database.db, { fixture });
  try {
    const traversal = await recordSteps(world, JOURNEY === 'shop' ? SHOP_JOURNEY : LOGIN_STEPS);
    const actions = traversal.brainStates.reduce((n, s) => n + s.actions.length, 0);
    console.log(`journey recorded: ${traversal.brainStates.length} steps, ${actions} actions\n`);
    const results: Result[] = [];
    for (const config of CONFIGURATIONS) {
      const result = await measure(world, queue, database.url ?? '', traversal, config);
      results.push(result);
      console.log(
        `${config.label.padEnd(28)} ${result.runsPerMinute.toFixed(1).padStart(6)} runs/min  ` +
          `(${RUNS} runs in ${result.wallSeconds.toFixed(1)} s, median run ${result.medianRunSeconds.toFixed(2)} s` +
          `${result.failed > 0 ? `, ${result.failed} FAILED` : ''})  ` +
          `chromium peak ${result.peakChromiumMb.toFixed(0)} MB/process (idle ${result.idleChromiumMb.toFixed(0)} MB, ` +
          `${result.peakRenderers} renderers), node peak ${result.peakNodeMb.toFixed(0)} MB`,
      );
      const c = result.cpuPerRun;
      console.log(
        `${''.padEnd(28)} CPU per run: ${c.system.toFixed(2)} s in all = worker Node ${c.node.toFixed(2)} s + ` +
          `Chromium ${c.chromium.toFixed(2)} s + PostgreSQL ${c.postgres.toFixed(2)} s + other ` +
          `${(c.system - c.node - c.chromium - c.postgres).toFixed(2)} s; cores ` +
          `${Math.round(coresBusy(result) * 100)} % busy`,
      );
    }
    const find = (p: number, c: number): Result | undefined =>
      results.find((r) => r.config.processes === p && r.config.concurrency === c);
    const ratio = (
      label: string,
      a: Result | undefined,
      b: Result | undefined,
      note = '',
    ): void => {
      if (a && b)
        console.log(`${label}: ${(a.runsPerMinute / b.runsPerMinute).toFixed(2)}×${note}`);
    };
    console.log('');
    ratio(
      'scale-out ratio, 2 processes × 1 vs 1 process × 1',
      find(2, 1),
      find(1, 1),
      ' (target ≥ 1.8×)',
    );
    ratio('scale-out ratio, 2 processes × 2 vs 1 process × 2', find(2, 2), find(1, 2));
    ratio('concurrency 2 vs 1 in one process', find(1, 2), find(1, 1));
    ratio('concurrency 4 vs 1 in one process', find(1, 4), find(1, 1));
    const single = find(1, 1);
    if (single) {
      // What the cores allow at the CPU a run costs alone: no configuration can go faster than this.
      const ceiling = (cpus().length * 60) / single.cpuPerRun.system;
      console.log(
        `CPU ceiling at ${single.cpuPerRun.system.toFixed(2)} CPU-s per run: ${cpus().length} cores × 60 s / ` +
          `${single.cpuPerRun.system.toFixed(2)} = ${ceiling.toFixed(1)} runs/min, ` +
          `${(ceiling / single.runsPerMinute).toFixed(2)}× the single process`,
      );
      const pair = find(2, 1);
      if (pair) {
        // Two runs at once each cost more CPU than one alone (they contend for caches and cores): the bound the
        // pair itself allows, and how much of it the cores' idle moments leave unused.
        const pairCeiling = (cpus().length * 60) / pair.cpuPerRun.system;
        console.log(
          `at the CPU a run costs with 2 processes (${pair.cpuPerRun.system.toFixed(2)} CPU-s): at most ` +
            `${pairCeiling.toFixed(1)} runs/min, ${(pairCeiling / single.runsPerMinute).toFixed(2)}× the single ` +
            `process; measured ${pair.runsPerMinute.toFixed(1)} with the cores ` +
            `${Math.round(coresBusy(pair) * 100)} % busy`,
        );
      }
    }
    for (const r of results.filter((x) => x.config.processes === 1)) {
      const perContext = (r.peakChromiumMb - r.idleChromiumMb) / r.config.concurrency;
      console.log(
        `memory per browser context at concurrency ${r.config.concurrency}: ` +
          `(peak ${r.peakChromiumMb.toFixed(0)} MB − idle ${r.idleChromiumMb.toFixed(0)} MB) / ${r.config.concurrency} = ` +
          `${perContext.toFixed(0)} MB`,
      );
    }
    if (values['skip-baseline']) return;
    if (JOURNEY !== 'shop') {
      console.log(
        '\nbaseline: only for the shop journey (the hand-written script is of that journey)',
      );
      return;
    }
    await reportBaseline(fixture.origin, find(1, 1), find(2, 1));
  } finally {
    await queue.stop({ graceful: false, timeoutMs: 1_000 });
    await world.close();
    await fixture.close();
    await database.dispose();
  }
}

await main();
