// Captures docs/screenshots/*.png from fresh `retrace demo` processes (`npm run screenshots -w @retrace/web`).
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  REPOSITORY_ROOT,
  type RetraceProcess,
  startRetrace,
} from '../../scripts/retrace-process.ts';
import { api, type DemoContext, findDemoProject } from './api-requests.ts';
import { ensureDashboardBuild } from './dashboard-build.ts';
import { launchChromium, openDashboardPage, signInWithKey } from './dashboard-browser.ts';

const OUTPUT_DIR = path.join(REPOSITORY_ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1280, height: 720 };
/** Screenshots live in git: one bigger than this is worth a look (a stray animation, a huge page). */
const SIZE_WARNING_BYTES = 250 * 1024;
/** The demo test case shown with its matrix: it is linked to both demo browser configs. */
const MATRIX_TEST_CASE = 'Add items to the cart';
/** Its run and traversal are shown on the desktop preset: a landscape GIF leaves room for the timeline. */
const SHOWN_BROWSER_CONFIG = 'builtin-desktop-chromium';

interface RunSummary {
  id: string;
  state: string;
  testCaseId: string;
  browserConfigId: string;
  testTraversalId: string | null;
}

interface Shot {
  file: string;
  path: string;
  /** Something on the page the screenshot must show before it is taken. */
  waitFor?: (page: Page) => Promise<void>;
}

/** The `retrace demo` being captured, stopped (its temporary data directory removed) on Ctrl-C too. */
let running: RetraceProcess | null = null;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

async function withDemo(args: string[], use: (server: RetraceProcess) => Promise<void>) {
  const server = await startRetrace({ command: 'demo', args });
  running = server;
  try {
    await use(server);
  } finally {
    running = null;
    await server.stop();
  }
}

async function listRuns(server: RetraceProcess, demo: DemoContext, state: string) {
  const answer = await api<{ items: RunSummary[] }>(
    server.url,
    server.apiKey ?? '',
    'GET',
    `/api/orgs/${demo.orgId}/projects/${demo.projectId}/runs?state=${state}&limit=50`,
  );
  return answer.items;
}

async function findTestCaseId(server: RetraceProcess, demo: DemoContext, name: string) {
  const answer = await api<{ items: Array<{ id: string; name: string }> }>(
    server.url,
    server.apiKey ?? '',
    'GET',
    `/api/orgs/${demo.orgId}/projects/${demo.projectId}/test-cases?limit=200`,
  );
  const testCase = answer.items.find((item) => item.name === name);
  if (!testCase) throw new Error(`the demo has no test case named "${name}"`);
  return testCase.id;
}

/** Opens each page signed in with the local key, waits for its content and saves a 1280×720 PNG. */
async function capture(browser: Browser, server: RetraceProcess, shots: Shot[]): Promise<void> {
  const dashboard = await openDashboardPage(browser, { viewport: VIEWPORT });
  const { page } = dashboard;
  try {
    await page.goto(`${server.url}/sign-in`);
    await signInWithKey(page, server.url, server.apiKey ?? '');
    for (const shot of shots) {
      await page.goto(`${server.url}${shot.path}`);
      await page.locator('main h1').first().waitFor();
      // Not 'networkidle': run pages keep a live event stream open.
      await page.locator('.state-loading').first().waitFor({ state: 'detached', timeout: 30_000 });
      await shot.waitFor?.(page);
      // Screenshots load lazily: wait for the ones in view.
      await page.waitForFunction(() =>
        Array.from(document.images)
          .filter((image) => image.getBoundingClientRect().top < window.innerHeight)
          .every((image) => image.complete && image.naturalWidth > 0),
      );
      if ((await page.locator('.state-error').count()) > 0) {
        throw new Error(`${shot.path} shows an error state`);
      }
      const file = path.join(OUTPUT_DIR, shot.file);
      await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
      const { size } = await stat(file);
      const note = size > SIZE_WARNING_BYTES ? '  (over 250 KB)' : '';
      console.log(`${shot.file}  ${Math.round(size / 1024)} KB  ${shot.path}${note}`);
    }
    const problems = dashboard.problems();
    if (problems.length > 0) throw new Error(`the dashboard logged:\n${problems.join('\n')}`);
  } finally {
    await dashboard.close();
  }
}

function captureHealthyDemo(browser: Browser): Promise<void> {
  return withDemo([], async (server) => {
    const demo = await findDemoProject(server.url, server.apiKey ?? '');
    const base = `/orgs/${demo.orgId}/projects/${demo.projectId}`;
    const testCaseId = await findTestCaseId(server, demo, MATRIX_TEST_CASE);
    const passed = (await listRuns(server, demo, 'PASSED')).find(
      (run) =>
        run.testCaseId === testCaseId &&
        run.browserConfigId === SHOWN_BROWSER_CONFIG &&
        run.testTraversalId !== null,
    );
    if (!passed?.testTraversalId) throw new Error(`"${MATRIX_TEST_CASE}" has no passed run`);
    await capture(browser, server, [
      { file: 'projects.png', path: `/orgs/${demo.orgId}` },
      { file: 'test-cases.png', path: `${base}/test-cases` },
      {
        file: 'test-case.png',
        path: `${base}/test-cases/${testCaseId}`,
        waitFor: (page) => page.locator('table.matrix').waitFor(),
      },
      { file: 'traversal.png', path: `${base}/traversals/${passed.testTraversalId}` },
      {
        file: 'run-passed.png',
        path: `${base}/runs/${passed.id}`,
        waitFor: (page) => page.locator('.timeline img').first().waitFor(),
      },
      { file: 'runs.png', path: `${base}/runs` },
      {
        file: 'costs.png',
        path: `${base}/costs`,
        waitFor: (page) => page.locator('.stat-tiles').waitFor(),
      },
    ]);
  });
}

/** The broken demo shop has a real bug (cart totals ignore quantities): its suite fails for real. */
function captureBrokenDemo(browser: Browser): Promise<void> {
  return withDemo(['--demo-variant', 'broken'], async (server) => {
    const demo = await findDemoProject(server.url, server.apiKey ?? '');
    const failedRuns = await listRuns(server, demo, 'FAILED');
    const failed =
      failedRuns.find((run) => run.browserConfigId === SHOWN_BROWSER_CONFIG) ?? failedRuns[0];
    if (!failed) throw new Error('the broken demo produced no failed run');
    await capture(browser, server, [
      {
        file: 'run-failed.png',
        path: `/orgs/${demo.orgId}/projects/${demo.projectId}/runs/${failed.id}`,
        waitFor: (page) => page.locator('.failure-message').first().waitFor(),
      },
    ]);
  });
}

async function main(): Promise<void> {
  await mkdir(OUTPUT_DIR, { recursive: true });
  await ensureDashboardBuild();
  const browser = await launchChromium();
  try {
    await captureHealthyDemo(browser);
    await captureBrokenDemo(browser);
  } finally {
    await browser.close();
  }
}

await main();
