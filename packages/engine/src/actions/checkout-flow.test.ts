import { describe, expect, it } from 'vitest';
import type { ActionInput } from './action-schema.ts';
import { executeAction, type ActionResult } from './execute-action.ts';
import { useActionTestBed } from './action-test-bed.ts';

const bed = useActionTestBed();

/** A steps-file style checkout: locators only, as a recorded traversal would replay it. */
function checkoutSteps(
  origin: string,
  labels: { toShipping: string; toPayment: string; pay: string },
  variant = '',
): ActionInput[] {
  return [
    { type: 'navigate', url: `${origin}/checkout/cart.html${variant}` },
    { type: 'assert_text_visible', text: 'Your cart' },
    { type: 'input_text', target: { locator: `getByLabel('Quantity of Coffee mug')` }, text: '3' },
    { type: 'press_keys', keys: 'Tab' },
    { type: 'assert_text_visible', text: '$48.49', target: { locator: `locator('#subtotal')` } },
    { type: 'click', target: { locator: `getByRole('button', { name: '${labels.toShipping}' })` } },
    { type: 'assert_url', url: '**/checkout/shipping.html', match: 'glob' },
    { type: 'input_text', target: { locator: `getByLabel('Full name')` }, text: 'Ada Lovelace' },
    {
      type: 'input_text',
      target: { locator: `getByLabel('Street address')` },
      text: '12 Analytical Way',
    },
    { type: 'input_text', target: { locator: `getByLabel('City')` }, text: 'London' },
    { type: 'input_text', target: { locator: `getByLabel('Postal code')` }, text: 'NW1 6XE' },
    { type: 'select_option', target: { locator: `getByLabel('Country')` }, option: 'Hungary' },
    { type: 'click', target: { locator: `getByLabel('Express (next day) — $14.99')` } },
    { type: 'click', target: { locator: `getByRole('button', { name: '${labels.toPayment}' })` } },
    { type: 'assert_text_visible', text: '$63.48', target: { locator: `locator('#total')` } },
    { type: 'input_text', target: { locator: `getByLabel('Name on card')` }, text: 'A Lovelace' },
    {
      type: 'input_text',
      target: { locator: `getByLabel('Card number')` },
      text: '4242 4242 4242 4242',
    },
    { type: 'input_text', target: { locator: `getByLabel('Expiry date')` }, text: '12/30' },
    { type: 'input_text', target: { locator: `getByLabel('Security code')` }, text: '123' },
    { type: 'click', target: { locator: `getByRole('button', { name: '${labels.pay} $63.48' })` } },
    { type: 'assert_text_visible', text: 'Thank you for your order!' },
    { type: 'assert_text_visible', text: 'Total paid: $63.48' },
    { type: 'assert_text_visible', text: 'ending in 4242' },
    { type: 'assert_text_visible', text: 'Ada Lovelace, London, Hungary' },
    { type: 'done', success: true, outcome: 'Order placed for $63.48' },
  ];
}

async function runAll(steps: ActionInput[]): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const step of steps) {
    const result = await executeAction(bed.session, step);
    results.push(result);
    if (!result.ok) break;
  }
  return results;
}

describe('checkout fixture, driven like a steps file', () => {
  it('goes from cart to confirmation with the right order total', async () => {
    const steps = checkoutSteps(bed.server.origin, {
      toShipping: 'Proceed to shipping',
      toPayment: 'Continue to payment',
      pay: 'Pay',
    });
    const results = await runAll(steps);
    expect(results.map((r) => r.error)).toEqual(steps.map(() => null));
    expect(results.at(-1)?.urlAfter).toBe(bed.server.url('/checkout/confirmation.html'));
    expect(await bed.session.page.locator('#order-number').textContent()).toMatch(/^R-\d{6}$/);
  });

  it('runs the restyled variant, a small delta with reworded buttons', async () => {
    const steps = checkoutSteps(
      bed.server.origin,
      { toShipping: 'Go to shipping', toPayment: 'Next: payment', pay: 'Place order:' },
      '?variant=restyled',
    );
    const results = await runAll(steps);
    expect(results.map((r) => r.error)).toEqual(steps.map(() => null));
    // The original wording no longer matches: a recorded locator would need relocation here.
    const old = await executeAction(bed.session, {
      type: 'navigate',
      url: bed.server.url('/checkout/cart.html'),
    });
    expect(old.ok).toBe(true);
    const stale = await executeAction(
      bed.session,
      {
        type: 'click',
        target: { locator: `getByRole('button', { name: 'Proceed to shipping' })` },
      },
      { timeoutMs: 500 },
    );
    expect(stale.error?.code).toBe('ELEMENT_NOT_FOUND');
  });

  it('shows validation errors instead of moving on', async () => {
    await runAll([
      { type: 'navigate', url: bed.server.url('/checkout/shipping.html') },
      {
        type: 'click',
        target: { locator: `getByRole('button', { name: 'Continue to payment' })` },
      },
    ]);
    const check = await executeAction(bed.session, {
      type: 'assert_text_visible',
      text: 'Enter your full name',
    });
    expect(check.ok).toBe(true);
    expect(bed.session.page.url()).toBe(bed.server.url('/checkout/shipping.html'));
  });
});
