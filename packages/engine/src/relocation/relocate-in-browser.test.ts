// Relocation end to end in Chromium: fingerprints recorded on one version of a page, candidates collected on another.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../browser/browser-session.ts';
import { TEST_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import {
  captureFingerprint,
  collectCandidateFingerprints,
} from '../fingerprint/capture-fingerprint.ts';
import { type ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import { chooseCandidate, type RelocationChoice } from './choose-candidate.ts';
import { describeRelocationChoice } from './explain-relocation.ts';
import { fingerprintAgrees } from './fingerprint-agrees.ts';

const RECORDED_PAGE = `<!doctype html><html><body>
<header><nav><a href="/">Home</a> <a href="/orders">Orders</a></nav></header>
<main>
  <h1>Checkout</h1>
  <table id="cart"><tbody>
    <tr><td>Wireless mouse</td><td>$25.00</td>
      <td><button class="btn btn-link remove-item" data-check="remove-mouse">Remove</button></td></tr>
    <tr><td>USB-C cable</td><td>$9.99</td>
      <td><button class="btn btn-link remove-item" data-check="remove-cable">Remove</button></td></tr>
  </tbody></table>
  <form id="checkout-form" onsubmit="return false">
    <div><label for="email">Email address</label>
      <input id="email" name="email" type="email" placeholder="you@example.com" data-check="email"></div>
    <div><button id="pay-button" class="btn btn-primary" data-testid="pay" data-check="pay">Pay $34.99</button>
      <button type="button" class="btn btn-secondary" data-check="cancel">Cancel</button></div>
  </form>
</main></body></html>`;

/** A redesign: new ids and generated classes, a list instead of a table, rows reordered, wrappers, rewording. */
const REDESIGNED_PAGE = `<!doctype html><html><body><div class="app">
<header class="css-1x2y3z"><nav><a href="/?ref=nav">Home</a> <a href="/orders">Your orders</a></nav></header>
<div class="banner">Free delivery this week</div>
<main>
  <h1>Checkout</h1>
  <section id="basket"><ul>
    <li><span>USB-C cable</span> <span>$9.99</span>
      <div class="actions"><button class="Button_link__a8Xk2" data-check="remove-cable">Remove</button></div></li>
    <li><span>Wireless mouse</span> <span>$25.00</span>
      <div class="actions"><button class="Button_link__a8Xk2" data-check="remove-mouse">Remove</button></div></li>
  </ul></section>
  <form id="payment" onsubmit="return false">
    <div class="field"><label for="customer-email">Email address</label>
      <input id="customer-email" name="customer[email]" type="email" placeholder="Email"
        data-check="email"></div>
    <div class="buttons">
      <button type="button" class="Button_secondary__x1b2c" data-check="cancel">Cancel</button>
      <div class="wrap"><button id="submit-payment" class="Button_primary__3xQ2a" data-testid="pay"
        data-check="pay">Pay now · $34.99</button></div>
    </div>
  </form>
</main></div></body></html>`;

let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  session = await openBrowserSession({
    launch: { executablePath: TEST_CHROMIUM_PATH },
    config: { viewport: { width: 1280, height: 720 } },
  });
  page = session.page;
});
afterAll(async () => {
  await session?.close();
});

async function record(html: string, selectors: Record<string, string>) {
  await page.setContent(html);
  const recorded: Record<string, ElementFingerprint> = {};
  for (const [name, selector] of Object.entries(selectors)) {
    recorded[name] = await captureFingerprint(page.locator(selector));
  }
  return recorded;
}

/** Relocates on the current page and returns the decision and the data-check of the chosen element. */
async function relocate(
  recorded: ElementFingerprint,
): Promise<{ choice: RelocationChoice; check: string | null }> {
  const set = await collectCandidateFingerprints(page);
  try {
    const choice = chooseCandidate(
      recorded,
      set.candidates.map((c) => c.fingerprint),
    );
    if (choice.kind !== 'accepted') return { choice, check: null };
    const check = await set.locatorFor(choice.index).getAttribute('data-check');
    return { choice, check };
  } finally {
    await set.dispose();
  }
}

describe('relocation in Chromium', () => {
  it('finds the pay button and the email field after a redesign, and never takes the wrong twin', async () => {
    const recorded = await record(RECORDED_PAGE, {
      pay: '#pay-button',
      removeCable: '[data-check="remove-cable"]',
      email: '#email',
    });
    await page.setContent(REDESIGNED_PAGE);

    const pay = await relocate(recorded.pay as ElementFingerprint);
    expect(pay.check, describeRelocationChoice(pay.choice)).toBe('pay');

    const email = await relocate(recorded.email as ElementFingerprint);
    expect(email.check, describeRelocationChoice(email.choice)).toBe('email');

    // Table became a list and the rows swapped: the right twin, or a refusal (repair), never the other.
    const remove = await relocate(recorded.removeCable as ElementFingerprint);
    expect(remove.check, describeRelocationChoice(remove.choice)).not.toBe('remove-mouse');
  });

  it('finds the right "Remove" twin after the cart was restyled', async () => {
    const recorded = await record(RECORDED_PAGE, {
      removeCable: '[data-check="remove-cable"]',
      removeMouse: '[data-check="remove-mouse"]',
    });
    await page.setContent(
      RECORDED_PAGE.replaceAll('btn btn-link remove-item', 'Button_link__a8Xk2').replace(
        '<h1>Checkout</h1>',
        '<h1>Checkout</h1><p>Free delivery this week</p>',
      ),
    );
    const cable = await relocate(recorded.removeCable as ElementFingerprint);
    expect(cable.check, describeRelocationChoice(cable.choice)).toBe('remove-cable');
    const mouse = await relocate(recorded.removeMouse as ElementFingerprint);
    expect(mouse.check, describeRelocationChoice(mouse.choice)).toBe('remove-mouse');
  });

  it('never takes the wrong twin after the rows swapped places', async () => {
    const recorded = await record(RECORDED_PAGE, {
      removeCable: '[data-check="remove-cable"]',
      removeMouse: '[data-check="remove-mouse"]',
    });
    const mouseRow = /<tr><td>Wireless mouse[\s\S]*?<\/tr>/.exec(RECORDED_PAGE)?.[0] ?? '';
    const cableRow = /<tr><td>USB-C cable[\s\S]*?<\/tr>/.exec(RECORDED_PAGE)?.[0] ?? '';
    await page.setContent(
      RECORDED_PAGE.replace(mouseRow, '@@').replace(cableRow, mouseRow).replace('@@', cableRow),
    );
    // The position now points at the other row and the neighbours only weakly at the right one:
    // the right twin, or a refusal that sends the step to repair — never the other twin.
    const cable = await relocate(recorded.removeCable as ElementFingerprint);
    expect(cable.check, describeRelocationChoice(cable.choice)).not.toBe('remove-mouse');
    const mouse = await relocate(recorded.removeMouse as ElementFingerprint);
    expect(mouse.check, describeRelocationChoice(mouse.choice)).not.toBe('remove-cable');
  });

  it('refuses to click the remaining twin when the recorded row is gone', async () => {
    const recorded = await record(RECORDED_PAGE, { removeCable: '[data-check="remove-cable"]' });
    await page.setContent(RECORDED_PAGE.replace(/<tr><td>USB-C cable[\s\S]*?<\/tr>/, ''));
    const { choice } = await relocate(recorded.removeCable as ElementFingerprint);
    expect(choice, describeRelocationChoice(choice)).toMatchObject({ kind: 'refused' });
  });

  it('refuses "Cancel" when "Pay" is gone', async () => {
    const recorded = await record(RECORDED_PAGE, { pay: '#pay-button' });
    await page.setContent(RECORDED_PAGE.replace(/<button id="pay-button"[\s\S]*?<\/button>/, ''));
    const { choice } = await relocate(recorded.pay as ElementFingerprint);
    expect(choice, describeRelocationChoice(choice)).toMatchObject({
      kind: 'refused',
      reason: 'weak',
    });
  });

  it('agrees that a re-captured element on the unchanged page is the recorded one, and not its twin', async () => {
    const recorded = await record(RECORDED_PAGE, {
      removeMouse: '[data-check="remove-mouse"]',
      removeCable: '[data-check="remove-cable"]',
    });
    await page.setContent(RECORDED_PAGE);
    const again = await captureFingerprint(page.locator('[data-check="remove-mouse"]'));
    expect(fingerprintAgrees(recorded.removeMouse as ElementFingerprint, again)).toBe(true);
    expect(fingerprintAgrees(recorded.removeCable as ElementFingerprint, again)).toBe(false);
  });
  it('acts on the link, not the list item around it, when the list item scores best after a redesign', async () => {
    const recorded = await record(
      `<!doctype html><html><body><header><nav><ul class="utility">
        <li><a class="nav-item" href="/stores" data-check="old-stores">Find stores</a></li>
        <li><a class="nav-item" href="/gift-cards" data-check="old-gift">Gift cards</a></li>
      </ul></nav></header><main><h1>Deals</h1></main></body></html>`,
      { gift: '[data-check="old-gift"]' },
    );
    // The class and an aria-label moved to the list item, which now handles clicks too, and the
    // link became script-driven (no href, no classes): the list item around it scores best.
    await page.setContent(`<!doctype html><html><body><div class="app"><header><nav>
      <ul style="list-style:none;display:flex;gap:16px;padding:24px">
        <li class="nav-item" onclick="void 0" aria-label="Find stores" style="padding:4px" data-check="stores-item"><a onclick="void 0" data-check="stores">Find stores</a></li>
        <li class="nav-item" onclick="void 0" aria-label="Gift cards" style="padding:4px" data-check="gift-item"><a onclick="void 0" data-check="gift">Gift cards</a></li>
      </ul></nav></header><main><h1>Deals</h1></main></div></body></html>`);
    const gift = await relocate(recorded.gift as ElementFingerprint);
    expect(gift.choice.top[0]?.summary, describeRelocationChoice(gift.choice)).toMatch(/^<li>/);
    expect(gift.check, describeRelocationChoice(gift.choice)).toBe('gift');
  });

  it('acts on the link that fills a restyled list item when a list item was recorded', async () => {
    const recordedMenu = `<!doctype html><html><body><header><nav><ul class="utility">
        <li class="menu-entry" onclick="void 0" data-check="old-stores">Find stores</li>
        <li class="menu-entry" onclick="void 0" data-check="old-gift">Gift cards</li>
      </ul></nav></header><main><h1>Deals</h1></main></body></html>`;
    const recorded = await record(recordedMenu, { gift: '[data-check="old-gift"]' });
    // The redesign restyled the list items (none of the recorded classes is left; they still
    // handle clicks) and put a link that fills each one: the list item still scores best, the
    // link is what a click reaches.
    const redesigned = (itemClass: string): string => `<!doctype html><html><body><div class="app">
      <header><nav><ul style="list-style:none;display:flex;gap:16px;padding:24px">
        <li class="${itemClass}" onclick="void 0" data-check="stores-item"><a href="/stores" style="display:block;padding:8px" data-check="stores">Find stores</a></li>
        <li class="${itemClass}" onclick="void 0" data-check="gift-item"><a href="/gift-cards" style="display:block;padding:8px" data-check="gift">Gift cards</a></li>
      </ul></nav></header><main><h1>Deals</h1></main></div></body></html>`;
    await page.setContent(redesigned('nav__item'));
    const gift = await relocate(recorded.gift as ElementFingerprint);
    expect(gift.choice.top[0]?.summary, describeRelocationChoice(gift.choice)).toMatch(/^<li>/);
    expect(gift.check, describeRelocationChoice(gift.choice)).toBe('gift');
    // A list item that kept its recorded class is still the recorded element.
    await page.setContent(redesigned('menu-entry nav__item'));
    const kept = await relocate(recorded.gift as ElementFingerprint);
    expect(kept.check, describeRelocationChoice(kept.choice)).toBe('gift-item');
  });

  it('refuses an unnamed clickable icon stacked on a clickable wrapper of the same size', async () => {
    const icon = (check: string): string =>
      `<span onclick="void 0" data-check="${check}" style="display:block;width:24px;height:24px;background:#333"></span>`;
    const recorded = await record(
      `<!doctype html><html><body><header style="padding:16px">${icon('old-icon')}</header>
        <main><h1>Your basket</h1></main></body></html>`,
      { icon: '[data-check="old-icon"]' },
    );
    await page.setContent(`<!doctype html><html><body><header style="padding:16px">
      <div onclick="void 0" data-check="wrapper" style="width:24px;height:24px">${icon('icon')}</div>
      </header><main><h1>Your basket</h1></main></body></html>`);
    const { choice } = await relocate(recorded.icon as ElementFingerprint);
    expect(choice, describeRelocationChoice(choice)).toMatchObject({
      kind: 'refused',
      reason: 'ambiguous',
    });
  });
});
