import { describe, expect, it } from 'vitest';
import type { ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import { runAgenticTest } from '../run/run-agentic.ts';
import type { RecordedAction } from '../run/run-record.ts';
import { ELEMENT_FINGERPRINT_VERSION } from '../fingerprint/element-fingerprint.ts';
import { collectEvents, eventsOf, isJpeg, useAgentTestBed } from './testing/agent-test-bed.ts';
import {
  agentActions as a,
  agentReply,
  createScriptedAgentModel,
  findRef,
} from './testing/scripted-agent.ts';

const bed = useAgentTestBed();

const CARD = '4242424242424242';
const CVC = '737';

/**
 * A scripted shopper: it reads the page state of each step and picks refs by role and name. On the payment
 * page it first clicks a ref that does not exist (the step fails part-way), then redoes the click correctly.
 */
function checkoutModel() {
  let paymentAttempts = 0;
  return createScriptedAgentModel((view) => {
    const page = view.pageState;
    if (view.title.startsWith('Cart')) {
      return agentReply(
        'Proceed from the cart to shipping',
        [a.click(findRef(page, 'button', 'Proceed to shipping'))],
        {
          evaluation: 'Nothing done yet',
          memory: 'Cart has a T-shirt and two mugs',
        },
      );
    }
    if (view.title.startsWith('Shipping')) {
      return agentReply(
        'Fill in the shipping address and continue',
        [
          a.inputText(findRef(page, 'textbox', 'Full name'), 'Ada Lovelace'),
          a.inputText(findRef(page, 'textbox', 'Street address'), '12 Analytical Street'),
          a.inputText(findRef(page, 'textbox', 'City'), 'Berlin'),
          a.inputText(findRef(page, 'textbox', 'Postal code'), '10115'),
          a.selectOption(findRef(page, 'combobox', 'Country'), 'Germany'),
          a.click(findRef(page, 'button', 'Continue to payment')),
        ],
        { evaluation: 'On the shipping page', memory: 'Shipping to Ada Lovelace, Berlin' },
      );
    }
    if (view.title.startsWith('Payment')) {
      paymentAttempts += 1;
      if (paymentAttempts === 1) {
        return agentReply(
          'Enter the card details and pay',
          [
            a.inputText(findRef(page, 'textbox', 'Name on card'), 'Ada Lovelace'),
            a.inputText(findRef(page, 'textbox', 'Card number'), '<secret>card_number</secret>'),
            a.inputText(findRef(page, 'textbox', 'Expiry date'), '12/30'),
            a.inputText(findRef(page, 'textbox', 'Security code'), '<secret>card_cvc</secret>'),
            a.click('999'),
          ],
          { evaluation: 'On the payment page', memory: 'Total should be $43.98' },
        );
      }
      expect(view.previousStep).toContain('FAILED (ELEMENT_NOT_FOUND)');
      return agentReply(
        'Pay and check the confirmation',
        [
          a.click(findRef(page, 'button', /^Pay \$/)),
          a.assertTextVisible('Thank you for your order!'),
          a.assertTextVisible('Paid with card ending in 4242'),
          a.done(true, 'The order was confirmed and paid with the card ending in 4242'),
        ],
        { evaluation: 'The pay click used a wrong ref', memory: 'Card details are filled in' },
      );
    }
    throw new Error(`unexpected page ${view.title}`);
  });
}

function fingerprintOf(action: RecordedAction | undefined): ElementFingerprint {
  expect(action?.domElementData).not.toBeNull();
  return action?.domElementData as ElementFingerprint;
}

describe('runAgenticTest: the checkout journey', () => {
  it('passes and records the traversal field by field', async () => {
    const model = checkoutModel();
    const { events, onEvent } = collectEvents();
    const outcome = await runAgenticTest({
      test: {
        description: 'Buy everything in the cart, shipping to Berlin, and pay by card',
        expectedOutcome: 'The order confirmation shows the order paid with the card ending in 4242',
        startUrl: '/checkout/cart.html',
      },
      projectUrl: bed.server.origin,
      model,
      browser: bed.browser,
      browserConfig: { viewport: { width: 1280, height: 720 } },
      secrets: new Map([
        ['card_number', CARD],
        ['card_cvc', CVC],
      ]),
      onEvent,
    });
    expect(outcome.failure).toBeNull();
    expect(outcome.status).toBe('passed');
    expect(outcome.repairWasNeeded).toBe(false);
    expect(outcome.modelSteps).toBe(4);
    expect(outcome.doneOutcome).toBe(
      'The order was confirmed and paid with the card ending in 4242',
    );

    const traversal = outcome.producedTraversal;
    expect(traversal?.expectedOutcome).toBe(
      'The order confirmation shows the order paid with the card ending in 4242',
    );
    expect(traversal?.secretNames).toEqual(['card_number', 'card_cvc']);
    const states = traversal?.brainStates ?? [];
    expect(
      states.map((s) => [
        s.idx,
        s.valid,
        s.evaluationPreviousGoal,
        s.memory,
        s.nextGoal,
        s.actions.length,
      ]),
    ).toEqual([
      [
        0,
        true,
        'Nothing done yet',
        'Cart has a T-shirt and two mugs',
        'Proceed from the cart to shipping',
        1,
      ],
      [
        1,
        true,
        'On the shipping page',
        'Shipping to Ada Lovelace, Berlin',
        'Fill in the shipping address and continue',
        6,
      ],
      [
        2,
        true,
        'On the payment page',
        'Total should be $43.98',
        'Enter the card details and pay',
        4,
      ],
      // The failed click is split off into a brain state replay skips; the next step redoes it.
      [
        3,
        false,
        'On the payment page',
        'Total should be $43.98',
        'Enter the card details and pay',
        1,
      ],
      [
        4,
        true,
        'The pay click used a wrong ref',
        'Card details are filled in',
        'Pay and check the confirmation',
        4,
      ],
    ]);

    // Actions: types and recorded locators (refs replaced), secret placeholders, never values.
    const actionsOf = (i: number) => states[i]?.actions.map((r) => r.action) ?? [];
    expect(actionsOf(0)).toEqual([
      {
        type: 'click',
        target: { locator: "getByRole('button', { name: 'Proceed to shipping' })" },
        button: 'left',
        clickCount: 1,
      },
    ]);
    const typed = (name: string, text: string) => ({
      type: 'input_text',
      target: { locator: `getByRole('textbox', { name: '${name}' })` },
      text,
      clear: true,
      pressEnter: false,
    });
    expect(actionsOf(1)).toEqual([
      typed('Full name', 'Ada Lovelace'),
      typed('Street address', '12 Analytical Street'),
      typed('City', 'Berlin'),
      typed('Postal code', '10115'),
      {
        type: 'select_option',
        target: { locator: "getByRole('combobox', { name: 'Country' })" },
        option: 'Germany',
        by: 'label',
      },
      {
        type: 'click',
        target: { locator: "getByRole('button', { name: 'Continue to payment' })" },
        button: 'left',
        clickCount: 1,
      },
    ]);
    expect(actionsOf(2)).toEqual([
      typed('Name on card', 'Ada Lovelace'),
      typed('Card number', '<secret>card_number</secret>'),
      typed('Expiry date', '12/30'),
      typed('Security code', '<secret>card_cvc</secret>'),
    ]);
    expect(actionsOf(3)).toEqual([
      { type: 'click', target: { ref: '999' }, button: 'left', clickCount: 1 },
    ]);
    expect(states[3]?.actions[0]?.domElementData).toBeNull();
    expect(actionsOf(4)).toEqual([
      {
        type: 'click',
        target: { locator: "getByRole('button', { name: 'Pay $43.98' })" },
        button: 'left',
        clickCount: 1,
      },
      { type: 'assert_text_visible', text: 'Thank you for your order!', exact: false },
      { type: 'assert_text_visible', text: 'Paid with card ending in 4242', exact: false },
      {
        type: 'done',
        success: true,
        outcome: 'The order was confirmed and paid with the card ending in 4242',
      },
    ]);
    expect(states.flatMap((s) => s.actions.map((r) => r.idx))).toEqual([
      0, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 0, 0, 1, 2, 3,
    ]);

    // Fingerprints, captured before acting.
    const cartUrl = bed.server.url('/checkout/cart.html');
    const shippingUrl = bed.server.url('/checkout/shipping.html');
    const paymentUrl = bed.server.url('/checkout/payment.html');
    const proceed = fingerprintOf(states[0]?.actions[0]);
    expect(proceed).toMatchObject({
      version: ELEMENT_FINGERPRINT_VERSION,
      tag: 'button',
      role: 'button',
      accessibleName: 'Proceed to shipping',
      text: 'Proceed to shipping',
      id: 'to-shipping',
      name: null,
      type: 'button',
      label: null,
      testIds: {},
      href: null,
      classes: [],
      value: null,
      cssPath: '#to-shipping',
      xpath: '/html/body/main/div/button',
      idXpath: '//*[@id="to-shipping"]',
      frame: { url: cartUrl, name: null, framePath: [], shadowPath: [] },
      locator: "getByRole('button', { name: 'Proceed to shipping' })",
    });
    expect(proceed.neighborTexts).toContain('Subtotal');
    expect(proceed.boundingBox?.width).toBeGreaterThan(0);

    const fullName = fingerprintOf(states[1]?.actions[0]);
    expect(fullName).toMatchObject({
      tag: 'input',
      role: 'textbox',
      accessibleName: 'Full name',
      id: 'full-name',
      name: 'fullName',
      type: 'text',
      placeholder: null,
      label: 'Full name',
      value: null,
      cssPath: '#full-name',
      xpath: '/html/body/main/form/input[1]',
      idXpath: '//*[@id="full-name"]',
      frame: { url: shippingUrl, name: null, framePath: [], shadowPath: [] },
      locator: "getByRole('textbox', { name: 'Full name' })",
    });
    expect(fullName.neighborTexts).toContain('Full name');
    expect(fullName.boundingBox).toMatchObject({
      width: expect.any(Number),
      height: expect.any(Number),
    });

    const country = fingerprintOf(states[1]?.actions[4]);
    expect(country).toMatchObject({
      tag: 'select',
      role: 'combobox',
      accessibleName: 'Country',
      id: 'country',
      name: 'country',
      label: 'Country',
      value: 'United States',
      cssPath: '#country',
      idXpath: '//*[@id="country"]',
    });

    const cardNumber = fingerprintOf(states[2]?.actions[1]);
    expect(cardNumber).toMatchObject({
      id: 'card-number',
      label: 'Card number',
      placeholder: '1234 5678 9012 3456',
      value: null,
    });
    const cvc = fingerprintOf(states[2]?.actions[3]);
    expect(cvc).toMatchObject({ id: 'cvc', type: 'password', label: 'Security code', value: null });

    const pay = fingerprintOf(states[4]?.actions[0]);
    expect(pay).toMatchObject({
      tag: 'button',
      role: 'button',
      accessibleName: 'Pay $43.98',
      text: 'Pay $43.98',
      id: 'pay',
      type: 'submit',
      cssPath: '#pay',
      idXpath: '//*[@id="pay"]',
      frame: { url: paymentUrl, name: null, framePath: [], shadowPath: [] },
      locator: "getByRole('button', { name: 'Pay $43.98' })",
    });
    expect(pay.xpath).toMatch(/^\/html\/body\/main\/form\/div\[\d\]\/button$/);
    expect(pay.neighborTexts).toEqual(expect.arrayContaining(['Security code', '$43.98']));
    // Assertions without an element and done have no fingerprint.
    expect(states[4]?.actions.slice(1).map((r) => r.domElementData)).toEqual([null, null, null]);

    // Executed steps: one per executed action, in order, addressing the traversal.
    const steps = outcome.steps;
    expect(
      steps.map((s) => [s.idx, s.brainStateIdx, s.actionIdx, s.passed, s.locateMethod]),
    ).toEqual([
      [0, 0, 0, true, 'locator'],
      [1, 1, 0, true, 'locator'],
      [2, 1, 1, true, 'locator'],
      [3, 1, 2, true, 'locator'],
      [4, 1, 3, true, 'locator'],
      [5, 1, 4, true, 'locator'],
      [6, 1, 5, true, 'locator'],
      [7, 2, 0, true, 'locator'],
      [8, 2, 1, true, 'locator'],
      [9, 2, 2, true, 'locator'],
      [10, 2, 3, true, 'locator'],
      [11, 3, 0, false, 'none'],
      [12, 4, 0, true, 'locator'],
      [13, 4, 1, true, 'none'],
      [14, 4, 2, true, 'none'],
      [15, 4, 3, true, 'none'],
    ]);
    for (const step of steps) {
      expect(step.traversal).toBe('produced');
      expect(step.caption).toBe(states[step.brainStateIdx]?.nextGoal);
      expect(step.action).toEqual(states[step.brainStateIdx]?.actions[step.actionIdx]?.action);
      expect(isJpeg(step.screenshot)).toBe(true);
      expect(Date.parse(step.finishedAt)).toBeGreaterThanOrEqual(Date.parse(step.startedAt));
      expect(step.healScore).toBeNull();
    }
    expect(steps[11]?.error).toMatch(/element 999 is not in the latest page state/);
    expect(steps.filter((s) => s.idx !== 11).every((s) => s.error === null)).toBe(true);
    // The typed field is outlined where its fingerprint was taken; after a navigation there is nothing to outline.
    expect(steps[1]?.screenshotBox).toEqual({
      x: Math.round(fullName.boundingBox?.x ?? -1),
      y: Math.round(fullName.boundingBox?.y ?? -1),
      width: Math.round(fullName.boundingBox?.width ?? -1),
      height: Math.round(fullName.boundingBox?.height ?? -1),
    });
    expect(steps[0]?.screenshotBox).toBeNull();

    // Usage of every model call, and the events the worker publishes.
    expect(outcome.usage).toEqual([
      expect.objectContaining({ provider: 'mock-provider', modelId: 'mock-model', calls: 4 }),
    ]);
    expect(outcome.usage[0]?.inputTokens).toBeGreaterThan(0);
    expect(
      eventsOf(events, 'brain_state').map((e) => [e.stepNumber, e.brainStateIdx, e.nextGoal]),
    ).toEqual([
      [1, 0, 'Proceed from the cart to shipping'],
      [2, 1, 'Fill in the shipping address and continue'],
      [3, 2, 'Enter the card details and pay'],
      [4, 4, 'Pay and check the confirmation'],
    ]);
    expect(eventsOf(events, 'step_started').map((e) => e.stepIdx)).toEqual(steps.map((s) => s.idx));
    expect(eventsOf(events, 'step_finished').map((e) => e.step)).toEqual(steps);
    expect(events.at(-1)).toEqual({ type: 'run_finished', status: 'passed', failure: null });

    // Nothing the run produced holds a secret value.
    const everything = JSON.stringify({
      ...outcome,
      steps: steps.map((s) => ({ ...s, screenshot: null })),
    });
    expect(everything).not.toContain(CARD);
    for (const call of model.doGenerateCalls) {
      expect(JSON.stringify(call.prompt)).not.toContain(CARD);
      expect(JSON.stringify(call.prompt)).not.toMatch(new RegExp(`\\b${CVC}\\b`));
    }
  });
});
