import { startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isBrowserError } from '../browser/browser-errors.ts';
import { openBrowserSession, type BrowserSession } from '../browser/browser-session.ts';
import { launchBrowser, type LaunchedBrowser } from '../browser/launch-browser.ts';
import { TEST_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import { watchStep } from './settle-step.ts';

let browser: LaunchedBrowser;
let server: FixtureServer;
let session: BrowserSession;

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await launchBrowser({ executablePath: TEST_CHROMIUM_PATH });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
beforeEach(async () => {
  session = await openBrowserSession({ browser });
  // A page of the fixture server, so fetches are same-origin.
  await session.page.goto(server.url('/index.html'));
});
afterEach(async () => {
  await session?.close();
});

const settleOptions = () => ({ capMs: 5_000, quietMs: 50, signal: new AbortController().signal });

async function show(html: string): Promise<void> {
  await session.page.evaluate((body) => {
    document.body.innerHTML = body;
    for (const old of document.querySelectorAll('script[data-test]')) old.remove();
  }, html);
}

async function addScript(source: string): Promise<void> {
  await session.page.addScriptTag({ content: source });
}

/**
 * A Go button whose click changes the page at once (so the action is seen to change the DOM however late the
 * page's timers run) and then every 10 ms, forever.
 */
async function showEndlessCounter(): Promise<void> {
  await show('<button id="go">Go</button><p id="out">0</p>');
  await addScript(`document.getElementById('go').addEventListener('click', () => {
    const bump = () => { const out = document.getElementById('out'); out.textContent = String(Number(out.textContent) + 1); };
    bump();
    setInterval(bump, 10);
  });`);
}

describe('watchStep: the settled page after a replayed action', () => {
  it('waits for a request the action started and the DOM update its answer brings', async () => {
    await show('<button id="load">Load</button><p id="out">nothing yet</p>');
    await addScript(`document.getElementById('load').addEventListener('click', async () => {
      const answer = await (await fetch('/api/slow?delay=300&text=loaded')).json();
      document.getElementById('out').textContent = answer.text;
    });`);
    const watch = await watchStep(session, 'click');
    expect(watch.domOnly()).toBe(true);
    await session.page.locator('#load').click();
    expect(await watch.settle(settleOptions())).toBe(true);
    // The request made it more than a DOM change (a screenshot started early would not be kept).
    expect(watch.domOnly()).toBe(false);
    expect(watch.settledReading()).toBeNull();
    expect(await session.page.locator('#out').textContent()).toBe('loaded');
  });

  it('waits until timer-driven DOM changes stop for the quiet window', async () => {
    await show('<button id="go">Go</button><p id="out">0</p>');
    await addScript(`document.getElementById('go').addEventListener('click', () => {
      let n = 0;
      const tick = () => { document.getElementById('out').textContent = String(++n); if (n < 5) setTimeout(tick, 30); };
      tick();
    });`);
    const watch = await watchStep(session, 'click');
    await session.page.locator('#go').click();
    expect(watch.domOnly()).toBe(true);
    expect(await watch.settle(settleOptions())).toBe(true);
    expect(await session.page.locator('#out').textContent()).toBe('5');
    // Settled by the DOM alone: the wait answers with the settled page's reading (the screenshot check uses it).
    expect(watch.settledReading()).toMatchObject({
      total: expect.any(Number) as number,
      scrollX: 0,
      scrollY: 0,
      url: session.page.url(),
    });
    expect(watch.settledReading()?.total).toBeGreaterThanOrEqual(5);
  });

  it('settles a navigation the action caused on the new document', async () => {
    await show(`<a id="next" href="${server.url('/slow-page?delay=200')}">Next</a>`);
    const watch = await watchStep(session, 'click');
    await session.page.locator('#next').click();
    expect(await watch.settle(settleOptions())).toBe(true);
    expect(watch.domOnly()).toBe(false);
    expect(await session.page.locator('h1').textContent()).toBe('Slow page');
  });

  it('lets read-only work start once the wait for a quiet page begins, on the document the action left', async () => {
    // A DOM change: at once, while the DOM settles.
    await show('<button id="add">Add</button><ul id="list"></ul>');
    await addScript(`document.getElementById('add').addEventListener('click', () => {
      document.getElementById('list').append(document.createElement('li'));
    });`);
    let watch = await watchStep(session, 'click');
    const before = watch.startReading();
    expect(before).toMatchObject({ total: expect.any(Number), url: session.page.url() });
    await session.page.locator('#add').click();
    const calls: string[] = [];
    expect(await watch.settle({ ...settleOptions(), whileQuieting: () => calls.push('dom') })).toBe(
      true,
    );
    expect(calls).toEqual(['dom']);
    expect(watch.settledReading()?.total).toBeGreaterThan(before?.total ?? Infinity);
    // A navigation: on the new document once it has loaded (perhaps also on the old one before it was replaced).
    await show(`<a id="next" href="${server.url('/slow-page?delay=200')}">Next</a>`);
    watch = await watchStep(session, 'click');
    await session.page.locator('#next').click();
    const urls: string[] = [];
    const settled = await watch.settle({
      ...settleOptions(),
      whileQuieting: () => urls.push(session.page.url()),
    });
    expect(settled).toBe(true);
    expect(urls.at(-1)).toContain('/slow-page');
  });

  it('is settled at once after typing into a field nothing listens to', async () => {
    await show('<label for="name">Name</label><input id="name">');
    const watch = await watchStep(session, 'input_text');
    await session.page.locator('#name').fill('Ada');
    expect(await watch.settle(settleOptions())).toBe(true);
  });

  it('gives up at the cap on a page that never stops changing', async () => {
    await showEndlessCounter();
    // A quiet window far longer than a tick keeps a loaded machine's late timers from looking like a quiet page.
    const watch = await watchStep(session, 'click');
    await session.page.locator('#go').click();
    expect(await watch.settle({ ...settleOptions(), quietMs: 400, capMs: 800 })).toBe(false);
  });

  it('needs no settling after an action that does not change the page', async () => {
    const watch = await watchStep(session, 'assert_text_visible');
    expect(await watch.settle(settleOptions())).toBe(true);
    // Nothing to wait for, so no screenshot is started early either.
    expect(watch.domOnly()).toBe(false);
  });

  it('stops when cancelled', async () => {
    await showEndlessCounter();
    const watch = await watchStep(session, 'click');
    await session.page.locator('#go').click();
    const controller = new AbortController();
    // A quiet window far longer than the abort delay: only the cancellation can end this wait, however loaded the machine.
    setTimeout(() => controller.abort(), 100);
    const error = await watch
      .settle({ capMs: 30_000, quietMs: 5_000, signal: controller.signal })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(isBrowserError(error, 'CANCELLED')).toBe(true);
  });
});
