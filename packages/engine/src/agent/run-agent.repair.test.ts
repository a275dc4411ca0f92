import { afterEach, describe, expect, it } from 'vitest';
import type { ActionInput } from '../actions/action-schema.ts';
import { executeAction } from '../actions/execute-action.ts';
import { openBrowserSession, type BrowserSession } from '../browser/browser-session.ts';
import type { RecordedBrainState } from '../run/run-record.ts';
import { runAgent } from './run-agent.ts';
import { collectEvents, eventsOf, useAgentTestBed } from './testing/agent-test-bed.ts';
import {
  agentActions as a,
  agentReply,
  createScriptedAgentModel,
  findRef,
  type AgentPromptView,
} from './testing/scripted-agent.ts';

const bed = useAgentTestBed();
let session: BrowserSession | undefined;

afterEach(async () => {
  await session?.close();
});

/** Replays recorded actions the way replay does, and returns the brain state they make up. */
async function replay(
  idx: number,
  nextGoal: string,
  actions: ActionInput[],
): Promise<RecordedBrainState> {
  const state: RecordedBrainState = {
    idx,
    valid: true,
    evaluationPreviousGoal: 'ok',
    memory: '',
    nextGoal,
    actions: [],
  };
  for (const action of actions) {
    const result = await executeAction(session as BrowserSession, action);
    expect(result.error).toBeNull();
    state.actions.push({
      idx: state.actions.length,
      action: result.recordedAction ?? (action as never),
      domElementData: result.fingerprint,
    });
  }
  return state;
}

describe('runAgent as a repair', () => {
  it('starts on the page where replay stopped, with the replayed prefix as history and the rest as hints', async () => {
    session = await openBrowserSession({ browser: bed.browser });
    await session.page.goto(bed.server.url('/checkout/cart.html'));
    const prior = [
      await replay(0, 'Proceed from the cart to shipping', [
        {
          type: 'click',
          target: { locator: "getByRole('button', { name: 'Proceed to shipping' })" },
        },
      ]),
      await replay(1, 'Fill in the shipping address and continue', [
        {
          type: 'input_text',
          target: { locator: "getByLabel('Full name')" },
          text: 'Ada Lovelace',
        },
        {
          type: 'input_text',
          target: { locator: "getByLabel('Street address')" },
          text: '1 Main St',
        },
        { type: 'input_text', target: { locator: "getByLabel('City')" }, text: 'Paris' },
        { type: 'input_text', target: { locator: "getByLabel('Postal code')" }, text: '75001' },
        {
          type: 'click',
          target: { locator: "getByRole('button', { name: 'Continue to payment' })" },
        },
      ]),
    ];
    const priorCopy = structuredClone(prior);
    const urlWhenStopped = session.page.url();
    const views: AgentPromptView[] = [];
    const model = createScriptedAgentModel((view) => {
      views.push(view);
      if (view.stepNumber === 1)
        return agentReply('The page looks done already', [a.done(true, 'Paid')]);
      if (view.title.startsWith('Payment')) {
        const page = view.pageState;
        return agentReply('Enter the card details and pay', [
          a.inputText(findRef(page, 'textbox', 'Name on card'), 'Ada Lovelace'),
          a.inputText(findRef(page, 'textbox', 'Card number'), '<secret>card</secret>'),
          a.inputText(findRef(page, 'textbox', 'Expiry date'), '01/31'),
          a.inputText(findRef(page, 'textbox', 'Security code'), '123'),
          a.click(findRef(page, 'button', /^Pay /)),
          a.assertTextVisible('Thank you for your order!'),
        ]);
      }
      return agentReply('Finish', [
        a.assertTextVisible('Thank you for your order!'),
        a.done(true, 'Order confirmed'),
      ]);
    });
    const { events, onEvent } = collectEvents();
    const outcome = await runAgent({
      session,
      model,
      task: {
        description: 'Buy the cart',
        expectedOutcome: 'The order is confirmed',
        startUrl: bed.server.url('/checkout/cart.html'),
      },
      secrets: new Map([['card', '4111111111111111']]),
      repair: {
        priorBrainStates: prior,
        hints: ['Enter the card details and pay now', 'Check the confirmation'],
        reason: "no element matched getByRole('button', { name: 'Pay now' })",
      },
      firstStepIdx: 7,
      onEvent,
    });

    expect(outcome.failure).toBeNull();
    expect(outcome.status).toBe('passed');
    expect(outcome.repairWasNeeded).toBe(true);
    // Nothing was navigated first: the agent's first view is the page replay stopped on.
    expect(views[0]?.pageState.split('\n')[0]).toBe(
      `Page: "Payment · Retrace Shop" ${urlWhenStopped}`,
    );
    expect(views[0]?.repair).toContain(
      "replayed without you until it could not go on: no element matched getByRole('button', { name: 'Pay now' })",
    );
    expect(views[0]?.repair).toContain('HINTS ONLY');
    expect(views[0]?.repair).toContain(
      '1. Enter the card details and pay now\n2. Check the confirmation',
    );
    expect(views[0]?.history).toContain('replayed step 1 (ok):');
    expect(views[0]?.history).toContain(
      "click getByRole('button', { name: 'Continue to payment' }) → ok",
    );
    // The replayed prefix verifies nothing for the agent: its done needs an assertion of its own.
    expect(eventsOf(events, 'done_rejected')).toHaveLength(1);

    // The repaired path = the replayed prefix, unchanged, then the agent's steps.
    const states = outcome.producedTraversal?.brainStates ?? [];
    expect(states.slice(0, 2)).toEqual(priorCopy);
    expect(states.slice(2).map((s) => [s.idx, s.valid, s.nextGoal, s.actions.length])).toEqual([
      [2, false, 'The page looks done already', 0],
      [3, true, 'Enter the card details and pay', 6],
      [4, true, 'Finish', 2],
    ]);
    expect(outcome.producedTraversal?.secretNames).toEqual(['card']);
    expect(
      outcome.steps.map((s) => [s.idx, s.traversal, s.brainStateIdx, s.actionIdx, s.locateMethod]),
    ).toEqual([
      [7, 'produced', 3, 0, 'repaired'],
      [8, 'produced', 3, 1, 'repaired'],
      [9, 'produced', 3, 2, 'repaired'],
      [10, 'produced', 3, 3, 'repaired'],
      [11, 'produced', 3, 4, 'repaired'],
      [12, 'produced', 3, 5, 'none'],
      [13, 'produced', 4, 0, 'none'],
      [14, 'produced', 4, 1, 'none'],
    ]);
    // runAgent leaves the session to its owner.
    expect(session.closed).toBe(false);
    expect(session.page.url()).toBe(bed.server.url('/checkout/confirmation.html'));
  });
});
