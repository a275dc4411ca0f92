// Records what the agent did as a traversal (brain states with their actions) and the executed steps of the run.
//
// Invariant: a valid brain state holds only actions that passed, so replay can run every action of every valid
// brain state. A step that fails part-way is therefore recorded as two brain states with the same texts: the
// actions that passed (valid) and the failed action (not valid: replay skips it; the next step redoes it).
// A step with no executed action (an unusable reply, a refused done) is recorded without actions, not valid.
// A refused `done` is not an executed action: it is neither recorded nor an ExecutedStep.
import type { Action } from '../actions/action-schema.ts';
import type { ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import type { ExecutedStep, RecordedBrainState, RecordedTraversal } from '../run/run-record.ts';
import { secretNamesIn } from '../secrets/secret-text.ts';

export interface BrainStateTexts {
  evaluationPreviousGoal: string;
  memory: string;
  nextGoal: string;
}

/** Where an executed action sits in the produced traversal. */
export interface ActionPosition {
  brainStateIdx: number;
  actionIdx: number;
}

export class TraversalRecorder {
  private readonly brainStates: RecordedBrainState[];
  private readonly steps: ExecutedStep[] = [];
  private current: RecordedBrainState | null = null;

  constructor(
    private readonly expectedOutcome: string,
    prior: readonly RecordedBrainState[],
    private readonly firstStepIdx: number,
  ) {
    // The prior brain states keep their content and validity; indexes are made contiguous.
    this.brainStates = prior.map((state, idx) => ({
      ...state,
      idx,
      actions: state.actions.map((a, actionIdx) => ({ ...a, idx: actionIdx })),
    }));
  }

  /** Starts the brain state of a model step; returns its index. */
  beginBrainState(texts: BrainStateTexts): number {
    this.finishBrainState();
    this.current = { idx: this.brainStates.length, valid: true, ...texts, actions: [] };
    this.brainStates.push(this.current);
    return this.current.idx;
  }

  /** Index of the brain state the next executed action goes to. */
  get currentBrainStateIdx(): number {
    if (!this.current) throw new Error('no brain state is open');
    return this.current.idx;
  }

  /**
   * Where an action executed now will be recorded: in the open brain state, or — when it failed after others
   * passed — in a new, not valid brain state with the same texts.
   */
  positionFor(passed: boolean): ActionPosition {
    const current = this.current;
    if (!current) throw new Error('no brain state is open');
    if (passed || current.actions.length === 0) {
      return { brainStateIdx: current.idx, actionIdx: current.actions.length };
    }
    return { brainStateIdx: current.idx + 1, actionIdx: 0 };
  }

  /** Records an executed action at `positionFor(passed)`. */
  recordAction(
    action: Action,
    domElementData: ElementFingerprint | null,
    passed: boolean,
  ): ActionPosition {
    const position = this.positionFor(passed);
    let state = this.current as RecordedBrainState;
    if (state.idx !== position.brainStateIdx) {
      const { evaluationPreviousGoal, memory, nextGoal } = state;
      state = {
        idx: position.brainStateIdx,
        valid: false,
        evaluationPreviousGoal,
        memory,
        nextGoal,
        actions: [],
      };
      this.brainStates.push(state);
      this.current = state;
    }
    state.actions.push({ idx: position.actionIdx, action, domElementData });
    if (!passed) state.valid = false;
    return position;
  }

  recordStep(step: ExecutedStep): void {
    this.steps.push(step);
  }

  /** Index the next ExecutedStep will have. */
  get nextStepIdx(): number {
    return this.firstStepIdx + this.steps.length;
  }

  /** Closes the open brain state: without actions it is not valid (there is nothing to replay). */
  finishBrainState(): void {
    if (this.current && this.current.actions.length === 0) this.current.valid = false;
    this.current = null;
  }

  executedSteps(): ExecutedStep[] {
    return [...this.steps];
  }

  traversal(): RecordedTraversal {
    this.finishBrainState();
    const valid = this.brainStates.filter((s) => s.valid);
    const names: string[] = [];
    for (const state of valid) {
      for (const name of secretNamesIn(JSON.stringify(state.actions.map((a) => a.action)))) {
        if (!names.includes(name)) names.push(name);
      }
    }
    return {
      expectedOutcome: this.expectedOutcome,
      brainStates: this.brainStates.map((s) => ({ ...s, actions: [...s.actions] })),
      secretNames: names,
    };
  }
}
