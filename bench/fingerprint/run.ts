// Bench: time to fingerprint every relocation candidate of a page (target: 1,000 elements well under 200 ms),
// and one element before an action, against Playwright's own ariaSnapshot of the same page as a baseline.
// Run: npx tsx bench/fingerprint/run.ts [runs]
import { startFixtureServer } from '@retrace/fixtures';
import { openBrowserSession } from '../../packages/engine/src/browser/browser-session.ts';
import { findChromiumExecutable } from '../../packages/engine/src/browser/find-chromium.ts';
import {
  captureFingerprint,
  collectCandidateFingerprints,
} from '../../packages/engine/src/fingerprint/capture-fingerprint.ts';

const RUNS = Number(process.argv[2] ?? 15);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function time(work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm-up: compile the page script, fill caches
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

const server = await startFixtureServer();
const executablePath = findChromiumExecutable() ?? undefined;
const session = await openBrowserSession({
  launch: { executablePath },
  config: { viewport: { width: 1280, height: 720 } },
});
try {
  console.log(
    `fingerprint bench: median of ${RUNS} runs, Chromium ${session.browser.browser.version()}`,
  );
  console.log(
    'page                     candidates  all (ms)  per element (µs)  one element (ms)  ariaSnapshot (ms)  all/aria',
  );
  for (const path of [
    '/generated?rows=250',
    '/generated?rows=500',
    '/checkout/payment.html',
    '/widgets/',
  ]) {
    await session.page.goto(server.url(path));
    let count = 0;
    const all = await time(async () => {
      const set = await collectCandidateFingerprints(session.page);
      count = set.candidates.length;
      await set.dispose();
    });
    // A CSS locator, so the figure is our capture and not Playwright resolving a role query over the page.
    const target = session.page.locator('button').last();
    const one = await time(() => captureFingerprint(target));
    const aria = await time(() => session.page.ariaSnapshot());
    const allMs = median(all);
    const ariaMs = median(aria);
    console.log(
      [
        path.padEnd(24),
        String(count).padStart(10),
        allMs.toFixed(1).padStart(9),
        ((allMs * 1000) / Math.max(1, count)).toFixed(0).padStart(17),
        median(one).toFixed(1).padStart(17),
        ariaMs.toFixed(1).padStart(18),
        (allMs / ariaMs).toFixed(2).padStart(9),
      ].join(' '),
    );
  }
} finally {
  await session.close();
  await server.close();
}
