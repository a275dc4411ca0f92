import { describe, expect, it } from 'vitest';
import {
  agentActions as a,
  agentReply,
  createScriptedAgentModel,
  findRef,
} from '../agent/testing/scripted-agent.ts';
import type { BrowserSession } from '../browser/browser-session.ts';
import { SHOP_SECRETS, SHOP_VIEWPORT, useShopBed } from '../replay/testing/shop-bed.ts';
import type { RunEvent } from '../replay/replay-options.ts';
import { chooseRunType, runTest, type RunTestOptions } from './run-test.ts';

const bed = useShopBed();
const TEST = {
  description: 'Buy a backpack and two lanterns with express shipping, paying by card.',
  expectedOutcome: 'The order is confirmed and the total paid is $112.00',
  startUrl: '/shop/',
};

function options(more: Partial<RunTestOptions> = {}): RunTestOptions {
  return {
    test: TEST,
    projectUrl: bed.server.origin,
    traversal: bed.traversal,
    browser: bed.browser,
    browserConfig: { viewport: SHOP_VIEWPORT },
    secrets: SHOP_SECRETS,
    replay: { actionTimeoutMs: 4_000, assertionTimeoutMs: 3_000 },
    ...more,
  };
}

function isGif(bytes: Uint8Array | null): boolean {
  return bytes !== null && Buffer.from(bytes.subarray(0, 6)).toString('latin1') === 'GIF89a';
}

describe('runTest', () => {
  it('replays the recorded traversal in its own guarded session, closes it, and renders the run GIF', async () => {
    let session: BrowserSession | undefined;
    const events: RunEvent[] = [];
    const outcome = await runTest(
      options({
        test: { ...TEST, startUrl: '/shop/?variant=ids' },
        onSessionOpened: (opened) => {
          session = opened;
        },
        onEvent: (event) => void events.push(event),
      }),
    );
    expect(outcome.failure).toBeNull();
    expect(outcome).toMatchObject({ status: 'passed', runType: 'REPLAY', repairWasNeeded: false });
    expect(outcome.steps.some((s) => s.locateMethod === 'healed')).toBe(true);
    expect(session?.closed).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'run_finished', status: 'passed', failure: null });
    // One frame per step, 22 steps of 1280×720 screenshots: within the 2 MB budget.
    expect(isGif(outcome.gif)).toBe(true);
    expect(outcome.steps.length).toBeGreaterThanOrEqual(20);
    expect(outcome.gif?.byteLength).toBeLessThanOrEqual(2_000_000);
  });

  it('repairs a failed replay when a model is configured and the policy allows it', async () => {
    const model = createScriptedAgentModel((view) =>
      view.title.startsWith('Review')
        ? agentReply('Confirm the order', [
            a.click(findRef(view.pageState, 'button', 'Confirm order')),
          ])
        : agentReply('Check the confirmation', [
            a.assertTextVisible('Order confirmed'),
            a.done(true, 'Confirmed'),
          ]),
    );
    const outcome = await runTest(
      options({ test: { ...TEST, startUrl: '/shop/?variant=review-step' }, model }),
    );
    expect(outcome.failure).toBeNull();
    expect(outcome).toMatchObject({ status: 'passed', runType: 'REPLAY', repairWasNeeded: true });
    expect(outcome.producedTraversal?.brainStates.length).toBeGreaterThan(
      bed.traversal.brainStates.length,
    );
    expect(outcome.usage[0]?.calls).toBe(2);
    expect(isGif(outcome.gif)).toBe(true);

    const never = await runTest(
      options({
        test: { ...TEST, startUrl: '/shop/?variant=review-step' },
        model,
        repairPolicy: 'never',
        gif: false,
      }),
    );
    expect(never).toMatchObject({ status: 'failed', repairWasNeeded: false, gif: null });
    expect(never.failure?.kind).toBe('assertion_failed');
  });

  it('records with the agent when there is no traversal yet', async () => {
    const model = createScriptedAgentModel(() =>
      agentReply('Check the product list', [
        a.assertTextVisible('Trail Backpack'),
        a.done(true, 'The shop lists the backpack'),
      ]),
    );
    const outcome = await runTest(
      options({
        traversal: null,
        model,
        test: { ...TEST, expectedOutcome: 'The shop lists the Trail Backpack' },
      }),
    );
    expect(outcome.failure).toBeNull();
    expect(outcome.runType).toBe('AGENTIC');
    expect(outcome.producedTraversal?.brainStates).toHaveLength(1);
    expect(isGif(outcome.gif)).toBe(true);
    expect(outcome).not.toHaveProperty('modelSteps');
  });

  it('fails clearly when there is nothing to replay and no model to record with', async () => {
    const outcome = await runTest(options({ traversal: null, model: null }));
    expect(outcome).toMatchObject({ status: 'failed', runType: 'AGENTIC', gif: null, steps: [] });
    expect(outcome.failure?.kind).toBe('infrastructure');
    expect(outcome.failure?.message).toContain(
      'no recorded traversal yet and no model is configured',
    );
    expect(chooseRunType({ mode: 'replay', traversal: null })).toEqual({
      refused: 'there is no recorded traversal to replay',
    });
    expect(chooseRunType({ mode: 'agentic', traversal: bed.traversal, model: null })).toEqual({
      refused: 'an agentic run needs a configured model',
    });
  });

  it('fails as infrastructure when the start page cannot be opened, and as cancelled when cancelled', async () => {
    const unreachable = await runTest(options({ projectUrl: 'http://127.0.0.1:9/', gif: false }));
    expect(unreachable.failure?.kind).toBe('infrastructure');
    expect(unreachable.failure?.message).toContain('the start URL could not be opened');

    const controller = new AbortController();
    controller.abort();
    const cancelled = await runTest(options({ signal: controller.signal }));
    expect(cancelled.failure?.kind).toBe('cancelled');
  });
});
