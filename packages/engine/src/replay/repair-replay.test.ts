import { describe, expect, it } from 'vitest';
import {
  agentActions as a,
  agentReply,
  createScriptedAgentModel,
  findRef,
  type AgentPromptView,
  type AgentScriptAnswer,
} from '../agent/testing/scripted-agent.ts';
import type { RecordedTraversal, RunOutcome } from '../run/run-record.ts';
import { REVERIFY_GOAL } from './repair-replay.ts';
import type { RepairPolicy, RunEvent } from './replay-options.ts';
import { replayTraversal } from './replay-traversal.ts';
import { SHOP_CARD_NUMBER, SHOP_SECRETS, useShopBed } from './testing/shop-bed.ts';

const bed = useShopBed();
const SETTINGS = { actionTimeoutMs: 4_000, assertionTimeoutMs: 3_000 } as const;
const TASK = {
  description:
    'Add the Trail Backpack and the Camping Lantern to the cart, buy two lanterns, check out with express shipping to Hungary and pay by card.',
  expectedOutcome: 'The order is confirmed and the total paid is $112.00',
  startUrl: '/shop/',
};

async function repairOn(
  variant: string,
  script: (view: AgentPromptView, call: number) => AgentScriptAnswer,
  more: { policy?: RepairPolicy; traversal?: RecordedTraversal } = {},
) {
  const views: AgentPromptView[] = [];
  const model = createScriptedAgentModel((view, call) => {
    views.push(view);
    return script(view, call);
  });
  const session = await bed.openShop(variant);
  const events: RunEvent[] = [];
  try {
    const outcome = await replayTraversal({
      session,
      traversal: more.traversal ?? bed.traversal,
      secrets: SHOP_SECRETS,
      baseUrl: bed.server.origin,
      settings: SETTINGS,
      onEvent: (event) => void events.push(event),
      repair: {
        model,
        policy: more.policy ?? 'auto',
        task: TASK,
        limits: { maxSteps: 6, maxRejectedDones: 1 },
      },
    });
    return { outcome, views, events, model };
  } finally {
    await session.close();
  }
}

const replayedSteps = (outcome: RunOutcome) =>
  outcome.steps.filter((s) => s.traversal === 'replayed');

describe('repairing a replay with the agent', () => {
  it('repairs a journey that gained a review step: version N+1 = replayed prefix + agent steps + re-verification', async () => {
    const { outcome, views, events } = await repairOn('review-step', (view) => {
      if (view.title.startsWith('Review'))
        return agentReply('Confirm the order on the new review page', [
          a.click(findRef(view.pageState, 'button', 'Confirm order')),
        ]);
      return agentReply('Check the confirmation', [
        a.assertTextVisible('Order confirmed'),
        a.assertTextVisible('Total paid: $112.00'),
        a.done(true, 'The order is confirmed, $112.00 paid'),
      ]);
    });
    expect(outcome.failure).toBeNull();
    expect(outcome.status).toBe('passed');
    expect(outcome.repairWasNeeded).toBe(true);
    expect(outcome.usage).toHaveLength(1);
    expect(outcome.usage[0]?.calls).toBe(2);

    // Replay stopped at the confirmation assertion; the agent was told it is evidence, with the hints.
    const replayed = replayedSteps(outcome);
    expect(replayed.at(-1)).toMatchObject({
      passed: false,
      caption: 'Check that the order is confirmed with the right total',
    });
    expect(views[0]?.repair).toContain(
      'the recorded assertion "assert_text_visible "Order confirmed"" FAILED',
    );
    expect(views[0]?.repair).toContain('evidence');
    expect(views[0]?.repair).toContain('1. Check that the order is confirmed with the right total');
    expect(views[0]?.history).toContain('replayed step 11 (ok)');
    expect(events.filter((e) => e.type === 'repair_started')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'run_finished')).toEqual([
      { type: 'run_finished', status: 'passed', failure: null },
    ]);

    const produced = outcome.producedTraversal;
    if (!produced) throw new Error('a repaired run produces a traversal');
    const original = bed.traversal.brainStates;
    // The prefix: every brain state replayed before the failing one, as recorded.
    expect(produced.brainStates.slice(0, original.length - 1)).toEqual(original.slice(0, -1));
    const added = produced.brainStates.slice(original.length - 1);
    expect(added.map((s) => [s.valid, s.nextGoal, s.actions.map((x) => x.action.type)])).toEqual([
      [true, 'Confirm the order on the new review page', ['click']],
      [true, 'Check the confirmation', ['assert_text_visible', 'assert_text_visible', 'done']],
      [true, REVERIFY_GOAL, ['assert_text_visible', 'assert_text_visible', 'assert_url']],
    ]);
    expect(added[0]?.actions[0]?.action).toMatchObject({
      target: { locator: "getByRole('button', { name: 'Confirm order' })" },
    });
    expect(produced.secretNames).toEqual(['card_number']);
    expect(outcome.steps.map((s) => s.idx)).toEqual(outcome.steps.map((_, i) => i));
    expect(outcome.steps.filter((s) => s.locateMethod === 'repaired')).toHaveLength(1);

    // Version N+1 replays without a model on the changed application.
    const session = await bed.openShop('review-step');
    try {
      const again = await replayTraversal({
        session,
        traversal: produced,
        secrets: SHOP_SECRETS,
        baseUrl: bed.server.origin,
        settings: SETTINGS,
      });
      expect(again.failure).toBeNull();
      expect(again.repairWasNeeded).toBe(false);
    } finally {
      await session.close();
    }
  });

  it('fails the wrong-total bug when the agent skips the failed total assertion and verifies something weaker', async () => {
    const { outcome } = await repairOn('wrong-total', (view) => {
      if (view.title.startsWith('Checkout'))
        return agentReply('Place the order anyway', [
          a.click(findRef(view.pageState, 'button', 'Place order')),
        ]);
      return agentReply('Check that some order exists', [
        a.assertTextVisible('Order confirmed'),
        a.done(true, 'Order placed'),
      ]);
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.failure?.kind).toBe('assertion_failed');
    expect(outcome.failure?.message).toContain('did not pass the recorded assertion that failed');
    expect(outcome.failure?.message).toContain('Total: $112.00');
    expect(outcome.repairWasNeeded).toBe(true);
  });

  it('fails the wrong-total bug when the agent honestly finds the outcome unreachable', async () => {
    const { outcome } = await repairOn('wrong-total', () =>
      agentReply('Report the wrong total', [
        a.done(false, 'The order total is $127.00, not $112.00'),
      ]),
    );
    expect(outcome.failure?.kind).toBe('outcome_unreachable');
    expect(outcome.failure?.message).toContain('$127.00');
  });

  it('fails the missing-confirmation bug when the agent claims success without asserting', async () => {
    const { outcome } = await repairOn('no-confirmation', () =>
      agentReply('It is probably fine', [a.done(true, 'Order confirmed')]),
    );
    expect(outcome.failure?.kind).toBe('assertion_failed');
    expect(outcome.failure?.message).toContain('without verifying');
  });

  it('fails the disabled-submit bug when the agent verifies something weaker: the recorded outcome assertions fail', async () => {
    const { outcome } = await repairOn('disabled-submit', () =>
      agentReply('The checkout page is there', [
        a.assertTextVisible('Checkout'),
        a.done(true, 'Checkout shown'),
      ]),
    );
    expect(outcome.failure?.kind).toBe('assertion_failed');
    expect(outcome.failure?.message).toContain('does not pass the recorded outcome assertion');
    expect(outcome.failure?.message).toContain('Order confirmed');
    const reverify = outcome.producedTraversal?.brainStates.at(-1);
    expect(reverify).toMatchObject({ nextGoal: REVERIFY_GOAL, valid: false });
  });

  it('does not call the agent when the policy is never', async () => {
    const { outcome, views } = await repairOn('review-step', () => agentReply('x', []), {
      policy: 'never',
    });
    expect(views).toEqual([]);
    expect(outcome.failure?.kind).toBe('assertion_failed');
    expect(outcome.repairWasNeeded).toBe(false);
  });

  it('never shows the secret value to the model, and keeps it out of the repaired traversal', async () => {
    const { outcome, model } = await repairOn('review-step', (view) =>
      view.title.startsWith('Review')
        ? agentReply('Confirm', [a.click(findRef(view.pageState, 'button', 'Confirm order'))])
        : agentReply('Check', [a.assertTextVisible('Order confirmed'), a.done(true, 'ok')]),
    );
    expect(outcome.status).toBe('passed');
    const prompts = JSON.stringify(model.doGenerateCalls.map((c) => c.prompt));
    expect(prompts).not.toContain(SHOP_CARD_NUMBER);
    expect(JSON.stringify(outcome.producedTraversal)).not.toContain(SHOP_CARD_NUMBER);
  });
});
