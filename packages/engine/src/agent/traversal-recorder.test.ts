import { describe, expect, it } from 'vitest';
import type { Action } from '../actions/action-schema.ts';
import type { RecordedBrainState } from '../run/run-record.ts';
import { TraversalRecorder } from './traversal-recorder.ts';

const texts = { evaluationPreviousGoal: 'e', memory: 'm', nextGoal: 'g' };
const typed = (text: string): Action => ({
  type: 'input_text',
  target: { locator: "getByLabel('Name')" },
  text,
  clear: true,
  pressEnter: false,
});

describe('TraversalRecorder', () => {
  it('keeps the passed actions of a step that failed part-way valid, and splits the failed one off', () => {
    const recorder = new TraversalRecorder('done', [], 0);
    recorder.beginBrainState(texts);
    expect(recorder.recordAction(typed('a'), null, true)).toEqual({
      brainStateIdx: 0,
      actionIdx: 0,
    });
    expect(recorder.positionFor(false)).toEqual({ brainStateIdx: 1, actionIdx: 0 });
    expect(recorder.recordAction(typed('b'), null, false)).toEqual({
      brainStateIdx: 1,
      actionIdx: 0,
    });
    recorder.beginBrainState({ ...texts, nextGoal: 'again' });
    expect(recorder.recordAction(typed('<secret>pw</secret>'), null, true)).toEqual({
      brainStateIdx: 2,
      actionIdx: 0,
    });
    const traversal = recorder.traversal();
    expect(
      traversal.brainStates.map((s) => [s.idx, s.valid, s.nextGoal, s.actions.map((a) => a.idx)]),
    ).toEqual([
      [0, true, 'g', [0]],
      [1, false, 'g', [0]],
      [2, true, 'again', [0]],
    ]);
    expect(traversal.secretNames).toEqual(['pw']);
  });

  it('records a step with one failed action as a single invalid brain state, and one without actions as invalid', () => {
    const recorder = new TraversalRecorder('done', [], 0);
    recorder.beginBrainState(texts);
    recorder.recordAction(typed('<secret>unused</secret>'), null, false);
    recorder.beginBrainState(texts);
    const traversal = recorder.traversal();
    expect(traversal.brainStates.map((s) => [s.valid, s.actions.length])).toEqual([
      [false, 1],
      [false, 0],
    ]);
    // Only the secrets of valid brain states are the path's.
    expect(traversal.secretNames).toEqual([]);
  });

  it('starts from prior brain states, re-indexed, and numbers executed steps from firstStepIdx', () => {
    const prior: RecordedBrainState[] = [
      {
        idx: 4,
        valid: true,
        ...texts,
        actions: [{ idx: 2, action: typed('<secret>user</secret>'), domElementData: null }],
      },
    ];
    const recorder = new TraversalRecorder('done', prior, 9);
    expect(recorder.nextStepIdx).toBe(9);
    expect(recorder.beginBrainState(texts)).toBe(1);
    const traversal = recorder.traversal();
    expect(traversal.brainStates[0]).toMatchObject({ idx: 0, actions: [{ idx: 0 }] });
    expect(traversal.secretNames).toEqual(['user']);
    expect(prior[0]?.idx).toBe(4);
  });
});
