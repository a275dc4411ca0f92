// End to end: creating a test case with tags, finding it by tag and search, and a concurrent edit refused.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, findDemoProject } from './test-support/api-requests.ts';
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

describe('test cases', () => {
  it('creates a test case with an existing and a new tag, shown as coloured chips and filterable', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const dashboard = await openDashboardPage(browser);
    const { page } = dashboard;
    const name = `Wishlist keeps items ${Date.now()}`;
    const newTag = `wishlist-${Date.now() % 100000}`;
    await page.goto(`${server.url}/orgs/${demo.orgId}/projects/${demo.projectId}/test-cases`);
    await signInWithKey(page, server.url, server.apiKey);
    await page.getByRole('link', { name: 'New test case' }).click();
    await page.getByLabel('Name').fill(name);
    await page
      .getByLabel('What the test does')
      .fill('Add the Trail Backpack to the wishlist and reload.');
    await page.getByLabel('Expected outcome').fill('The wishlist still lists the Trail Backpack.');
    await page.getByLabel('Start URL').fill('/product.html?id=trail-backpack');
    await page.getByLabel('Allowed domains').fill('cdn.example.com\n*.stripe.com');
    await page.getByRole('checkbox', { name: 'smoke' }).check();
    await page.getByPlaceholder('e.g. smoke').fill(newTag);
    await page.getByLabel('Colour').fill('#b83280');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: newTag }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: 'Pixel 7 (emulated in Chromium)' }).check();
    await page.getByRole('button', { name: 'Create test case' }).click();

    await page.getByRole('heading', { level: 1, name }).waitFor();
    const where = page.getByRole('region', { name: 'Where' });
    await expect(where.getByText('cdn.example.com').isVisible()).resolves.toBe(true);
    await expect(where.getByText('/product.html?id=trail-backpack').isVisible()).resolves.toBe(
      true,
    );
    const chip = where.locator('.tag-chip', { hasText: newTag });
    await expect(chip.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe(
      'rgb(184, 50, 128)',
    );
    await expect(where.locator('.tag-chip', { hasText: 'smoke' }).count()).resolves.toBe(1);
    // The matrix lists both browser configs, neither recorded nor run yet.
    const matrix = page.getByRole('table', { name: /Browser configs, latest version/ });
    await expect(matrix.getByText('Not recorded yet').count()).resolves.toBe(2);

    // The new tag filters the list down to this test case; the filter is in the URL.
    await page.getByRole('link', { name: 'Test cases' }).last().click();
    await page
      .getByRole('group', { name: 'Filter by tag' })
      .getByRole('button', { name: newTag })
      .click();
    await page.waitForURL(/[?&]tag=/);
    const rows = page.getByRole('table', { name: 'Test cases' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain(name);

    // Search by name, shared through the URL.
    await page.getByRole('button', { name: 'All tags' }).click();
    await page.getByRole('searchbox').fill('wishlist keeps');
    await page.waitForURL(/[?&]q=wishlist/);
    await expect.poll(() => rows.count()).toBe(1);

    const created = await api<{
      items: Array<{ name: string; tagIds: string[]; allowedDomains: string[] }>;
    }>(
      server.url,
      server.apiKey,
      'GET',
      `/api/orgs/${demo.orgId}/projects/${demo.projectId}/test-cases?search=${encodeURIComponent(name)}`,
    );
    expect(created.items[0]?.tagIds).toHaveLength(2);
    expect(created.items[0]?.allowedDomains).toEqual(['cdn.example.com', '*.stripe.com']);
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });

  it('refuses an edit made over someone else’s change and says to reload', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const testCase = await api<{ id: string; updatedAt: string }>(
      server.url,
      server.apiKey,
      'POST',
      `/api/orgs/${demo.orgId}/projects/${demo.projectId}/test-cases`,
      {
        name: `Concurrent edit ${Date.now()}`,
        testDescription: 'Open the catalog.',
        expectedOutcome: 'The catalog is shown.',
        urlRoute: '/',
      },
    );
    const dashboard = await openDashboardPage(browser);
    dashboard.expectHttpErrors(412);
    const { page } = dashboard;
    await page.goto(
      `${server.url}/orgs/${demo.orgId}/projects/${demo.projectId}/test-cases/${testCase.id}/edit`,
    );
    await signInWithKey(page, server.url, server.apiKey);
    await page.getByLabel('Expected outcome').waitFor();
    // Someone else changes the test case meanwhile.
    await api(
      server.url,
      server.apiKey,
      'PATCH',
      `/api/orgs/${demo.orgId}/test-cases/${testCase.id}`,
      {
        expectedOutcome: 'Changed by a colleague.',
      },
    );
    await page.getByLabel('Expected outcome').fill('My own change.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'changed by someone else' });
    await alert.waitFor();
    await page.getByRole('button', { name: 'Reload the test case' }).click();
    await expect
      .poll(() => page.getByLabel('Expected outcome').inputValue())
      .toBe('Changed by a colleague.');
    await page.getByLabel('Expected outcome').fill('My change, applied again.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('My change, applied again.').waitFor();
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });
});
