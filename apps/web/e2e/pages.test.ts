// End to end: secrets never shown, documents rendered safely and linked, the traversal viewer, costs, configs.
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

describe('pages', () => {
  it('adds a secret and sets a new value without the value ever reaching the page', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const dashboard = await openDashboardPage(browser);
    const { page } = dashboard;
    const first = `first-value-${Date.now()}-xyzzy`;
    const second = `second-value-${Date.now()}-plugh`;
    const name = `stripe_key_${Date.now() % 100000}`;
    const bodies: string[] = [];
    page.on('response', async (response) => {
      if (response.url().includes('/api/')) bodies.push(await response.text().catch(() => ''));
    });
    await page.goto(`${server.url}/orgs/${demo.orgId}/projects/${demo.projectId}/secrets`);
    await signInWithKey(page, server.url, server.apiKey);
    // The demo's own secret is listed by name and version only.
    await page.getByRole('cell', { name: 'demo_password', exact: true }).waitFor();
    const form = page.getByRole('form', { name: 'Add a secret' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Value').fill(first);
    await form.getByRole('button', { name: 'Add secret' }).click();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('v1');
    await expect(form.getByLabel('Value').inputValue()).resolves.toBe('');

    await row.getByRole('button', { name: 'Set new value' }).click();
    const dialog = page.getByRole('dialog', { name: `New value for ${name}` });
    await dialog.getByLabel('New value').fill(second);
    await dialog.getByRole('button', { name: 'Set value' }).click();
    await expect.poll(() => row.textContent()).toContain('v2');
    await page.reload();
    await page.getByRole('row').filter({ hasText: name }).waitFor();

    const html = await page.content();
    expect(html).not.toContain(first);
    expect(html).not.toContain(second);
    expect(bodies.join('\n')).not.toContain(first);
    expect(bodies.join('\n')).not.toContain(second);
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });

  it('renders a Markdown document safely, edits it and links it to a test case', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const dashboard = await openDashboardPage(browser);
    const { page } = dashboard;
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const name = `Sign-in rules ${Date.now()}`;
    await page.goto(`${server.url}/orgs/${demo.orgId}/projects/${demo.projectId}/documents`);
    await signInWithKey(page, server.url, server.apiKey);
    await page.getByRole('button', { name: 'New document' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Create and edit' }).click();
    await page.waitForURL(/\/documents\/[a-z0-9]+\?edit=1$/);
    await page
      .getByLabel('Markdown')
      .fill(
        [
          '## Rules',
          '',
          '- A wrong password shows **an error**',
          '',
          '<img src=x onerror="alert(\'xss\')">',
          '<script>alert("xss")</script>',
          '[a link](javascript:alert(1))',
        ].join('\n'),
      );
    // The preview renders as you type.
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'Rules' }).waitFor();
    await page.getByRole('button', { name: 'Save document' }).click();
    await page.waitForURL((url) => !url.search.includes('edit'));
    const article = page.locator('article .markdown');
    await article.getByRole('heading', { level: 2, name: 'Rules' }).waitFor();
    await expect(article.locator('strong').textContent()).resolves.toBe('an error');
    await expect(article.locator('script').count()).resolves.toBe(0);
    await expect(article.locator('[onerror]').count()).resolves.toBe(0);
    await expect(article.locator('a[href^="javascript"]').count()).resolves.toBe(0);

    // Linking: choose the test case the document backs; the test case then shows it.
    const testCases = await api<{ items: Array<{ id: string; name: string }> }>(
      server.url,
      server.apiKey,
      'GET',
      `/api/orgs/${demo.orgId}/projects/${demo.projectId}/test-cases?search=${encodeURIComponent('Sign-in refuses')}`,
    );
    const target = testCases.items[0];
    if (!target)
      throw new Error('the demo test case "Sign-in refuses a wrong password" is missing');
    await page.getByLabel('Test case it backs').selectOption(target.id);
    await page.getByRole('link', { name: `Open “${target.name}”` }).click();
    await page.getByRole('region', { name: 'Where' }).getByRole('link', { name }).waitFor();
    expect(dialogs).toEqual([]);
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });

  it('shows a recorded traversal step by step with its goals, memory and actions', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const testCases = await api<{ items: Array<{ id: string; name: string }> }>(
      server.url,
      server.apiKey,
      'GET',
      `/api/orgs/${demo.orgId}/projects/${demo.projectId}/test-cases?search=${encodeURIComponent('Sign in with the demo account')}`,
    );
    const testCase = testCases.items[0];
    if (!testCase) throw new Error('the demo test case "Sign in with the demo account" is missing');
    const dashboard = await openDashboardPage(browser);
    const { page } = dashboard;
    await page.goto(
      `${server.url}/orgs/${demo.orgId}/projects/${demo.projectId}/test-cases/${testCase.id}`,
    );
    await signInWithKey(page, server.url, server.apiKey);
    const matrix = page.getByRole('table', { name: /Browser configs, latest version/ });
    await matrix.getByRole('link', { name: 'v1' }).first().click();
    await page.getByRole('heading', { level: 1, name: /^Version 1 on / }).waitFor();
    const steps = page.locator('.brain-states > li');
    await expect.poll(() => steps.count()).toBeGreaterThan(1);
    await expect(steps.first().textContent()).resolves.toContain('Evaluation of the previous goal');
    await expect(steps.first().textContent()).resolves.toContain('Memory');
    // The secret the test types appears by name only.
    const panel = page.getByRole('region', { name: 'Expected outcome' });
    await expect(panel.textContent()).resolves.toContain('demo_password');
    await expect(page.locator('main').textContent()).resolves.toContain('‹secret demo_password›');
    await expect(page.locator('code.locator').count()).resolves.toBeGreaterThan(0);
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });

  it('shows costs per day, model and test case for the chosen period', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const dashboard = await openDashboardPage(browser);
    const { page } = dashboard;
    await page.goto(`${server.url}/orgs/${demo.orgId}/projects/${demo.projectId}/costs?range=7d`);
    await signInWithKey(page, server.url, server.apiKey);
    await page.getByRole('list', { name: 'Totals' }).waitFor();
    await expect(page.getByLabel('Period').inputValue()).resolves.toBe('7d');
    // Replays use no model: the demo has no cost, and the page says why instead of drawing empty charts.
    await page.getByText('No model costs in this period').waitFor();
    await expect(page.getByRole('list', { name: 'Totals' }).textContent()).resolves.toContain(
      '$0.00',
    );
    await page.getByLabel('Period').selectOption('90d');
    await page.waitForURL(/range=90d/);
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });

  it('creates a browser config and a test config, reporting invalid settings field by field', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const dashboard = await openDashboardPage(browser);
    dashboard.expectHttpErrors(400);
    const { page } = dashboard;
    await page.goto(`${server.url}/orgs/${demo.orgId}/browser-configs`);
    await signInWithKey(page, server.url, server.apiKey);
    await page
      .getByRole('cell', { name: /Desktop Chromium/ })
      .first()
      .waitFor();
    const name = `Tablet ${Date.now() % 100000}`;
    await page.getByRole('button', { name: 'New browser config' }).click();
    const dialog = page.getByRole('dialog', { name: 'New browser config' });
    await dialog.getByLabel('Name').fill(name);
    await dialog
      .getByLabel('Settings (JSON)')
      .fill('{"browser":"chromium","viewport":{"width":50,"height":768}}');
    await dialog.getByRole('button', { name: 'Save browser config' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'viewport.width' }).waitFor();
    await dialog
      .getByLabel('Settings (JSON)')
      .fill('{"browser":"chromium","viewport":{"width":1024,"height":768},"locale":"de-DE"}');
    await dialog.getByRole('button', { name: 'Save browser config' }).click();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('1024×768');

    await page.goto(`${server.url}/orgs/${demo.orgId}/projects/${demo.projectId}/test-configs`);
    await page.getByRole('cell', { name: 'default', exact: true }).waitFor();
    const configName = `staging-${Date.now() % 100000}`;
    await page.getByRole('button', { name: 'New test config' }).click();
    const configDialog = page.getByRole('dialog', { name: 'New test config' });
    await configDialog.getByLabel('Name').fill(configName);
    await configDialog.getByLabel('Max agent steps').fill('40');
    await configDialog.getByLabel('Repair').selectOption('never');
    await configDialog.getByRole('button', { name: 'Save test config' }).click();
    const configRow = page.getByRole('row').filter({ hasText: configName });
    await configRow.waitFor();
    await expect(configRow.textContent()).resolves.toContain('40 steps');
    await expect(configRow.textContent()).resolves.toContain('never');
    expect(dashboard.problems()).toEqual([]);
    await dashboard.close();
  });
});
