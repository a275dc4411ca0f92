// End to end: signing in with the local key, refusals, returning to the asked page, signing out.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findDemoProject } from './test-support/api-requests.ts';
import {
  launchChromium,
  openDashboardPage,
  signInWithKey,
} from './test-support/dashboard-browser.ts';

const server = inject('retrace');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('signing in', () => {
  it('sends a visitor to the sign-in page and back to the page they asked for', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const dashboard = await openDashboardPage(browser);
    const { page } = dashboard;
    const wanted = `/orgs/${demo.orgId}/projects/${demo.projectId}/runs?state=PASSED`;
    await page.goto(`${server.url}${wanted}`);
    await page.waitForURL(/\/sign-in\?next=/);
    await expect(
      page.getByRole('heading', { name: 'Sign in to Retrace' }).isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByText('This server runs in local mode').isVisible()).resolves.toBe(true);
    await signInWithKey(page, server.url, server.apiKey);
    await page.waitForURL(
      (url) => url.pathname.endsWith('/runs') && url.search === '?state=PASSED',
    );
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    // The shared filter is applied, not just kept in the address bar.
    await expect(page.getByLabel('State').inputValue()).resolves.toBe('PASSED');
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });

  it('refuses a wrong key with the server’s reason and keeps the visitor signed out', async () => {
    const dashboard = await openDashboardPage(browser);
    dashboard.expectHttpErrors(401);
    const { page } = dashboard;
    await page.goto(`${server.url}/sign-in`);
    await page
      .getByLabel('API key', { exact: true })
      .fill('rtk_not-a-real-key-at-all-000000000000');
    await page.getByRole('button', { name: 'Sign in with key' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/unknown or was revoked/);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });

  it('opens the demo project after signing in, and signing out forgets the key', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const dashboard = await openDashboardPage(browser);
    const { page } = dashboard;
    await page.goto(server.url);
    await signInWithKey(page, server.url, server.apiKey);
    await page.waitForURL(new RegExp(`/orgs/${demo.orgId}$`));
    await page.getByRole('link', { name: demo.projectName }).first().waitFor();
    await expect(page.getByLabel('Organization').inputValue()).resolves.toBe(demo.orgId);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${server.url}/orgs/${demo.orgId}`);
    await page.waitForURL(/\/sign-in/);
    const stored = await page.evaluate(() => window.localStorage.getItem('retrace.apiKey'));
    expect(stored).toBeNull();
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });

  it('shows a page for addresses that do not exist', async () => {
    const dashboard = await openDashboardPage(browser);
    const { page } = dashboard;
    await page.goto(`${server.url}/no/such/page`);
    await page.getByText('Page not found').waitFor();
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });
});
