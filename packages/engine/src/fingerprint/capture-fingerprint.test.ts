import { startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../browser/browser-session.ts';
import { TEST_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import { buildLocator } from '../locators/build-locator.ts';
import {
  captureFingerprint,
  captureFingerprintIfOnly,
  collectCandidateFingerprints,
} from './capture-fingerprint.ts';
import { elementFingerprintSchema, type ElementFingerprint } from './element-fingerprint.ts';
import { findFrameByPath } from './frame-chain.ts';

let server: FixtureServer;
let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  server = await startFixtureServer();
  session = await openBrowserSession({
    launch: { executablePath: TEST_CHROMIUM_PATH },
    config: { viewport: { width: 1280, height: 720 } },
  });
  page = session.page;
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

async function open(path: string): Promise<void> {
  await page.goto(server.url(path));
  await page.waitForLoadState('load');
}

/** Compares with Playwright's own box; `tolerancePx` allows for its out-of-process-iframe box ignoring the frame border. */
async function expectBoxOf(
  locator: Locator,
  fingerprint: ElementFingerprint,
  tolerancePx = 0.5,
): Promise<void> {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    expect(
      Math.abs((fingerprint.boundingBox?.[key] ?? NaN) - (box?.[key] ?? NaN)),
      key,
    ).toBeLessThanOrEqual(tolerancePx);
  }
}

/** The recorded locator string must find exactly the fingerprinted element again. */
async function expectLocatorResolves(
  fingerprint: ElementFingerprint,
  target: Locator,
): Promise<void> {
  expect(fingerprint.locator).not.toBeNull();
  const found = buildLocator(page, fingerprint.locator ?? '');
  expect(await found.count(), fingerprint.locator ?? '').toBe(1);
  const handle = await target.elementHandle();
  expect(
    await found.evaluate((element, other) => element === other, handle),
    fingerprint.locator ?? '',
  ).toBe(true);
  await handle?.dispose();
}

describe('captureFingerprint', () => {
  it('records every field of a labelled text input', async () => {
    await open('/login/');
    const target = page.locator('#username');
    await target.fill('alice');
    const fingerprint = await captureFingerprint(target);
    expect(elementFingerprintSchema.parse(fingerprint)).toEqual(fingerprint);
    expect(fingerprint).toMatchObject({
      version: 1,
      tag: 'input',
      role: 'textbox',
      accessibleName: 'Username',
      text: null,
      id: 'username',
      name: 'username',
      type: 'text',
      placeholder: 'Your user name',
      label: 'Username',
      testIds: { 'data-testid': 'login-username' },
      href: null,
      alt: null,
      title: null,
      classes: [],
      value: 'alice',
      cssPath: '#username',
      xpath: '/html/body/main/form/input[1]',
      idXpath: '//*[@id="username"]',
      frame: { url: server.url('/login/'), name: null, framePath: [], shadowPath: [] },
      locator: "getByTestId('login-username')",
    });
    expect(fingerprint.neighborTexts[0]).toBe('Username');
    expect(fingerprint.neighborTexts).toContain('Password');
    expect(fingerprint.neighborTexts.length).toBeLessThanOrEqual(5);
    await expectBoxOf(target, fingerprint);
    await expectLocatorResolves(fingerprint, target);
  });

  it('never records the value of a password field', async () => {
    await open('/login/');
    const target = page.getByLabel('Password');
    await target.fill('wonderland-42');
    const fingerprint = await captureFingerprint(target);
    expect(fingerprint.type).toBe('password');
    expect(fingerprint.value).toBeNull();
    expect(JSON.stringify(fingerprint)).not.toContain('wonderland-42');
  });

  it('redacts secret values from every field and drops a value that holds one', async () => {
    await open('/login/welcome.html?user=alice');
    const heading = await captureFingerprint(page.getByRole('heading'), {
      secrets: new Map([['user', 'alice']]),
    });
    expect(heading.accessibleName).toBe('Welcome, <secret>user</secret>!');
    expect(heading.frame.url).toContain('user=<secret>user</secret>');
    expect(JSON.stringify(heading)).not.toContain('alice');
    await open('/login/');
    await page.locator('#username').fill('alice');
    const input = await captureFingerprint(page.locator('#username'), {
      secrets: new Map([['user', 'alice']]),
    });
    expect(input.value).toBeNull();
  });

  it('records links, images, titles, classes and buttons', async () => {
    await open('/widgets/');
    const link = await captureFingerprint(page.locator('#help-link'));
    expect(link).toMatchObject({
      tag: 'a',
      role: 'link',
      accessibleName: 'Help centre',
      text: 'Help centre',
      href: '/docs/help',
      title: 'Open the help centre',
      locator: "getByRole('link', { name: 'Help centre' })",
    });
    const logo = await captureFingerprint(page.locator('#logo'));
    expect(logo).toMatchObject({
      tag: 'img',
      role: 'img',
      accessibleName: 'Retrace logo',
      alt: 'Retrace logo',
    });
    await open('/checkout/cart.html?variant=restyled');
    const next = await captureFingerprint(page.locator('#to-shipping'));
    expect(next).toMatchObject({
      tag: 'button',
      type: 'button',
      text: 'Go to shipping',
      classes: ['btn', 'btn-primary-v2'],
    });
    await page.evaluate(() => sessionStorage.clear());
  });

  it('records the selected value and label of a native select, and a checkbox label', async () => {
    await open('/select/');
    await page.getByLabel('Country').selectOption('de');
    const select = await captureFingerprint(page.getByLabel('Country'));
    expect(select).toMatchObject({
      tag: 'select',
      role: 'combobox',
      label: 'Country',
      value: 'de',
      text: 'Germany',
      accessibleName: 'Country',
    });
    await open('/widgets/');
    const terms = await captureFingerprint(page.locator('#terms'));
    expect(terms).toMatchObject({
      role: 'checkbox',
      label: 'I accept the terms',
      accessibleName: 'I accept the terms',
      type: 'checkbox',
    });
  });

  it('records a custom dropdown trigger named through aria-labelledby', async () => {
    await open('/select/');
    const trigger = await captureFingerprint(page.locator('#fruit-trigger'));
    expect(trigger).toMatchObject({
      role: 'combobox',
      accessibleName: 'Favourite fruit',
      label: 'Favourite fruit',
      text: 'Pick a fruit',
    });
  });

  it('tells twin buttons apart by their neighbour texts, nearest first', async () => {
    await open('/widgets/');
    const [ada, grace] = await Promise.all([
      captureFingerprint(page.locator('#team tr').nth(0).getByRole('button')),
      captureFingerprint(page.locator('#team tr').nth(1).getByRole('button')),
    ]);
    expect(ada.accessibleName).toBe('Edit');
    expect(grace.accessibleName).toBe('Edit');
    expect(ada.neighborTexts[0]).toBe('Engineer');
    expect(grace.neighborTexts[0]).toBe('Admiral');
    expect(ada.locator).not.toBe(grace.locator);
    await expectLocatorResolves(ada, page.locator('#team tr').nth(0).getByRole('button'));
    await expectLocatorResolves(grace, page.locator('#team tr').nth(1).getByRole('button'));
  });

  it('records the frame of an element inside an iframe, with its box in top-level coordinates', async () => {
    await open('/iframe/');
    const target = page.locator('iframe[name="payment"]').contentFrame().getByLabel('Card number');
    const fingerprint = await captureFingerprint(target);
    expect(fingerprint).toMatchObject({
      tag: 'input',
      id: 'card',
      accessibleName: 'Card number',
      frame: {
        url: server.url('/iframe/payment-frame.html'),
        name: 'payment',
        framePath: ['iframe[name="payment"]'],
        shadowPath: [],
      },
      locator: `locator('iframe[name="payment"]').contentFrame().getByRole('textbox', { name: 'Card number' })`,
    });
    await expectBoxOf(target, fingerprint);
    await expectLocatorResolves(fingerprint, target);
  });

  it('records the whole frame path of an element two iframes deep', async () => {
    await open('/iframe/');
    const target = page
      .frameLocator('iframe[name="payment"]')
      .frameLocator('iframe[name="nested"]')
      .getByRole('button');
    const fingerprint = await captureFingerprint(target);
    expect(fingerprint.frame).toMatchObject({
      name: 'nested',
      framePath: ['iframe[name="payment"]', 'iframe[name="nested"]'],
    });
    await expectBoxOf(target, fingerprint);
    await expectLocatorResolves(fingerprint, target);
  });

  it('works in a cross-origin iframe', async () => {
    await open('/iframe/cross-origin.html');
    const target = page.frameLocator('iframe').getByRole('button', { name: 'Apply coupon' });
    await target.waitFor();
    const fingerprint = await captureFingerprint(target);
    expect(fingerprint.frame.url).toMatch(/^http:\/\/localhost:\d+\/iframe\/payment-frame\.html$/);
    expect(fingerprint.frame.framePath).toEqual(['iframe[name="payment"]']);
    // Same geometry as the same-origin page (1 px iframe border included); Playwright's box omits that border here.
    expect(fingerprint.boundingBox).toMatchObject({ x: 305, width: 143.08, height: 37 });
    await expectBoxOf(target, fingerprint, 1);
    await expectLocatorResolves(fingerprint, target);
  });

  it('records the shadow host path of an element in nested open shadow roots', async () => {
    await open('/shadow/');
    const target = page.getByRole('button', { name: '2 stars' });
    const fingerprint = await captureFingerprint(target);
    expect(fingerprint).toMatchObject({
      tag: 'button',
      accessibleName: '2 stars',
      text: '★',
      cssPath: 'button:nth-of-type(2)',
      xpath: '/html/body/main/user-card/div/star-rating/button[2]',
      frame: { framePath: [], shadowPath: ['#card', 'div > star-rating'] },
    });
    const input = await captureFingerprint(page.getByLabel('Display name'));
    expect(input).toMatchObject({
      id: 'display-name',
      label: 'Display name',
      value: 'Ada Lovelace',
      idXpath: '//*[@id="display-name"]',
    });
    expect(input.frame.shadowPath).toEqual(['#card']);
    await expectBoxOf(target, fingerprint);
    await expectLocatorResolves(fingerprint, target);
  });

  it('fails with a strict-mode error when the locator matches several elements', async () => {
    await open('/widgets/');
    await expect(
      captureFingerprint(page.getByRole('button', { name: 'Edit' }), { timeoutMs: 2_000 }),
    ).rejects.toThrow(/strict mode/);
  });
});

describe('captureFingerprintIfOnly', () => {
  it('counts without waiting and fingerprints only a single match, as captureFingerprint does', async () => {
    await open('/widgets/');
    expect(await captureFingerprintIfOnly(page.getByRole('button', { name: 'Edit' }))).toEqual({
      count: await page.getByRole('button', { name: 'Edit' }).count(),
      fingerprint: null,
    });
    expect(await captureFingerprintIfOnly(page.locator('#nothing-here'))).toEqual({
      count: 0,
      fingerprint: null,
    });
    await open('/login/');
    const field = page.getByLabel('Username');
    const only = await captureFingerprintIfOnly(field);
    expect(only.count).toBe(1);
    expect(only.fingerprint).toEqual(await captureFingerprint(field));
  });

  it('adds the frame path of an element inside an iframe', async () => {
    await open('/iframe/');
    const inner = page.frameLocator('iframe').first().getByRole('button', { name: 'Apply coupon' });
    const only = await captureFingerprintIfOnly(inner);
    expect(only.count).toBe(1);
    expect(only.fingerprint).toEqual(await captureFingerprint(inner));
    expect(only.fingerprint?.frame.framePath.length).toBeGreaterThan(0);
  });
});

const PAGES = [
  '/login/',
  '/login/welcome.html?user=alice',
  '/todo/',
  '/checkout/cart.html',
  '/checkout/shipping.html',
  '/checkout/payment.html',
  '/checkout/confirmation.html',
  '/select/',
  '/modal/',
  '/iframe/',
  '/iframe/cross-origin.html',
  '/shadow/',
  '/tabs/',
  '/slow/?delay=0',
  '/upload/',
  '/widgets/',
  '/generated?rows=30',
];

describe('collectCandidateFingerprints', () => {
  it.each(PAGES)(
    'on %s every candidate’s recorded locator finds exactly that element',
    async (path) => {
      await open(path);
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => document.readyState === 'complete');
      const set = await collectCandidateFingerprints(page);
      try {
        expect(set.skippedFrames).toEqual([]);
        expect(set.candidates.length).toBeGreaterThan(0);
        for (const candidate of set.candidates) {
          const { fingerprint } = candidate;
          expect(elementFingerprintSchema.safeParse(fingerprint).success).toBe(true);
          const element = await set.elementFor(candidate.index);
          const byRecorded = buildLocator(page, fingerprint.locator ?? '');
          const byPath = set.locatorFor(candidate.index);
          for (const [how, locator] of [
            ['recorded locator', byRecorded],
            ['css path', byPath],
          ] as const) {
            const label = `${how} of candidate ${candidate.index} (${fingerprint.tag} "${fingerprint.text ?? fingerprint.accessibleName}"): ${how === 'css path' ? fingerprint.cssPath : fingerprint.locator}`;
            expect(await locator.count(), label).toBe(1);
            expect(await locator.evaluate((a, b) => a === b, element), label).toBe(true);
          }
          await element?.dispose();
        }
      } finally {
        await set.dispose();
      }
    },
  );

  it('produces the same fingerprint as captureFingerprint for the same element', async () => {
    await open('/checkout/shipping.html');
    const set = await collectCandidateFingerprints(page);
    const index = set.candidates.findIndex((c) => c.fingerprint.id === 'city');
    expect(index).toBeGreaterThanOrEqual(0);
    expect(await captureFingerprint(set.locatorFor(index))).toEqual(
      set.candidates[index]?.fingerprint,
    );
    await set.dispose();
  });

  it('covers iframes and shadow roots, and leaves hidden elements out', async () => {
    await open('/iframe/');
    await page
      .frameLocator('iframe[name="payment"]')
      .frameLocator('iframe[name="nested"]')
      .getByRole('button')
      .waitFor();
    const inFrames = await collectCandidateFingerprints(page);
    const framePaths = new Set(
      inFrames.candidates.map((c) => c.fingerprint.frame.framePath.join(' / ')),
    );
    expect([...framePaths]).toEqual([
      '',
      'iframe[name="payment"]',
      'iframe[name="payment"] / iframe[name="nested"]',
    ]);
    await inFrames.dispose();

    await open('/shadow/');
    const shadow = await collectCandidateFingerprints(page);
    expect(
      shadow.candidates.some(
        (c) =>
          c.fingerprint.accessibleName === 'Save profile' &&
          c.fingerprint.frame.shadowPath.length === 1,
      ),
    ).toBe(true);
    await shadow.dispose();

    await open('/widgets/');
    const widgets = await collectCandidateFingerprints(page);
    const texts = widgets.candidates.map((c) => c.fingerprint.text);
    expect(texts).toContain('Alpha');
    expect(texts).not.toContain('Hidden note');
    expect(texts).not.toContain('Invisible note');
    await widgets.dispose();
  });

  it('finds the frame a recorded fingerprint lives in', async () => {
    await open('/iframe/');
    const target = page
      .frameLocator('iframe[name="payment"]')
      .frameLocator('iframe[name="nested"]')
      .getByRole('button');
    const recorded = await captureFingerprint(target);
    const frame = await findFrameByPath(page, recorded.frame.framePath);
    expect(frame?.name()).toBe('nested');
    expect(await findFrameByPath(page, [])).toBe(page.mainFrame());
    expect(await findFrameByPath(page, ['iframe[name="gone"]'])).toBeNull();
    const inFrame = await collectCandidateFingerprints(page, { frame: frame ?? undefined });
    expect(inFrame.candidates.map((c) => c.fingerprint.text)).toEqual(['Need help?']);
    await inFrame.dispose();
  });

  it('restricts candidates to given tags and to one frame', async () => {
    await open('/iframe/');
    const buttons = await collectCandidateFingerprints(page, { tags: ['button'] });
    expect(buttons.candidates.map((c) => c.fingerprint.text)).toEqual([
      'Submit order',
      'Apply coupon',
      'Need help?',
    ]);
    await buttons.dispose();
    const frame = page.frame({ name: 'payment' });
    expect(frame).not.toBeNull();
    const inFrame = await collectCandidateFingerprints(page, {
      frame: frame ?? undefined,
      tags: ['button'],
    });
    expect(inFrame.candidates.map((c) => c.fingerprint.text)).toEqual(['Apply coupon']);
    expect(inFrame.candidates[0]?.frame).toBe(frame);
    await inFrame.dispose();
  });
});
