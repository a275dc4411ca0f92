import { describe, expect, it } from 'vitest';
import { openBrowserSession } from '../browser/browser-session.ts';
import type { RecordedTraversal } from '../run/run-record.ts';
import {
  SHOP_CARD_NUMBER,
  SHOP_SECRETS,
  SHOP_VIEWPORT,
  useShopBed,
} from '../replay/testing/shop-bed.ts';
import { parseStepsFile } from './parse-steps-file.ts';
import {
  recordTraversalFromSteps,
  type RecordTraversalFromStepsOptions,
} from './record-traversal-from-steps.ts';
import { StepsFileError } from './steps-file-error.ts';

const bed = useShopBed();

async function record(
  source: string,
  more: Partial<RecordTraversalFromStepsOptions> = {},
): Promise<RecordedTraversal> {
  const session = await openBrowserSession({
    browser: bed.browser,
    config: { viewport: SHOP_VIEWPORT },
  });
  try {
    return await recordTraversalFromSteps(parseStepsFile(source), {
      session,
      baseUrl: bed.server.origin,
      secrets: SHOP_SECRETS,
      actionTimeoutMs: 2_000,
      assertionTimeoutMs: 2_000,
      ...more,
    });
  } finally {
    await session.close();
  }
}

async function recordingError(source: string, more: Partial<RecordTraversalFromStepsOptions> = {}) {
  try {
    await record(source, more);
  } catch (error) {
    if (error instanceof StepsFileError) return error;
    throw error;
  }
  throw new Error('the recording succeeded');
}

const HEAD = `name: Shop
expectedOutcome: Something is in the cart
startUrl: /shop/
steps:
`;

describe('recordTraversalFromSteps', () => {
  it('records the shop journey: one valid brain state per step, fingerprints on every element, placeholders for secrets', () => {
    const { traversal } = bed;
    expect(traversal.expectedOutcome).toBe('The order is confirmed and the total paid is $112.00');
    expect(traversal.secretNames).toEqual(['card_number']);
    expect(traversal.brainStates.map((s) => [s.idx, s.valid, s.nextGoal])).toEqual([
      [0, true, 'Add the Trail Backpack to the cart'],
      [1, true, 'Add the Camping Lantern to the cart'],
      [2, true, 'Check that the cart holds two items'],
      [3, true, 'Open the cart'],
      [4, true, 'Buy two lanterns'],
      [5, true, 'Proceed to checkout'],
      [6, true, 'Fill in the customer details'],
      [7, true, 'Choose express shipping'],
      [8, true, 'Pay by card'],
      [9, true, 'Check the order total'],
      [10, true, 'Place the order'],
      [11, true, 'Check that the order is confirmed with the right total'],
    ]);
    for (const state of traversal.brainStates)
      expect(state.actions.map((a) => a.idx)).toEqual(state.actions.map((_, i) => i));
    // Every action that addresses an element carries its fingerprint; the others carry none.
    for (const { action, domElementData } of traversal.brainStates.flatMap((s) => s.actions)) {
      const hasTarget = 'target' in action && action.target !== undefined;
      expect(domElementData !== null).toBe(hasTarget);
    }
    const [backpack] = traversal.brainStates[0]?.actions ?? [];
    expect(backpack?.domElementData).toMatchObject({
      tag: 'button',
      id: 'add-backpack',
      accessibleName: 'Add to cart',
      locator: expect.stringContaining('add-backpack') as unknown,
    });
    // check → a click (the radio was not checked yet) and an assertion that it now is.
    expect(traversal.brainStates[7]?.actions.map((a) => a.action)).toEqual([
      expect.objectContaining({
        type: 'click',
        target: { locator: "getByLabel('Express shipping')" },
      }),
      expect.objectContaining({ type: 'assert_element', state: 'checked' }),
    ]);
    expect(traversal.brainStates[8]?.actions[0]?.action).toMatchObject({
      text: '<secret>card_number</secret>',
    });
    expect(JSON.stringify(traversal)).not.toContain(SHOP_CARD_NUMBER);
  });

  it('records only the assertion for a check whose control is already in that state', async () => {
    const traversal = await record(`${HEAD}  - click: "locator('#add-bottle')"
  - click: "getByRole('link', { name: 'Cart (1)' })"
  - click: "getByRole('button', { name: 'Proceed to checkout' })"
  - goal: Keep standard shipping
    check: "getByLabel('Standard shipping')"
  - assert_text_visible: "Total: $17.50"
`);
    expect(traversal.brainStates[3]?.actions.map((a) => a.action.type)).toEqual(['assert_element']);
  });

  it('stops at a locator that matches several elements, naming the step, its line and the fix', async () => {
    const error = await recordingError(`${HEAD}  - goal: Add something
    click: "getByRole('button', { name: 'Add to cart' })"
  - assert_text_visible: "(1)"
`);
    expect(error.code).toBe('STEPS_STEP_FAILED');
    expect(error.issues).toEqual([
      expect.objectContaining({
        step: 1,
        line: 6,
        message: expect.stringContaining('ELEMENT_AMBIGUOUS'),
      }),
    ]);
    expect(error.message).toContain('matches 4 elements');
    expect(error.message).toContain('make the locator match exactly one element');
  });

  it('stops at a locator that matches nothing', async () => {
    const error =
      await recordingError(`${HEAD}  - click: "getByRole('button', { name: 'Add to wishlist' })"
  - assert_text_visible: Wishlist
`);
    expect(error.code).toBe('STEPS_STEP_FAILED');
    expect(error.message).toContain('ELEMENT_NOT_FOUND');
    expect(error.message).toContain('fix the locator');
  });

  it('stops at an assertion the page does not satisfy', async () => {
    const error = await recordingError(`${HEAD}  - click: "locator('#add-bottle')"
  - assert_text_visible: "Cart (5)"
`);
    expect(error.issues[0]).toMatchObject({ step: 2, line: 6 });
    expect(error.message).toContain('ASSERTION_FAILED');
  });

  it('refuses a secret the run has no value for, without typing anything', async () => {
    const error = await recordingError(`${HEAD}  - click: "locator('#add-bottle')"
  - click: "getByRole('link', { name: 'Cart (1)' })"
  - click: "getByRole('button', { name: 'Proceed to checkout' })"
  - fill: { locator: "getByLabel('Card number')", value: "<secret>gift_card</secret>" }
  - assert_text_visible: Checkout
`);
    expect(error.message).toContain('UNKNOWN_SECRET');
    expect(error.message).toContain('<secret>gift_card</secret>');
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await recordingError(
      `${HEAD}  - click: "locator('#add-bottle')"\n  - assert_text_visible: "(1)"\n`,
      {
        signal: controller.signal,
      },
    );
    expect(error.code).toBe('STEPS_RECORDING_STOPPED');
  });
});
