import { startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import { getEncoding } from 'js-tiktoken';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../browser/browser-session.ts';
import { launchBrowser, type LaunchedBrowser } from '../browser/launch-browser.ts';
import { TEST_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import { checkPageState } from './check-page-state.ts';
import { observePage, PageObservationError, type PageObservation } from './observe-page.ts';
import type { ObservedElement } from './observed-element.ts';

const encoder = getEncoding('o200k_base');
const countTokens = (text: string): number => encoder.encode(text).length;

let server: FixtureServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await launchBrowser({ executablePath: TEST_CHROMIUM_PATH });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function withPage<T>(
  path: string,
  work: (page: Page, session: BrowserSession) => Promise<T>,
): Promise<T> {
  const session = await openBrowserSession({
    browser,
    config: { viewport: { width: 1280, height: 720 } },
  });
  try {
    await session.page.goto(server.url(path));
    await session.page.waitForLoadState('networkidle');
    return await work(session.page, session);
  } finally {
    await session.close();
  }
}

function find(observation: PageObservation, role: string, name: string | RegExp): ObservedElement {
  const found = observation.elements.filter(
    (e) => e.role === role && (typeof name === 'string' ? e.name === name : name.test(e.name)),
  );
  if (found.length !== 1) {
    throw new Error(
      `expected one ${role} ${String(name)}, found ${found.length} in:\n${observation.text}`,
    );
  }
  return found[0] as ObservedElement;
}

function locate(observation: PageObservation, role: string, name: string | RegExp): Locator {
  const element = find(observation, role, name);
  const locator = observation.refs.locatorFor(element.ref);
  if (!locator) throw new Error(`ref ${element.ref} does not resolve`);
  return locator;
}

/** Everything an observation would send anywhere, except the refs (functions) and the screenshot bytes. */
function serialized(observation: PageObservation): string {
  const { refs: _refs, screenshot: _screenshot, ...rest } = observation;
  return JSON.stringify(rest);
}

const FIXTURE_PAGES = [
  '/login/',
  '/todo/',
  '/checkout/cart.html',
  '/select/',
  '/modal/',
  '/iframe/',
  '/iframe/cross-origin.html',
  '/shadow/',
  '/tabs/',
  '/slow/?delay=50',
  '/upload/',
  '/widgets/',
  '/page-state/states.html',
  '/page-state/hidden.html',
  '/page-state/secrets.html',
  '/page-state/changes.html',
  '/page-state/long.html',
  '/page-state/generated.html',
];

describe('observePage on every fixture page', () => {
  it.each(FIXTURE_PAGES)(
    '%s: every visible interactive element has a ref resolving to it and every visible text is in the text',
    async (path) => {
      await withPage(path, async (page) => {
        const observation = await observePage(page, { tokenBudget: 100_000 });
        const check = await checkPageState(page, observation, { maxScreens: 3 });
        expect(check.interactive).toBeGreaterThan(0);
        expect(check.missingRefs).toEqual([]);
        expect(check.brokenRefs).toEqual([]);
        expect(check.missingTexts).toEqual([]);
        expect(observation.level).toBe(0);
      });
    },
  );

  it('lists the whole generated page when asked for every screen, with fewer tokens than the aria snapshot', async () => {
    await withPage('/page-state/generated.html', async (page) => {
      const observation = await observePage(page, { tokenBudget: 100_000, maxScreens: 1_000 });
      const check = await checkPageState(page, observation, { maxScreens: 1_000 });
      expect(check.interactive).toBeGreaterThan(500);
      expect(check.missingRefs).toEqual([]);
      expect(check.missingTexts).toEqual([]);
      const snapshot = await page.ariaSnapshot({ mode: 'ai' });
      expect(countTokens(observation.text)).toBeLessThan(countTokens(snapshot) * 0.5);
    });
  });
});

describe('refs act on exactly their element', () => {
  it('signs in through refs and the password never appears', async () => {
    await withPage('/login/', async (page) => {
      const before = await observePage(page);
      await locate(before, 'textbox', 'Username').fill('alice');
      await locate(before, 'textbox', 'Password').fill('wonderland-42');
      const filled = await observePage(page, { previous: before });
      expect(find(filled, 'textbox', 'Username').value).toBe('alice');
      expect(find(filled, 'textbox', 'Password').states).toEqual([
        'password',
        'filled',
        'required',
        'focused',
      ]);
      expect(serialized(filled)).not.toContain('wonderland-42');
      expect(filled.text).not.toMatch(/wonderland|[*•●]{3,}/);
      await locate(filled, 'button', 'Sign in').click();
      await page.waitForURL(/welcome/);
      const welcome = await observePage(page, { previous: filled });
      expect(welcome.text).toContain('alice');
      expect(welcome.changes?.urlChanged?.to).toContain('/login/welcome.html');
    });
  });

  it('clicks the right one of two identical buttons (the second Delete deletes the second row)', async () => {
    await withPage('/modal/', async (page) => {
      const observation = await observePage(page);
      const deletes = observation.elements.filter(
        (e) => e.role === 'button' && e.name === 'Delete',
      );
      expect(deletes).toHaveLength(2);
      await observation.refs.locatorFor(deletes[1]?.ref ?? '')?.click();
      const dialog = await observePage(page, { previous: observation });
      expect(dialog.text).toMatch(/dialog "Delete project\?":/);
      expect(dialog.text).toContain('This permanently deletes "Mobile app".');
      await locate(dialog, 'button', 'Delete project').click();
      const after = await observePage(page, { previous: dialog });
      expect(after.text).toContain('Deleted Mobile app');
      expect(after.text).toContain('Website redesign');
    });
  });

  it('opens the custom dropdown and picks an option through refs; selects a native option', async () => {
    await withPage('/select/', async (page) => {
      const closed = await observePage(page);
      await locate(closed, 'combobox', 'Country').selectOption({ label: 'Germany' });
      await locate(closed, 'combobox', 'Favourite fruit').click();
      const open = await observePage(page, { previous: closed });
      expect(find(open, 'combobox', 'Favourite fruit').states).toContain('expanded');
      expect(open.changes?.added.map((e) => e.name)).toEqual(
        expect.arrayContaining(['Apple', 'Banana', 'Cherry', 'Dragon fruit']),
      );
      await locate(open, 'option', 'Cherry').click();
      const picked = await observePage(page);
      expect(picked.text).toContain('Selected fruit: status: Cherry (cherry)');
      expect(find(picked, 'combobox', 'Country').value).toBe('Germany');
      expect(find(picked, 'combobox', 'Country').options).toContain('Hungary');
    });
  });

  it.each(['/iframe/', '/iframe/cross-origin.html'])(
    '%s: acts inside the iframe through refs',
    async (path) => {
      await withPage(path, async (page) => {
        const observation = await observePage(page);
        expect(observation.text).toMatch(/iframe "Payment details":/);
        const coupon = find(observation, 'textbox', 'Coupon code');
        expect(coupon.frame).not.toBe('');
        await observation.refs.locatorFor(coupon.ref)?.fill('SAVE10');
        await locate(observation, 'button', 'Apply coupon').click();
        const after = await observePage(page, { previous: observation });
        expect(after.text).toContain('Coupon applied: 10% off');
        expect(after.text).toMatch(/iframe "Help":/);
      });
    },
  );

  it('acts inside open shadow roots through refs', async () => {
    await withPage('/shadow/', async (page) => {
      const observation = await observePage(page);
      expect(find(observation, 'textbox', 'Display name').value).toBe('Ada Lovelace');
      await locate(observation, 'button', '3 stars').click();
      await locate(observation, 'button', 'Save profile').click();
      const after = await observePage(page);
      expect(after.text).toContain('Ada Lovelace (3 stars)');
    });
  });

  it('gives refs to clickable elements without a role (chips, cards) and states of custom widgets', async () => {
    await withPage('/page-state/states.html', async (page) => {
      const observation = await observePage(page);
      expect(find(observation, 'textbox', 'Display name').states).toEqual(['required']);
      expect(find(observation, 'textbox', 'Email').states).toEqual(['invalid']);
      expect(find(observation, 'textbox', 'Member ID').states).toEqual(['readonly']);
      expect(find(observation, 'checkbox', 'Weekly digest').states).toEqual(['checked']);
      expect(find(observation, 'checkbox', 'Legacy mailing').states).toEqual(['disabled']);
      expect(find(observation, 'radio', 'Pro').states).toEqual(['checked']);
      expect(find(observation, 'slider', 'Notification volume').value).toBe('7');
      expect(find(observation, 'file', 'Avatar').role).toBe('file');
      expect(find(observation, 'button', 'Bold').states).toEqual(['pressed']);
      expect(find(observation, 'button', 'Advanced options').states).toEqual(['collapsed']);
      expect(find(observation, 'summary', 'Privacy details').states).toEqual(['collapsed']);
      expect(find(observation, 'editable', 'Note').value).toBe('Remember to renew in May');
      expect(find(observation, 'tab', 'General').states).toEqual(['selected']);
      expect(observation.text).toContain('[progressbar 40/100]');
      await locate(observation, 'clickable', 'music').click();
      await locate(observation, 'switch', 'Dark mode').click();
      await locate(observation, 'button', 'Advanced options').click();
      const cards = observation.elements.filter((e) => e.role === 'clickable' && e.name === '');
      expect(cards.length).toBeGreaterThanOrEqual(2);
      await locate(observation, 'clickable', 'Last seen yesterday').click();
      const after = await observePage(page, { previous: observation });
      expect(after.text).toContain('Picked tag: status: music');
      expect(after.text).toContain('Opened device: status: Phone');
      expect(find(after, 'switch', 'Dark mode').states).toEqual(['checked']);
      expect(find(after, 'button', 'Advanced options').states).toEqual(['expanded']);
      expect(find(after, 'textbox', 'API URL').value).toBe('https://api.example.test');
    });
  });
});

describe('refs are safe', () => {
  it('resolves only refs of the observation: unknown ids and selector injections give undefined', async () => {
    await withPage('/login/', async (page) => {
      const observation = await observePage(page);
      const username = find(observation, 'textbox', 'Username');
      expect(username.ref).toMatch(/^\d+$/);
      expect(observation.refs.locatorFor(`[${username.ref}]`)).toBeDefined();
      expect(observation.refs.locatorFor('99999')).toBeUndefined();
      expect(observation.refs.locatorFor(`${username.ref} >> css=body`)).toBeUndefined();
      expect(observation.refs.locatorFor('css=input')).toBeUndefined();
    });
  });

  it('a ref of a page that navigated away matches nothing (never another element)', async () => {
    await withPage('/login/', async (page) => {
      const observation = await observePage(page);
      const locator = locate(observation, 'textbox', 'Username');
      await page.goto(server.url('/todo/'));
      await observePage(page);
      expect(await locator.count()).toBe(0);
    });
  });
});

describe('token budget', () => {
  it.each([
    ['/page-state/generated.html', 600],
    ['/page-state/generated.html', 1_500],
    ['/page-state/long.html', 800],
    ['/page-state/long.html', 1_200],
  ])('%s fits in %i tokens (o200k_base), with the default estimate too', async (path, budget) => {
    await withPage(path, async (page) => {
      const exact = await observePage(page, { tokenBudget: budget, countTokens });
      expect(exact.tokens).toBeLessThanOrEqual(budget);
      expect(countTokens(exact.text)).toBeLessThanOrEqual(budget);
      const estimated = await observePage(page, { tokenBudget: budget });
      expect(countTokens(estimated.text)).toBeLessThanOrEqual(budget);
      expect(exact.level).toBeGreaterThan(0);
    });
  });

  it('keeps every element in the viewport and collapses long lists when the budget is tight', async () => {
    await withPage('/page-state/generated.html', async (page) => {
      const observation = await observePage(page, { tokenBudget: 1_500, countTokens });
      const inViewport = observation.elements.filter((e) => e.screen === 0);
      expect(inViewport.length).toBeGreaterThan(30);
      for (const element of inViewport) expect(observation.text).toContain(`[${element.ref}]`);
      expect(observation.text).toMatch(/… \d+ more rows/);
      expect(observation.text).toMatch(/to fit the token budget/);
    });
  });

  it('truncates long texts before dropping elements', async () => {
    await withPage('/page-state/long.html', async (page) => {
      const full = await observePage(page, { tokenBudget: 100_000 });
      const tight = await observePage(page, { tokenBudget: 1_200, countTokens });
      expect(full.text).toContain('Release 60 brought');
      expect(tight.text).toContain('Release 1 brought');
      expect(tight.text).not.toContain('Release 60 brought');
      expect(tight.text).toContain('…');
      expect(tight.text).toContain(`[${find(tight, 'button', 'Subscribe to updates').ref}]`);
    });
  });

  it('cuts whole lines as a last resort when even the most compact form is too long', async () => {
    await withPage('/page-state/generated.html', async (page) => {
      const observation = await observePage(page, { tokenBudget: 150, countTokens });
      expect(countTokens(observation.text)).toBeLessThanOrEqual(150);
      expect(observation.text).toMatch(/more lines cut to fit the token budget/);
    });
  });
});

describe('changes since the previous observation', () => {
  it('reports new and removed elements, new text, URL and title changes', async () => {
    await withPage('/page-state/changes.html', async (page) => {
      const first = await observePage(page);
      expect(first.changes).toBeUndefined();
      await locate(first, 'button', 'Add entry').click();
      await locate(first, 'button', 'Remove me').click();
      await locate(first, 'searchbox', 'Search').fill('report');
      const second = await observePage(page, { previous: first });
      expect(second.changes?.added.map((e) => e.name)).toEqual(['Archive entry 2']);
      expect(second.changes?.removed.map((e) => e.name)).toEqual(['Remove me']);
      expect(second.changes?.changed.map((c) => [c.element.name, c.element.value])).toEqual([
        ['Search', 'report'],
      ]);
      expect(second.changes?.addedTexts).toEqual(['Entry number 2']);
      expect(second.text).toMatch(/new: \[\d+\]button "Archive entry 2"/);
      expect(second.text).toMatch(/gone: \[\d+\]button "Remove me"/);
      await locate(second, 'button', 'Rename page').click();
      const third = await observePage(page, { previous: second });
      expect(third.changes?.urlChanged?.to).toMatch(/\?view=renamed$/);
      expect(third.changes?.titleChanged).toEqual({ from: 'Activity', to: 'Activity (renamed)' });
      const fourth = await observePage(page, { previous: third });
      expect(fourth.text).toContain('Changes since the previous step: none');
    });
  });
});

describe('secrets and passwords', () => {
  const secrets = new Map([['apiKey', 'canary-SECRET-8472']]);

  it('redacts the canary secret everywhere and never serializes password values', async () => {
    await withPage('/page-state/secrets.html?key=canary-SECRET-8472', async (page) => {
      const observation = await observePage(page, { secrets });
      const all = serialized(observation);
      expect(all).not.toContain('canary-SECRET-8472');
      expect(all).not.toContain('pw-never-shown-5521');
      expect(all).not.toContain('shadow-pw-3310');
      expect(observation.text).toContain('Your key is <secret>apiKey</secret>.');
      expect(find(observation, 'textbox', 'Key').value).toBe('<secret>apiKey</secret>');
      expect(observation.url).toContain('key=<secret>apiKey</secret>');
      expect(find(observation, 'textbox', 'Account password').states).toEqual([
        'password',
        'filled',
      ]);
      expect(find(observation, 'textbox', 'Confirm password').states).toEqual([
        'password',
        'empty',
      ]);
      expect(find(observation, 'textbox', 'Shadow password').states).toEqual([
        'password',
        'filled',
      ]);
      for (const element of observation.elements) {
        if (element.states.includes('password')) expect(element.value).toBeUndefined();
      }
    });
  });

  it('masks text holding a secret in the screenshot', async () => {
    await withPage('/page-state/secrets.html', async (page) => {
      const observation = await observePage(page, { secrets, includeScreenshot: true });
      expect(observation.screenshot?.mimeType).toBe('image/jpeg');
      const bytes = observation.screenshot?.data ?? new Uint8Array();
      expect([...bytes.slice(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      const box = await page.locator('#key').boundingBox();
      if (!box) throw new Error('no box');
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      const x = Math.round(box.x + box.width / 2);
      const y = Math.round(box.y + box.height / 2);
      const at = (y * info.width + x) * info.channels;
      // Playwright's mask colour is magenta (#FF00FF); JPEG blurs it a little.
      expect(data[at]).toBeGreaterThan(200);
      expect(data[at + 1]).toBeLessThan(60);
      expect(data[at + 2]).toBeGreaterThan(200);
    });
  });
});

describe('hidden content, scroll and tabs', () => {
  it('leaves hidden elements out and summarises content far below', async () => {
    await withPage('/page-state/hidden.html', async (page) => {
      const observation = await observePage(page);
      expect(observation.elements.map((e) => e.name)).toEqual(['Visible button']);
      for (const hidden of [
        'Display none',
        'Visibility hidden',
        'Aria hidden',
        'Zero size',
        'Offscreen',
        'Inert',
        'screen-reader-only',
        'Far away',
      ])
        expect(observation.text).not.toContain(hidden);
      expect(observation.text).toMatch(
        /\(2 elements and \d+ texts more than 3 screens below are not listed/,
      );
      expect(observation.scroll.pixelsAbove).toBe(0);
      expect(observation.scroll.pixelsBelow).toBeGreaterThan(10_000);
      await page.evaluate(() => document.getElementById('far-button')?.scrollIntoView());
      const bottom = await observePage(page);
      expect(find(bottom, 'button', 'Far away button').screen).toBe(0);
      expect(bottom.scroll.pixelsAbove).toBeGreaterThan(10_000);
      expect(bottom.text).toMatch(/Scroll: \d+px \([\d.]+ screens\) above/);
      expect(bottom.text).toMatch(/more than 3 screens above are not listed/);
    });
  });

  it('lists open tabs', async () => {
    await withPage('/tabs/', async (page) => {
      const observation = await observePage(page);
      const popup = page.context().waitForEvent('page');
      await locate(observation, 'link', 'Open the user guide').click();
      await (await popup).waitForLoadState();
      const after = await observePage(page, { previous: observation });
      expect(after.tabs).toHaveLength(2);
      expect(after.tabs.filter((t) => t.current).map((t) => t.index)).toEqual([0]);
      expect(after.text).toMatch(/Tabs: \[0\] \(current\) "Documentation hub" .* \| \[1\] "/);
    });
  });

  it('stops with CANCELLED when the signal is aborted', async () => {
    await withPage('/login/', async (page) => {
      const error = await observePage(page, { signal: AbortSignal.abort() }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PageObservationError);
      expect((error as PageObservationError).code).toBe('CANCELLED');
    });
  });
});
