// End to end: an admin creates a guest key in the dashboard; the guest sees no edit, run or delete control,
// and the API refuses the guest's direct requests anyway.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, callApi, findDemoProject } from './test-support/api-requests.ts';
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

const FORBIDDEN_CONTROLS = [
  /^New test case$/,
  /^Run…?$/,
  /^Run on /,
  /^Edit\b/,
  /^Delete/,
  /^Cancel run$/,
  /^Set new value$/,
  /^Add secret$/,
  /^New (project|document|tag|test config|browser config)$/,
  /^Remove /,
  /^Revoke/,
];

async function controlNames(page: Page): Promise<string[]> {
  const names = await page
    .locator('main')
    .getByRole('button')
    .evaluateAll((elements) =>
      elements.map((element) => element.getAttribute('aria-label') ?? element.textContent ?? ''),
    );
  const links = await page
    .locator('main')
    .getByRole('link')
    .evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
  return [...names, ...links].map((name) => name.trim());
}

describe('a guest', () => {
  it('gets a read-only key from an admin, sees no edit, run or delete control, and the API refuses them', async () => {
    const demo = await findDemoProject(server.url, server.apiKey);
    const base = `${server.url}/orgs/${demo.orgId}/projects/${demo.projectId}`;

    // The admin creates a guest API key on the API keys page; it is shown once.
    const admin = await openDashboardPage(browser);
    await admin.page.goto(`${server.url}/orgs/${demo.orgId}/api-keys`);
    await signInWithKey(admin.page, server.url, server.apiKey);
    await admin.page.getByLabel('Name').fill('Read-only reviewer');
    await admin.page.getByLabel('Role').selectOption('guest');
    await admin.page.getByRole('button', { name: 'Create API key' }).click();
    const token = (await admin.page.getByTestId('new-api-key').textContent())?.trim() ?? '';
    expect(token).toMatch(/^rtk_/);
    await admin.page.getByRole('button', { name: 'Done' }).click();
    await admin.page.getByRole('cell', { name: 'Read-only reviewer', exact: true }).waitFor();
    expect(admin.problems()).toEqual([]);
    await admin.close();

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

    const guest = await openDashboardPage(browser);
    const { page } = guest;
    await page.goto(`${base}/test-cases`);
    await signInWithKey(page, server.url, token);
    await page.getByText('Guest (read-only)').first().waitFor();
    const pages = [
      `${base}/test-cases`,
      `${base}/test-cases/${run.testCaseId}`,
      `${base}/runs`,
      `${base}/runs/${run.id}`,
      `${base}/traversals/${run.testTraversalId}`,
      `${base}/secrets`,
      `${base}/tags`,
      `${base}/test-configs`,
      `${base}/settings`,
      ...(documents.items[0]
        ? [`${base}/documents`, `${base}/documents/${documents.items[0].id}`]
        : []),
      `${server.url}/orgs/${demo.orgId}`,
      `${server.url}/orgs/${demo.orgId}/browser-configs`,
      `${server.url}/orgs/${demo.orgId}/members`,
    ];
    for (const url of pages) {
      await page.goto(url);
      await page.locator('main h1').first().waitFor();
      // Not 'networkidle': pages that follow runs live keep an event stream open.
      await expect.poll(() => page.locator('.state-loading').count(), { timeout: 20_000 }).toBe(0);
      const offending = (await controlNames(page)).filter((name) =>
        FORBIDDEN_CONTROLS.some((pattern) => pattern.test(name)),
      );
      expect({ url, offending }).toEqual({ url, offending: [] });
    }
    // The sidebar hides admin pages, and the edit form itself refuses a guest who types its URL.
    await expect(
      page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'API keys' })
        .count(),
    ).resolves.toBe(0);
    await page.goto(`${base}/test-cases/${run.testCaseId}/edit`);
    await page.getByText('Your role cannot edit test cases').waitFor();
    expect(guest.problems()).toEqual([]);
    await guest.close();

    // And the API refuses the same actions when the guest calls it directly.
    const edit = await callApi(
      server.url,
      token,
      'PATCH',
      `/api/orgs/${demo.orgId}/test-cases/${run.testCaseId}`,
      {
        name: 'renamed by a guest',
      },
    );
    expect(edit.status).toBe(403);
    expect((edit.body as { code: string }).code).toBe('FORBIDDEN');
    const trigger = await callApi(
      server.url,
      token,
      'POST',
      `/api/orgs/${demo.orgId}/projects/${demo.projectId}/runs`,
      {
        all: true,
      },
    );
    expect(trigger.status).toBe(403);
    const remove = await callApi(
      server.url,
      token,
      'DELETE',
      `/api/orgs/${demo.orgId}/runs/${run.id}`,
    );
    expect(remove.status).toBe(403);
    const secret = await callApi(
      server.url,
      token,
      'POST',
      `/api/orgs/${demo.orgId}/projects/${demo.projectId}/secrets`,
      {
        name: 'guest_secret',
        value: 'nope',
      },
    );
    expect(secret.status).toBe(403);
    const read = await callApi(server.url, token, 'GET', `/api/orgs/${demo.orgId}/runs/${run.id}`);
    expect(read.status).toBe(200);
  });
});
