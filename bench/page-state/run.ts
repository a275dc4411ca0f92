// Bench: our page state (observePage) against Playwright's ariaSnapshot({ mode: 'ai' }) on every fixture page
// and on generated pages with 500+ elements: tokens (o200k_base), ratio, build time (median), and two checks
// per page — every visible interactive element has a working ref, every visible text is in the text.
// Run: npx tsx bench/page-state/run.ts [runs]
import { FIXTURE_PAGES_DIR, startFixtureServer } from '@retrace/fixtures';
import { getEncoding } from 'js-tiktoken';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { openBrowserSession } from '../../packages/engine/src/browser/browser-session.ts';
import { findChromiumExecutable } from '../../packages/engine/src/browser/find-chromium.ts';
import { checkPageState } from '../../packages/engine/src/page-state/check-page-state.ts';
import {
  DEFAULT_MAX_SCREENS,
  observePage,
} from '../../packages/engine/src/page-state/observe-page.ts';

const RUNS = Number(process.argv[2] ?? 7);
const NO_BUDGET = 1_000_000;
const ALL_SCREENS = 1_000;
const encoder = getEncoding('o200k_base');
const tokens = (text: string): number => encoder.encode(text).length;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function timeIt(work: () => Promise<unknown>): Promise<number> {
  await work(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** Every fixture page (the guard's hostile pages excepted: they navigate and attack). */
function fixturePages(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (entry !== 'guard') walk(full);
      } else if (entry.endsWith('.html')) {
        found.push('/' + path.relative(FIXTURE_PAGES_DIR, full).split(path.sep).join('/'));
      }
    }
  };
  walk(FIXTURE_PAGES_DIR);
  return found.map((p) => (p === '/slow/index.html' ? '/slow/index.html?delay=50' : p));
}

const PAGES = [...fixturePages(), '/generated?rows=150', '/generated?rows=600'];

const server = await startFixtureServer();
const session = await openBrowserSession({
  launch: { executablePath: findChromiumExecutable() ?? undefined },
  config: { viewport: { width: 1280, height: 720 } },
});
const rows: string[][] = [];
let targetPages = 0;
let targetMet = 0;
try {
  console.log(
    `page-state bench: ${PAGES.length} pages, median of ${RUNS} runs, Chromium ${session.browser.browser.version()}, viewport 1280×720`,
  );
  const page = session.page;
  for (const pathname of PAGES) {
    await page.goto(server.url(pathname));
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
    // Checks on the default observation (maxScreens = DEFAULT_MAX_SCREENS, no budget pressure).
    const observation = await observePage(page, { tokenBudget: NO_BUDGET });
    const check = await checkPageState(page, observation, { maxScreens: DEFAULT_MAX_SCREENS });
    const full = await observePage(page, { tokenBudget: NO_BUDGET, maxScreens: ALL_SCREENS });
    const fullCheck = await checkPageState(page, full, { maxScreens: ALL_SCREENS });
    const snapshot = await page.ariaSnapshot({ mode: 'ai' });
    const ours = tokens(observation.text);
    const oursFull = tokens(full.text);
    const theirs = tokens(snapshot);
    const oursMs = await timeIt(() => observePage(page, { tokenBudget: NO_BUDGET }));
    const theirsMs = await timeIt(() => page.ariaSnapshot({ mode: 'ai' }));
    const ratio = oursFull / theirs;
    const big = theirs > 1_000;
    if (big) {
      targetPages += 1;
      if (ratio <= 0.5) targetMet += 1;
    }
    const refs =
      check.missingRefs.length +
        check.brokenRefs.length +
        fullCheck.missingRefs.length +
        fullCheck.brokenRefs.length ===
      0
        ? `all ${fullCheck.interactive}`
        : `MISSING ${[...check.missingRefs, ...fullCheck.missingRefs, ...check.brokenRefs].slice(0, 3).join('; ')}`;
    const texts =
      check.missingTexts.length + fullCheck.missingTexts.length === 0
        ? `all ${fullCheck.texts}`
        : `MISSING ${[...check.missingTexts, ...fullCheck.missingTexts].slice(0, 3).join('; ')}`;
    rows.push([
      pathname,
      String(theirs),
      String(ours),
      String(oursFull),
      ratio.toFixed(2) + (big ? (ratio <= 0.5 ? ' ✓' : ' ✗') : ''),
      (observation.tokens / Math.max(1, ours)).toFixed(2),
      theirsMs.toFixed(0),
      oursMs.toFixed(0),
      refs,
      texts,
    ]);
  }
} finally {
  await session.close();
  await server.close();
}

const header = [
  'page',
  'aria tokens',
  'ours',
  'ours (all screens)',
  'ratio',
  'estimate/real',
  'aria ms',
  'ours ms',
  'interactive with ref',
  'visible texts present',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(
  `\nratio = ours (all screens) / aria snapshot. Target ≤ 0.5 where the snapshot is over 1,000 tokens: met on ${targetMet} of ${targetPages} pages.`,
);
console.log(
  `"ours" lists ${DEFAULT_MAX_SCREENS} screens around the viewport (the default) and summarises the rest; "all screens" lists everything.`,
);
