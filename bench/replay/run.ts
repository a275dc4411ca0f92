// Benchmark: the shop journey replayed by replayTraversal against the same journey as a hand-written Playwright
// script (alternated in one process), and relocation outcomes over every shop variant (correct / wrong / refused).
// Run: npx tsx bench/replay/run.ts [--runs N] [--chromium PATH] [--latency MS] [--skip-timing] [--skip-variants]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import { targetOf } from '../../packages/engine/src/actions/action-schema.ts';
import { executeAction } from '../../packages/engine/src/actions/execute-action.ts';
import type { ResolveTarget } from '../../packages/engine/src/actions/resolve-target.ts';
import { openBrowserSession } from '../../packages/engine/src/browser/browser-session.ts';
import { captureScreenshot } from '../../packages/engine/src/browser/capture-screenshot.ts';
import {
  launchBrowser,
  type LaunchedBrowser,
} from '../../packages/engine/src/browser/launch-browser.ts';
import { waitForSettledPage } from '../../packages/engine/src/browser/settle-page.ts';
import { TEST_CHROMIUM_PATH } from '../../packages/engine/src/browser/test-helpers.ts';
import { createReplayResolver } from '../../packages/engine/src/replay/replay-resolver.ts';
import {
  REPLAY_SETTING_DEFAULTS,
  type ReplaySettings,
} from '../../packages/engine/src/replay/replay-options.ts';
import {
  replayableBrainStates,
  replayTraversal,
} from '../../packages/engine/src/replay/replay-traversal.ts';
import {
  COSMETIC_VARIANTS,
  readShopJourney,
  SHOP_SECRETS,
  SHOP_VIEWPORT,
} from '../../packages/engine/src/replay/testing/shop-bed.ts';
import type { RecordedTraversal } from '../../packages/engine/src/run/run-record.ts';
import { recordTraversalFromSteps } from '../../packages/engine/src/steps/record-traversal-from-steps.ts';
import { handWrittenJourney } from './hand-written-journey.ts';
import { cpuBetween, cpuSnapshot, cpuTotal, type CpuParts } from './journey-cpu.ts';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] ?? 0) || 7;
/** The Chromium to launch (default: what a worker finds, the headless shell when installed). */
const CHROMIUM = args.includes('--chromium')
  ? (args[args.indexOf('--chromium') + 1] ?? '')
  : TEST_CHROMIUM_PATH;
/** Every response of the shop starts this many ms late, as from a server a round trip away (default 0). */
const LATENCY_MS = args.includes('--latency') ? Number(args[args.indexOf('--latency') + 1]) : 0;
if (!Number.isInteger(LATENCY_MS) || LATENCY_MS < 0 || LATENCY_MS > 2_000) {
  console.error('--latency must be a whole number of milliseconds from 0 to 2000');
  process.exit(2);
}
const BUG_VARIANTS = ['wrong-total', 'no-confirmation', 'disabled-submit'];
const OTHER_VARIANTS = ['twins', 'review-step'];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const ms = (value: number): string => `${value.toFixed(0).padStart(6)} ms`;

interface ReplaySample {
  total: number;
  /** Σ of the steps' own time: relocating, acting, settling. */
  inSteps: number;
  steps: number;
  /** CPU of the journey, from opening its browser context to its end (this process and Chromium). */
  cpu: CpuParts;
}

async function timeReplay(
  browser: LaunchedBrowser,
  server: FixtureServer,
  traversal: RecordedTraversal,
  settings: Partial<ReplaySettings> = {},
): Promise<ReplaySample> {
  const before = cpuSnapshot();
  const session = await openBrowserSession({ browser, config: { viewport: SHOP_VIEWPORT } });
  try {
    const started = performance.now();
    // As runReplayTest opens the start page: a navigate action, settled as replayed steps are.
    await executeAction(
      session,
      { type: 'navigate', url: server.url('/shop/') },
      { baseUrl: server.origin, settle: { quietMs: REPLAY_SETTING_DEFAULTS.settleQuietMs } },
    );
    const outcome = await replayTraversal({
      session,
      traversal,
      secrets: SHOP_SECRETS,
      baseUrl: server.origin,
      settings,
    });
    const total = performance.now() - started;
    const cpu = cpuBetween(before, cpuSnapshot());
    if (outcome.status !== 'passed') throw new Error(`replay failed: ${outcome.failure?.message}`);
    const inSteps = outcome.steps.reduce(
      (sum, s) => sum + (Date.parse(s.finishedAt) - Date.parse(s.startedAt)),
      0,
    );
    return { total, inSteps, steps: outcome.steps.length, cpu };
  } finally {
    await session.close();
  }
}

interface ScriptSample {
  total: number;
  cpu: CpuParts;
  /** With tracing: the time `tracing.stop` took to write the trace after the journey (not in `total`). */
  traceWrite: number;
}

/**
 * One hand-written journey in a fresh context. With `traced`, under Playwright's tracing with screenshots and
 * DOM snapshots, as a Playwright Test suite with `trace: 'retain-on-failure'` records every test (the trace is
 * written when the test ends, then deleted when it passed).
 */
async function timeScript(
  browser: LaunchedBrowser,
  server: FixtureServer,
  traced = false,
): Promise<ScriptSample> {
  const before = cpuSnapshot();
  const session = await openBrowserSession({ browser, config: { viewport: SHOP_VIEWPORT } });
  const tracing = session.page.context().tracing;
  try {
    if (traced) await tracing.start({ screenshots: true, snapshots: true });
    const started = performance.now();
    await handWrittenJourney(session.page, server);
    const total = performance.now() - started;
    let traceWrite = 0;
    if (traced) {
      const dir = await mkdtemp(path.join(tmpdir(), 'retrace-bench-trace-'));
      const writing = performance.now();
      await tracing.stop({ path: path.join(dir, 'trace.zip') });
      traceWrite = performance.now() - writing;
      await rm(dir, { recursive: true, force: true });
    }
    return { total, cpu: cpuBetween(before, cpuSnapshot()), traceWrite };
  } finally {
    await session.close();
  }
}

/**
 * Medians of 15 step screenshots on the settled shop page, and of 15 DevTools captures of one pixel: what a
 * capture costs beyond waiting for the compositor's next frame (Chromium draws at most 60 frames a second).
 */
async function timeScreenshot(
  browser: LaunchedBrowser,
  server: FixtureServer,
): Promise<{ shot: number; pixel: number }> {
  const session = await openBrowserSession({ browser, config: { viewport: SHOP_VIEWPORT } });
  try {
    await session.page.goto(server.url('/shop/'));
    await waitForSettledPage(session.page);
    const shots: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      await captureScreenshot(session.page, { quality: 60 });
      shots.push(performance.now() - started);
    }
    const cdp = await session.page.context().newCDPSession(session.page);
    const pixels: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      await cdp.send('Page.captureScreenshot', {
        format: 'jpeg',
        clip: { x: 0, y: 0, width: 1, height: 1, scale: 1 },
      });
      pixels.push(performance.now() - started);
    }
    return { shot: median(shots), pixel: median(pixels) };
  } finally {
    await session.close();
  }
}

async function benchJourney(
  browser: LaunchedBrowser,
  server: FixtureServer,
  traversal: RecordedTraversal,
) {
  console.log(
    `\n(a) the shop journey: replayTraversal vs a hand-written Playwright script, ${RUNS} alternated runs`,
  );
  await timeReplay(browser, server, traversal); // warm-up: page scripts compiled, caches filled
  await timeScript(browser, server);
  await timeScript(browser, server, true);
  const replay: ReplaySample[] = [];
  const script: ScriptSample[] = [];
  const traced: ScriptSample[] = [];
  const unsettled: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    replay.push(await timeReplay(browser, server, traversal));
    script.push(await timeScript(browser, server));
    unsettled.push((await timeReplay(browser, server, traversal, { settleCapMs: 0 })).total);
    traced.push(await timeScript(browser, server, true));
  }
  const replayMedian = median(replay.map((r) => r.total));
  const scriptMedian = median(script.map((s) => s.total));
  const steps = replay[0]?.steps ?? 0;
  const inSteps = median(replay.map((r) => r.inSteps));
  const shot = await timeScreenshot(browser, server);
  console.log(
    `  hand-written Playwright script   ${ms(scriptMedian)}  (min ${ms(Math.min(...script.map((s) => s.total)))})`,
  );
  console.log(
    `  replayTraversal (${steps} steps)     ${ms(replayMedian)}  (min ${ms(Math.min(...replay.map((r) => r.total)))})`,
  );
  console.log(
    `  ratio replay / script            ${(replayMedian / scriptMedian).toFixed(2)}  (target ≤ 1.20)`,
  );
  const tracedMedian = median(traced.map((s) => s.total));
  console.log(
    `  the script under Playwright's tracing (screenshots and DOM snapshots, as trace: 'retain-on-failure' ` +
      `records every test): ${ms(tracedMedian).trim()}, ${(tracedMedian / scriptMedian).toFixed(2)}× the script, ` +
      `replay / it ${(replayMedian / tracedMedian).toFixed(2)}; writing the trace afterwards ` +
      `${ms(median(traced.map((s) => s.traceWrite))).trim()}`,
  );
  console.log('  where the replay time goes (medians):');
  console.log(`    inside steps (relocate, act, settle)   ${ms(inSteps)}`);
  console.log(
    `    between steps (screenshot, report)     ${ms(replayMedian - inSteps)}  (one screenshot ≈ ${shot.shot.toFixed(0)} ms)`,
  );
  console.log(
    `    a capture of one pixel ≈ ${shot.pixel.toFixed(0)} ms: a screenshot is mostly the wait for a new frame`,
  );
  console.log(
    `    replay without settle waits (cap 0)    ${ms(median(unsettled))}  → settling costs ≈ ${ms(replayMedian - median(unsettled))}`,
  );
  const cpuLine = (label: string, samples: readonly CpuParts[]): number => {
    const part = (key: keyof CpuParts): number => median(samples.map((c) => c[key]));
    const total = median(samples.map(cpuTotal));
    console.log(
      `    ${label} ${total.toFixed(2)} s = Node ${part('node').toFixed(2)} + Chromium browser ` +
        `${part('browser').toFixed(2)}, renderer ${part('renderer').toFixed(2)}, GPU ${part('gpu').toFixed(2)}, ` +
        `other ${part('other').toFixed(2)}`,
    );
    return total;
  };
  console.log(
    '  CPU per journey, from opening its browser context (medians, this process and its Chromium):',
  );
  const scriptCpu = cpuLine(
    'hand-written script ',
    script.map((s) => s.cpu),
  );
  const replayCpu = cpuLine(
    'replayTraversal     ',
    replay.map((r) => r.cpu),
  );
  cpuLine(
    'script with tracing ',
    traced.map((s) => s.cpu),
  );
  console.log(`    ratio replay / script  ${(replayCpu / scriptCpu).toFixed(2)}`);
}

interface VariantTally {
  variant: string;
  relocated: number;
  byLocator: number;
  healed: number;
  correct: number;
  wrong: number;
  refused: number;
  outcome: string;
}

/** Replays the journey action by action, noting which element each relocation picked (by its data-truth). */
async function relocationsOn(
  browser: LaunchedBrowser,
  server: FixtureServer,
  traversal: RecordedTraversal,
  variant: string,
  expected: (string | null)[] | null,
): Promise<{ tally: VariantTally; truths: (string | null)[] }> {
  const session = await openBrowserSession({ browser, config: { viewport: SHOP_VIEWPORT } });
  const tally: VariantTally = {
    variant,
    relocated: 0,
    byLocator: 0,
    healed: 0,
    correct: 0,
    wrong: 0,
    refused: 0,
    outcome: 'passed',
  };
  const truths: (string | null)[] = [];
  try {
    await session.page.goto(server.url(`/shop/?variant=${variant}`));
    await waitForSettledPage(session.page);
    const actions = replayableBrainStates(traversal.brainStates).flatMap((s) => s.actions);
    for (const [k, recorded] of actions.entries()) {
      let method: 'locator' | 'healed' | null = null;
      let truth: string | null = null;
      const inner = createReplayResolver(recorded, {
        secrets: SHOP_SECRETS,
        onFound: (f) => (method = f.method),
      });
      const resolver: ResolveTarget = async (target, page, info) => {
        const resolved = await inner(target, page, info);
        truth = await resolved.locator
          .first()
          .getAttribute('data-truth', { timeout: 1_000 })
          .catch(() => null);
        return resolved;
      };
      const result = await executeAction(session, recorded.action, {
        secrets: SHOP_SECRETS,
        resolveTarget: resolver,
        captureFingerprint: false,
        timeoutMs: 4_000,
        assertionTimeoutMs: 3_000,
        baseUrl: server.origin,
      });
      truths.push(truth);
      const relocatable =
        recorded.domElementData !== null && targetOf(recorded.action) !== undefined;
      if (relocatable) {
        const refused =
          !result.ok &&
          method === null &&
          ['ELEMENT_NOT_FOUND', 'ELEMENT_AMBIGUOUS'].includes(result.error?.code ?? '');
        if (refused) tally.refused++;
        else if (method !== null) {
          tally.relocated++;
          if (method === 'healed') tally.healed++;
          else tally.byLocator++;
          const want = expected?.[k] ?? truth;
          if (want === null || truth === want) tally.correct++;
          else tally.wrong++;
        }
      }
      if (!result.ok) {
        tally.outcome = `failed at step ${k + 1}: ${result.error?.code}`;
        break;
      }
    }
  } finally {
    await session.close();
  }
  return { tally, truths };
}

async function benchVariants(
  browser: LaunchedBrowser,
  server: FixtureServer,
  traversal: RecordedTraversal,
) {
  console.log(
    '\n(b) relocations of the base recording on every shop variant (ground truth: data-truth attributes)',
  );
  const base = await relocationsOn(browser, server, traversal, 'base', null);
  const rows: VariantTally[] = [];
  for (const variant of [...COSMETIC_VARIANTS, ...BUG_VARIANTS, ...OTHER_VARIANTS]) {
    rows.push(
      variant === 'base'
        ? base.tally
        : (await relocationsOn(browser, server, traversal, variant, base.truths)).tally,
    );
  }
  const header = 'variant          relocated  locator  healed  correct  wrong  refused  replay';
  console.log(`  ${header}`);
  for (const r of rows) {
    console.log(
      `  ${r.variant.padEnd(16)} ${String(r.relocated).padStart(9)} ${String(r.byLocator).padStart(8)} ${String(r.healed).padStart(7)} ${String(r.correct).padStart(8)} ${String(r.wrong).padStart(6)} ${String(r.refused).padStart(8)}  ${r.outcome}`,
    );
  }
  const sum = (key: 'correct' | 'wrong' | 'refused' | 'healed') =>
    rows.reduce((n, r) => n + r[key], 0);
  console.log(
    `  total: ${sum('correct')} correct (${sum('healed')} healed), ${sum('wrong')} wrong (target 0), ${sum('refused')} refused`,
  );
}

const server = await startFixtureServer({ responseDelayMs: LATENCY_MS });
const browser = await launchBrowser({ executablePath: CHROMIUM });
try {
  const session = await openBrowserSession({ browser, config: { viewport: SHOP_VIEWPORT } });
  let traversal: RecordedTraversal;
  try {
    traversal = await recordTraversalFromSteps(readShopJourney(), {
      session,
      baseUrl: server.origin,
      secrets: SHOP_SECRETS,
    });
  } finally {
    await session.close();
  }
  console.log(
    `replay bench: Chromium ${browser.browser.version()} (${CHROMIUM}), shop journey recorded from its steps file` +
      (LATENCY_MS > 0 ? `, every shop response delayed by ${LATENCY_MS} ms` : ''),
  );
  if (!args.includes('--skip-timing')) await benchJourney(browser, server, traversal);
  if (!args.includes('--skip-variants')) await benchVariants(browser, server, traversal);
} finally {
  await browser.close();
  await server.close();
}
