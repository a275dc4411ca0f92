import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../agent/agent-events.ts';
import type { RecordedTraversal, RunOutcome } from '../run/run-record.ts';
import type { RunEvent } from './replay-options.ts';
import { replayTraversal } from './replay-traversal.ts';
import {
  COSMETIC_VARIANTS,
  SHOP_CARD_NUMBER,
  SHOP_SECRETS,
  useShopBed,
} from './testing/shop-bed.ts';

const bed = useShopBed();
/** Short budgets: a bug variant's disabled button or missing text should fail in seconds, not the defaults. */
const SETTINGS = { actionTimeoutMs: 4_000, assertionTimeoutMs: 3_000 } as const;

async function replayOn(
  variant: string,
  more: { traversal?: RecordedTraversal; signal?: AbortSignal; deadline?: number } = {},
): Promise<{ outcome: RunOutcome; events: RunEvent[] }> {
  const session = await bed.openShop(variant);
  const events: RunEvent[] = [];
  try {
    const outcome = await replayTraversal({
      session,
      traversal: more.traversal ?? bed.traversal,
      secrets: SHOP_SECRETS,
      baseUrl: bed.server.origin,
      settings: SETTINGS,
      signal: more.signal,
      deadline: more.deadline,
      onEvent: (event) => void events.push(event),
    });
    return { outcome, events };
  } finally {
    await session.close();
  }
}

const healedSteps = (outcome: RunOutcome) =>
  outcome.steps.filter((s) => s.locateMethod === 'healed');

describe('replayTraversal on the shop journey recorded from its steps file', () => {
  it.each(COSMETIC_VARIANTS)(
    'passes on the cosmetic variant %s without a model',
    async (variant) => {
      const { outcome } = await replayOn(variant);
      expect(outcome.failure).toBeNull();
      expect(outcome.status).toBe('passed');
      expect(outcome.repairWasNeeded).toBe(false);
      expect(outcome.producedTraversal).toBeNull();
      expect(outcome.usage).toEqual([]);
      const actions = bed.traversal.brainStates.flatMap((s) => s.actions);
      expect(outcome.steps).toHaveLength(actions.length);
      expect(outcome.steps.every((s) => s.passed && s.traversal === 'replayed')).toBe(true);
      for (const step of healedSteps(outcome)) {
        expect(step.healScore).toBeGreaterThanOrEqual(0.35);
        expect(step.healScore).toBeLessThanOrEqual(1);
      }
    },
  );

  it('reports how each element was found: the recorded locator on base, healed with a score where ids changed', async () => {
    const base = await replayOn('base');
    expect(healedSteps(base.outcome)).toEqual([]);
    expect(base.outcome.steps[0]).toMatchObject({ locateMethod: 'locator', healScore: null });
    // Assertions without an element and the key press find nothing.
    expect(
      base.outcome.steps.filter((s) => s.locateMethod === 'none').map((s) => s.action.type),
    ).toEqual([
      'press_keys',
      'assert_text_visible',
      'assert_text_visible',
      'assert_text_visible',
      'assert_url',
    ]);

    const ids = await replayOn('ids');
    const healed = healedSteps(ids.outcome);
    expect(healed.map((s) => s.action)).toContainEqual(
      expect.objectContaining({ type: 'click', target: { locator: "locator('#add-backpack')" } }),
    );
    for (const step of healed) expect(step.healScore).toBeGreaterThan(0.5);
  });

  it('heals reworded buttons, links and labels on the wording variant', async () => {
    const { outcome } = await replayOn('wording');
    const healed = healedSteps(outcome).map((s) => s.caption);
    expect(healed).toEqual(
      expect.arrayContaining([
        'Add the Trail Backpack to the cart',
        'Add the Camping Lantern to the cart',
        'Open the cart',
        'Proceed to checkout',
        'Fill in the customer details',
        'Choose express shipping',
        'Place the order',
      ]),
    );
  });

  it('fails on the wrong-total bug at the total assertion, without healing anything', async () => {
    const { outcome } = await replayOn('wrong-total');
    expect(outcome.status).toBe('failed');
    expect(outcome.failure?.kind).toBe('assertion_failed');
    expect(outcome.failure?.message).toContain('Total: $112.00');
    expect(outcome.failure?.message).toContain('$127.00');
    expect(healedSteps(outcome)).toEqual([]);
    const last = outcome.steps.at(-1);
    expect(last).toMatchObject({ passed: false, caption: 'Check the order total' });
    expect(outcome.failure?.stepIdx).toBe(last?.idx);
  });

  it('fails on the missing-confirmation bug at the confirmation assertion', async () => {
    const { outcome } = await replayOn('no-confirmation');
    expect(outcome.failure?.kind).toBe('assertion_failed');
    expect(outcome.failure?.message).toContain('Order confirmed');
    expect(healedSteps(outcome)).toEqual([]);
  });

  it('fails on the disabled-submit bug at the submit button, found by its locator but never actionable', async () => {
    const { outcome } = await replayOn('disabled-submit');
    expect(outcome.failure?.kind).toBe('element_not_found');
    expect(outcome.failure?.message).toContain('never became actionable');
    expect(outcome.steps.at(-1)).toMatchObject({
      passed: false,
      locateMethod: 'locator',
      caption: 'Place the order',
    });
    expect(healedSteps(outcome)).toEqual([]);
  });

  it('refuses to choose between two equally good twins, naming the candidates and their scores', async () => {
    const { outcome } = await replayOn('twins');
    expect(outcome.failure?.kind).toBe('ambiguous_element');
    expect(outcome.steps).toHaveLength(1);
    const error = outcome.steps[0]?.error ?? '';
    expect(error).toContain('about equally well');
    expect(error).toMatch(/#\d+ 0\.\d\d <button#v2-backpack_add-a> "Add to cart"/);
    expect(error).toMatch(/#\d+ 0\.\d\d <button#v2-backpack_add-b> "Add to cart"/);
    expect(outcome.failure?.message).toContain(error.split('\n')[0] ?? '');
  });

  it('never lets the secret value into steps, errors, events or the outcome', async () => {
    const { outcome, events } = await replayOn('wrong-total');
    const text = JSON.stringify({
      outcome: { ...outcome, steps: outcome.steps.map((s) => ({ ...s, screenshot: null })) },
      events: stripShots(events),
    });
    expect(text).not.toContain(SHOP_CARD_NUMBER);
    expect(text).not.toContain(SHOP_CARD_NUMBER.replaceAll(' ', '%20'));
    const typed = outcome.steps.find((s) => s.caption === 'Pay by card');
    expect(typed?.action).toMatchObject({
      type: 'input_text',
      text: '<secret>card_number</secret>',
    });
    expect(typed?.passed).toBe(true);
    // The screenshot paints over the field the secret was typed into: its middle is the mask's flat colour.
    const box = typed?.screenshotBox;
    if (!typed?.screenshot || !box)
      throw new Error('the step has a screenshot with the field outlined');
    const { data, info } = await sharp(typed.screenshot)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const at =
      (Math.round(box.y + box.height / 2) * info.width + Math.round(box.x + box.width / 4)) *
      info.channels;
    const [r, g, b] = [data[at] ?? 0, data[at + 1] ?? 0, data[at + 2] ?? 0];
    expect(Math.abs(r - 0x3a) + Math.abs(g - 0x3f) + Math.abs(b - 0x4b)).toBeLessThan(24);
  });

  it('reports live progress: a start and a finish per step, then the end of the run', async () => {
    const { outcome, events } = await replayOn('base');
    const types = events.map((e) => e.type);
    expect(types.at(-1)).toBe('run_finished');
    expect(types.filter((t) => t === 'step_started')).toHaveLength(outcome.steps.length);
    const finished = events.filter(
      (e): e is Extract<AgentEvent, { type: 'step_finished' }> => e.type === 'step_finished',
    );
    expect(finished.map((e) => e.step.idx)).toEqual(outcome.steps.map((s) => s.idx));
    expect(finished.every((e) => e.step.screenshot !== null)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'run_finished', status: 'passed', failure: null });
  });

  it('fails as cancelled when the signal fires mid-run', async () => {
    const controller = new AbortController();
    const session = await bed.openShop('base');
    try {
      const outcome = await replayTraversal({
        session,
        traversal: bed.traversal,
        secrets: SHOP_SECRETS,
        baseUrl: bed.server.origin,
        settings: SETTINGS,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'step_finished' && event.step.idx === 2) controller.abort();
        },
      });
      expect(outcome.failure?.kind).toBe('cancelled');
      expect(outcome.steps.length).toBeLessThanOrEqual(4);
    } finally {
      await session.close();
    }
  });

  it('fails as a timeout when the run deadline passes', async () => {
    const { outcome } = await replayOn('base', { deadline: Date.now() + 1_500 });
    expect(outcome.failure?.kind).toBe('timeout');
    expect(outcome.steps.length).toBeLessThan(
      bed.traversal.brainStates.flatMap((s) => s.actions).length,
    );
  });

  it('skips invalid brain states and fails a traversal that verifies nothing after its last interaction', async () => {
    const [first, second] = bed.traversal.brainStates;
    if (!first || !second) throw new Error('the recording has brain states');
    const traversal: RecordedTraversal = {
      ...bed.traversal,
      brainStates: [
        first,
        {
          ...second,
          idx: 1,
          valid: false,
          actions: [{ idx: 0, action: { type: 'go_back' }, domElementData: null }],
        },
      ],
    };
    const { outcome } = await replayOn('base', { traversal });
    expect(outcome.steps).toHaveLength(first.actions.length);
    expect(outcome.failure?.kind).toBe('assertion_failed');
    expect(outcome.failure?.message).toContain('nothing verified the expected outcome');
  });
});

function stripShots(events: RunEvent[]): unknown[] {
  return events.map((event) =>
    event.type === 'step_finished'
      ? { ...event, step: { ...event.step, screenshot: null } }
      : event,
  );
}
