// End to end: every main page loads without console errors, fits a phone screen, and is reachable by keyboard.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, findDemoProject } from './test-support/api-requests.ts';
import {
  launchChromium,
  openDashboardPage,
  overflowsHorizontally,
  signInWithKey,
} from './test-support/dashboard-browser.ts';

const server = inject('retrace');
let browser: Browser;
let mainPages: string[] = [];
let projectName = '';

beforeAll(async () => {
  browser = await launchChromium();
  const demo = await findDemoProject(server.url, server.apiKey);
  projectName = demo.projectName;
  const base = `/orgs/${demo.orgId}/projects/${demo.projectId}`;
  const runs = await api<{
    items: Array<{ id: string; testCaseId: string; testTraversalId: string | null }>;
  }>(
    server.url,
    server.apiKey,
    'GET',
    `/api/orgs/${demo.orgId}/projects/${demo.projectId}/runs?state=PASSED&limit=1`,
  );
  const run = runs.items[0];
  if (!run?.testTraversalId) throw new Error('the demo has no passed run');
  const documents = await api<{ items: Array<{ id: string }> }>(
    server.url,
    server.apiKey,
    'GET',
    `/api/orgs/${demo.orgId}/projects/${demo.projectId}/documents`,
  );
  mainPages = [
    `/orgs/${demo.orgId}`,
    `${base}/test-cases`,
    `${base}/test-cases/${run.testCaseId}`,
    `${base}/test-cases/new`,
    `${base}/traversals/${run.testTraversalId}`,
    `${base}/runs`,
    `${base}/runs/${run.id}`,
    `${base}/costs`,
    `${base}/documents`,
    ...(documents.items[0] ? [`${base}/documents/${documents.items[0].id}`] : []),
    `${base}/secrets`,
    `${base}/tags`,
    `${base}/test-configs`,
    `${base}/settings`,
    `/orgs/${demo.orgId}/browser-configs`,
    `/orgs/${demo.orgId}/members`,
    `/orgs/${demo.orgId}/api-keys`,
    `/orgs/${demo.orgId}/settings`,
  ];
});

afterAll(async () => {
  await browser?.close();
});

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.locator('main h1').first().waitFor();
  // Not 'networkidle': the runs pages hold a live event stream open for as long as they are shown.
  await expect.poll(() => page.locator('.state-loading').count(), { timeout: 20_000 }).toBe(0);
  await expect(page.locator('.state-error').count()).resolves.toBe(0);
}

describe('quality', () => {
  it('shows every main page at 1280×720 with its content and no console error', async () => {
    const dashboard = await openDashboardPage(browser);
    await dashboard.page.goto(server.url);
    await signInWithKey(dashboard.page, server.url, server.apiKey);
    for (const path of mainPages) {
      await visit(dashboard.page, path);
      // Each page names itself in the tab title, so shared links read well in history and tabs.
      await expect(dashboard.page.title()).resolves.toMatch(/ · Retrace$/);
    }
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });

  it('fits a phone-sized screen (390×844) without horizontal scrolling, with the menu in a drawer', async () => {
    const dashboard = await openDashboardPage(browser, { viewport: { width: 390, height: 844 } });
    const { page } = dashboard;
    await page.goto(server.url);
    await signInWithKey(page, server.url, server.apiKey);
    for (const path of mainPages) {
      await visit(page, path);
      expect({ path, ...(await overflowsHorizontally(page)) }).toEqual({
        path,
        overflow: false,
        culprit: null,
      });
    }
    // The sidebar is a drawer: hidden until the menu button opens it, and it navigates.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Open menu' }).click();
    await expect.poll(() => nav.isVisible()).toBe(true);
    await nav.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    await expect.poll(() => nav.isVisible()).toBe(false);
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });

  it('reaches the main navigation and the run button with the keyboard alone', async () => {
    const dashboard = await openDashboardPage(browser);
    const { page } = dashboard;
    await page.goto(server.url);
    await signInWithKey(page, server.url, server.apiKey);
    const testCasesPath = mainPages[1] ?? '';
    await page.goto(`${server.url}${testCasesPath}`);
    await page.locator('main h1').first().waitFor();
    await expect.poll(() => page.locator('.state-loading').count(), { timeout: 20_000 }).toBe(0);

    const focused: string[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      focused.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el) return '';
          const inNav = el.closest('nav[aria-label="Main"]') ? 'nav:' : '';
          return `${inNav}${el.tagName.toLowerCase()}:${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim()}`;
        }),
      );
    }
    expect(focused[0]).toBe('a:Skip to content');
    expect(focused).toContain(`nav:a:${projectName}`);
    expect(focused).toContain('nav:a:Runs');
    expect(focused).toContain('nav:a:Members');
    expect(focused).toContain('button:Run…');
    expect(focused).toContain('a:New test case');

    // The run dialog opens from the keyboard, keeps focus inside, and Escape closes it.
    await page.getByRole('button', { name: 'Run…' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Run tests' });
    await dialog.waitFor();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const inside = await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')));
      expect(inside).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // Focus returns to the button that opened the dialog.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Run…');

    // Skip link jumps to the content.
    await page.reload();
    await page.locator('main h1').first().waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#main');
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });
});
