import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isBrowserError } from '../browser/browser-errors.ts';
import { openBrowserSession, type BrowserSession } from '../browser/browser-session.ts';
import { launchBrowser, type LaunchedBrowser } from '../browser/launch-browser.ts';
import { TEST_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import { captureFingerprint } from '../fingerprint/capture-fingerprint.ts';
import type { ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import { buildLocator } from '../locators/build-locator.ts';
import { relocateElement, relocationError, type RelocationResult } from './relocate-element.ts';

let browser: LaunchedBrowser;
let session: BrowserSession;

beforeAll(async () => {
  browser = await launchBrowser({ executablePath: TEST_CHROMIUM_PATH });
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  session = await openBrowserSession({
    browser,
    config: { viewport: { width: 1280, height: 720 } },
  });
});
afterEach(async () => {
  await session?.close();
});

const page = () => session.page;

/** Fingerprints the element a locator finds on `before`, then shows `after`. */
async function recordThenChange(
  before: string,
  locator: string,
  after: string,
): Promise<ElementFingerprint> {
  await page().setContent(before);
  const fingerprint = await captureFingerprint(buildLocator(page(), locator));
  await page().setContent(after);
  return fingerprint;
}

function found(result: RelocationResult) {
  if (result.kind !== 'found') throw new Error(`expected a found element, got: ${result.message}`);
  return result;
}

function refused(result: RelocationResult) {
  if (result.kind !== 'refused') throw new Error(`expected a refusal, got ${result.method}`);
  return result;
}

const FORM = (pay: string, cancel = '<button id="cancel">Cancel</button>') => `
  <main><h1>Payment</h1><p>Card ending in 4242</p><form>
  <label for="card">Card number</label> <input id="card" name="card">
  ${cancel} ${pay}</form><p>Total: $42.00</p></main>`;

describe('relocateElement', () => {
  it('accepts the recorded locator when it matches exactly one element that still agrees', async () => {
    const recorded = await recordThenChange(
      FORM('<button id="pay">Pay now</button>'),
      "locator('#pay')",
      FORM('<button id="pay" class="primary">Pay now</button>'),
    );
    const result = found(await relocateElement(page(), recorded, { locator: "locator('#pay')" }));
    expect(result).toMatchObject({
      method: 'locator',
      margin: null,
      locatorText: "locator('#pay')",
    });
    expect(result.score).toBeGreaterThan(0.8);
    expect(await result.locator.textContent()).toBe('Pay now');
  });

  it('heals by similarity when the recorded locators no longer match, with a score and a margin', async () => {
    const recorded = await recordThenChange(
      FORM('<button id="pay">Pay now</button>'),
      "locator('#pay')",
      FORM('<div class="actions"><button id="submit-payment-7f3a">Pay now</button></div>'),
    );
    // As for an element whose own locator is a CSS path: both recorded locators break with the id.
    recorded.locator = "locator('#pay')";
    const result = found(await relocateElement(page(), recorded, { locator: "locator('#pay')" }));
    expect(result.method).toBe('healed');
    expect(result.score).toBeGreaterThan(0.5);
    expect(result.margin).toBeGreaterThan(0.05);
    expect(result.locatorText).toBe("getByRole('button', { name: 'Pay now' })");
    expect(await result.locator.getAttribute('id')).toBe('submit-payment-7f3a');
    expect(result.detail).toContain('healed by similarity');
  });

  it('rejects a recorded locator that now finds another element, and finds the recorded one instead', async () => {
    const recorded = await recordThenChange(
      FORM('<button id="primary">Pay now</button>', '<button>Cancel</button>'),
      "locator('#primary')",
      FORM('<button>Pay now</button>', '<button id="primary">Cancel</button>'),
    );
    const result = found(
      await relocateElement(page(), recorded, { locator: "locator('#primary')" }),
    );
    expect(await result.locator.textContent()).toBe('Pay now');
    // The element's own recorded locator still finds it; the id that moved to Cancel was not trusted.
    expect(result).toMatchObject({
      method: 'locator',
      locatorText: "getByRole('button', { name: 'Pay now' })",
    });

    recorded.locator = null;
    const healed = found(
      await relocateElement(page(), recorded, { locator: "locator('#primary')" }),
    );
    expect(healed.method).toBe('healed');
    expect(await healed.locator.textContent()).toBe('Pay now');
  });

  it('refuses two equally good twins as ambiguous, listing the candidates with their scores', async () => {
    const card = (id: string) =>
      `<section style="width:300px"><h2>Trail Backpack</h2><p>$49.00</p><button id="${id}">Add to cart</button></section>`;
    // The twins sit symmetrically around where the recorded card was, both in a new container: neither
    // is closer, and neither keeps the recorded document path.
    const row = (cards: string) =>
      `<div style="display:flex;justify-content:center;gap:40px">${cards}</div>`;
    const recorded = await recordThenChange(
      `<main>${row(card('add-backpack'))}</main>`,
      "locator('#add-backpack')",
      `<main><div class="featured">${row(`${card('add-1')}${card('add-2')}`)}</div></main>`,
    );
    const result = refused(
      await relocateElement(page(), recorded, { locator: "locator('#add-backpack')", waitMs: 0 }),
    );
    expect(result.reason).toBe('ambiguous');
    expect(result.top.length).toBeGreaterThanOrEqual(2);
    expect(result.message).toContain(
      "the recorded locator failed (locator('#add-backpack') matches nothing; getByRole('button', { name: 'Add to cart' }) matches 2 elements)",
    );
    expect(result.message).toMatch(/#\d+ 0\.\d\d <button#add-1> "Add to cart"/);
    expect(result.message).toMatch(/#\d+ 0\.\d\d <button#add-2> "Add to cart"/);
    expect(relocationError(result).code).toBe('ELEMENT_AMBIGUOUS');
  });

  it('refuses as not found when nothing on the page is similar enough', async () => {
    const recorded = await recordThenChange(
      FORM('<button id="pay">Pay now</button>'),
      "locator('#pay')",
      '<main><h1>Something else</h1><a href="/help">Help</a><input placeholder="Search"></main>',
    );
    const result = refused(await relocateElement(page(), recorded, { waitMs: 0 }));
    expect(result.reason).toBe('not_found');
    expect(result.message).toContain('no element on the page is similar enough');
    expect(relocationError(result).code).toBe('ELEMENT_NOT_FOUND');
  });

  it('waits for an element that is still being rendered, within its wait', async () => {
    const recorded = await recordThenChange(
      FORM('<button id="pay">Pay now</button>'),
      "locator('#pay')",
      `<main id="root">Loading…</main><script>setTimeout(() => {
        document.getElementById('root').outerHTML = ${JSON.stringify(FORM('<button id="pay">Pay now</button>'))};
      }, 400)</script>`,
    );
    expect((await relocateElement(page(), recorded, { waitMs: 0 })).kind).toBe('refused');
    const result = found(
      await relocateElement(page(), recorded, { locator: "locator('#pay')", waitMs: 5_000 }),
    );
    expect(result.method).toBe('locator');
  });

  it('relocates inside the frame the element was recorded in', async () => {
    const frame = (button: string) =>
      `<main><h1>Checkout</h1><button>Pay now</button><iframe name="payment" srcdoc='${FORM(button).replaceAll("'", '&#39;')}'></iframe></main>`;
    await page().setContent(frame('<button id="pay">Confirm payment</button>'));
    const inFrame = page().frameLocator('iframe[name="payment"]').locator('#pay');
    await inFrame.waitFor();
    const recorded = await captureFingerprint(inFrame);
    expect(recorded.frame.framePath).toEqual(['iframe[name="payment"]']);
    expect(recorded.locator).toBe(
      `locator('iframe[name="payment"]').contentFrame().getByRole('button', { name: 'Confirm payment' })`,
    );
    // As recorded by a steps file that addressed the button by its id.
    recorded.locator = `locator('iframe[name="payment"]').contentFrame().locator('#pay')`;
    await page().setContent(frame('<button id="confirm-2">Confirm payment</button>'));
    await page().frameLocator('iframe[name="payment"]').locator('#confirm-2').waitFor();
    const result = found(await relocateElement(page(), recorded, { waitMs: 0 }));
    expect(result.method).toBe('healed');
    expect(result.fingerprint?.frame.framePath).toEqual(['iframe[name="payment"]']);
    expect(await result.locator.getAttribute('id')).toBe('confirm-2');
  });

  it('accepts any match of the recorded locator for assertion scopes, whose content is for the assertion to judge', async () => {
    const recorded = await recordThenChange(
      '<p id="total">Total: $42.00</p>',
      "locator('#total')",
      '<p id="total">Total: $57.00</p>',
    );
    const strict = await relocateElement(page(), recorded, {
      locator: "locator('#total')",
      waitMs: 0,
    });
    expect(strict.kind === 'found' && strict.method === 'locator').toBe(false);
    const scope = found(
      await relocateElement(page(), recorded, {
        locator: "locator('#total')",
        locatorMatch: 'any',
        waitMs: 0,
      }),
    );
    expect(scope).toMatchObject({ method: 'locator', score: null });
  });

  it('stops waiting when cancelled', async () => {
    const recorded = await recordThenChange(
      FORM('<button id="pay">Pay now</button>'),
      "locator('#pay')",
      '<main>Nothing here</main>',
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error = await relocateElement(page(), recorded, {
      waitMs: 30_000,
      signal: controller.signal,
    }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isBrowserError(error, 'CANCELLED')).toBe(true);
  });
});
