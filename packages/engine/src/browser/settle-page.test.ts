import { startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-session.ts';
import { waitForSettledPage } from './settle-page.ts';
import { TEST_CHROMIUM_PATH } from './test-helpers.ts';

let server: FixtureServer;
let session: BrowserSession;

beforeAll(async () => {
  server = await startFixtureServer();
  session = await openBrowserSession({ launch: { executablePath: TEST_CHROMIUM_PATH } });
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('waitForSettledPage', () => {
  it('waits for slow requests and the DOM they update, not just the load event', async () => {
    const page = session.page;
    await page.goto(server.url('/slow/?delay=700'), { waitUntil: 'commit' });
    const result = await waitForSettledPage(page, { capMs: 10_000 });
    expect(result).toMatchObject({ settled: true, reason: 'quiet' });
    // No waiting here: the content must already be on the page.
    expect(await page.locator('#content').textContent()).toBe('Report ready: 3 new sign-ups');
    expect(await page.locator('#loading').isHidden()).toBe(true);
  });

  it('waits for the request a click starts', async () => {
    const page = session.page;
    await page.goto(server.url('/slow/?delay=500'));
    await waitForSettledPage(page);
    await page.getByRole('button', { name: 'Load more' }).click();
    expect(await waitForSettledPage(page)).toMatchObject({ settled: true });
    expect(await page.locator('#more li').allTextContents()).toEqual(['Older entry 1']);
  });

  it('follows a navigation that starts while it waits', async () => {
    const page = session.page;
    await page.goto(server.url('/widgets/'));
    await page.evaluate(() => setTimeout(() => (location.href = '/slow/?delay=300'), 50));
    expect(await waitForSettledPage(page, { capMs: 10_000 })).toMatchObject({ settled: true });
    expect(page.url()).toContain('/slow/');
    expect(await page.locator('#content').textContent()).toBe('Report ready: 3 new sign-ups');
  });

  it('gives up at the cap on a page that never goes quiet', async () => {
    const page = session.page;
    await page.goto(server.url('/slow/ticker.html'));
    const result = await waitForSettledPage(page, { capMs: 800 });
    expect(result).toMatchObject({ settled: false, reason: 'cap' });
    expect(result.waitedMs).toBeGreaterThanOrEqual(800);
  });

  it('stops with CANCELLED when its signal fires', async () => {
    const page = session.page;
    await page.goto(server.url('/slow/ticker.html'));
    const controller = new AbortController();
    const waiting = waitForSettledPage(page, { capMs: 30_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('reports a closed page instead of throwing', async () => {
    const page = await session.context.newPage();
    await page.close();
    expect(await waitForSettledPage(page)).toMatchObject({ settled: false, reason: 'closed' });
  });
});
