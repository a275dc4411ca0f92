// End to end: running the demo suite from the dashboard, watching a run live, reading a failed run.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, findDemoProject, waitForRunToFinish } from './test-support/api-requests.ts';
import {
  launchChromium,
  openDashboardPage,
  signInWithKey,
} from './test-support/dashboard-browser.ts';
import { createFailingTestCase, FAILING_EXPECTATION } from './test-support/failing-test-case.ts';

const server = inject('retrace');
let browser: Browser;

/** The demo suite: every demo test that has a recorded path (the description-only one is tagged agentic). */
const SUITE_TAGS = ['smoke', 'catalog', 'checkout', 'auth'];
const SUITE_RUNS = 11;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Records every text the page's live region shows, so a test can tell it updated without a reload. */
async function recordLiveTexts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { liveTexts: string[] }).liveTexts = seen;
    const note = () => {
      const text = document.querySelector('[data-testid="live-progress"]')?.textContent;
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    };
    note();
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

describe('runs', () => {
  it('runs the demo suite from the dashboard and the runs list follows it live to all passed', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const dashboard = await openDashboardPage(browser);
    const { page } = dashboard;
    await page.goto(`${server.url}/orgs/${demo.orgId}/projects/${demo.projectId}/test-cases`);
    await signInWithKey(page, server.url, server.apiKey);
    await page.getByRole('button', { name: 'Run…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run tests' });
    await dialog.getByRole('radio', { name: 'Test cases with any of these tags' }).check();
    for (const tag of SUITE_TAGS) {
      await dialog.getByRole('checkbox', { name: tag, exact: true }).check();
    }
    await dialog.getByLabel('Mode').selectOption('replay');
    await dialog.getByRole('button', { name: 'Start runs' }).click();

    await page.waitForURL(/\/runs\?batch=/);
    const batchId = new URL(page.url()).searchParams.get('batch') ?? '';
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const rows = page.getByRole('table', { name: 'Runs' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(SUITE_RUNS);
    // No reload: the page's own event stream turns every row green.
    await expect
      .poll(() => page.locator('tbody tr[data-state="PASSED"]').count(), {
        timeout: 300_000,
        interval: 1_000,
      })
      .toBe(SUITE_RUNS);
    const listed = await api<{ items: Array<{ state: string }> }>(
      server.url,
      server.apiKey,
      'GET',
      `/api/orgs/${demo.orgId}/projects/${demo.projectId}/runs?batchId=${encodeURIComponent(batchId)}&limit=50`,
    );
    expect(listed.items.map((run) => run.state)).toEqual(Array(SUITE_RUNS).fill('PASSED'));
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });

  it('follows a run live from queued to passed, step by step, without reloading', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const testCases = await api<{ items: Array<{ id: string; name: string }> }>(
      server.url,
      server.apiKey,
      'GET',
      `/api/orgs/${demo.orgId}/projects/${demo.projectId}/test-cases?search=${encodeURIComponent('Add items to the cart')}`,
    );
    const testCase = testCases.items[0];
    if (!testCase) throw new Error('the demo test case "Add items to the cart" is missing');
    const dashboard = await openDashboardPage(browser);
    const { page } = dashboard;
    const streams: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/events')) streams.push(request.url());
    });
    await page.goto(
      `${server.url}/orgs/${demo.orgId}/projects/${demo.projectId}/test-cases/${testCase.id}`,
    );
    await signInWithKey(page, server.url, server.apiKey);
    await page.getByRole('heading', { level: 1, name: testCase.name }).waitFor();
    // One browser config: one run, so the dashboard opens that run at once.
    await page.getByRole('button', { name: 'Run on Desktop Chromium 1280×720' }).click();
    await page.waitForURL(/\/runs\/[a-z0-9]+$/);
    const runId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.locator('[data-testid="live-progress"]').waitFor();
    await recordLiveTexts(page);

    await page.locator('[data-run-state="PASSED"]').waitFor({ timeout: 180_000 });
    const texts = await page.evaluate(
      () => (window as unknown as { liveTexts: string[] }).liveTexts,
    );
    expect(texts.some((text) => /^(Queued|Running|Connecting)/.test(text))).toBe(true);
    expect(texts.some((text) => text.startsWith('Running step'))).toBe(true);
    expect(streams.some((url) => url.includes(`/runs/${runId}/events`))).toBe(true);
    // The finished run shows its full timeline with screenshots, fetched without a reload.
    const steps = page.getByRole('list', { name: 'Executed actions' }).locator(':scope > li');
    await expect.poll(() => steps.count()).toBeGreaterThan(3);
    await expect(page.locator('[data-state="FAILED"]').count()).resolves.toBe(0);
    const run = await waitForRunToFinish(server.url, server.apiKey, demo.orgId, runId);
    expect(run.state).toBe('PASSED');
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });

  it('opens a failed run from the runs list and shows its failure reason and screenshots', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const failing = await createFailingTestCase(server.url, server.apiKey, demo);
    const triggered = await api<{ runs: Array<{ id: string }> }>(
      server.url,
      server.apiKey,
      'POST',
      `/api/orgs/${demo.orgId}/projects/${demo.projectId}/runs`,
      { testCaseIds: [failing.testCaseId], mode: 'replay' },
    );
    const runId = triggered.runs[0]?.id ?? '';
    const finished = await waitForRunToFinish(server.url, server.apiKey, demo.orgId, runId);
    expect(finished.state).toBe('FAILED');

    const dashboard = await openDashboardPage(browser);
    const { page } = dashboard;
    await page.goto(`${server.url}/orgs/${demo.orgId}/projects/${demo.projectId}/runs`);
    await signInWithKey(page, server.url, server.apiKey);
    await page.getByLabel('State').selectOption('FAILED');
    await page.waitForURL(/state=FAILED/);
    await page
      .getByRole('link', { name: `Failed run of ${failing.name} on Desktop Chromium 1280×720` })
      .click();
    await page.waitForURL(new RegExp(`/runs/${runId}$`));

    const failure = page
      .getByRole('alert')
      .filter({ has: page.getByRole('heading', { name: 'Assertion failed' }) });
    await failure.waitFor();
    await expect(failure.textContent()).resolves.toContain(
      `expected text "${FAILING_EXPECTATION}"`,
    );
    await expect(failure.textContent()).resolves.toContain('likely a bug in the app');

    const steps = page.getByRole('list', { name: 'Executed actions' }).locator(':scope > li');
    await expect.poll(() => steps.count()).toBe(2);
    await expect(steps.nth(0).getAttribute('data-state')).resolves.toBe('PASSED');
    await expect(steps.nth(1).getAttribute('data-state')).resolves.toBe('FAILED');
    await expect(steps.nth(0).textContent()).resolves.toContain('Found by its locator');
    await expect(steps.nth(1).textContent()).resolves.toContain('Cart (1)');
    // Each step's screenshot really loads (signed URL), and the acted element is outlined.
    const images = page.locator('.timeline img');
    await expect.poll(() => images.count()).toBe(2);
    for (const image of await images.all()) {
      await image.scrollIntoViewIfNeeded();
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
        .toBe(true);
    }
    await expect.poll(() => page.locator('[data-testid="element-outline"]').count()).toBe(2);
    await expect
      .poll(() =>
        page
          .locator('.gif img')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      )
      .toBe(true);

    // The screenshot opens large in a dialog, and Escape closes it.
    await steps
      .nth(1)
      .getByRole('button', { name: /Enlarge the screenshot/ })
      .click();
    const large = page.getByRole('dialog');
    await large.locator('img').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => large.isVisible()).toBe(false);
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });
});
