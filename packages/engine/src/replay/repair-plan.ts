// What a repair starts from and must still prove: the replayed prefix, the hints, the reason, the assertions to re-pass.
import { isAssertion, type Action, type ActionTarget } from '../actions/action-schema.ts';
import { describeAction } from '../agent/agent-history.ts';
import type { RecordedAction, RecordedBrainState } from '../run/run-record.ts';
import type { ElementFound } from './relocate-element.ts';

/** Where replay stopped: the valid brain state (position among the valid ones) and the action in it. */
export interface ReplayPosition {
  statePos: number;
  actionPos: number;
}

/** An action replay executed successfully, with what relocation found for it. */
export interface ReplayedAction extends ReplayPosition {
  found: ElementFound | null;
}

/** Actions that neither change the application nor verify it (as in the agent's outcome-verification rule). */
const NEUTRAL = new Set<Action['type']>(['scroll', 'hover', 'wait_for', 'done']);

function retarget(action: Action, locator: string): Action {
  const target: ActionTarget = { locator };
  if (action.type === 'wait_for' && action.until.kind === 'element')
    return { ...action, until: { ...action.until, target } };
  if ('target' in action && action.target) return { ...action, target } as Action;
  return action;
}

/** A replayed action as the repaired traversal keeps it: a healed element is stored as it is found now. */
function withHeal(recorded: RecordedAction, found: ElementFound | null): RecordedAction {
  if (found?.method !== 'healed' || found.fingerprint === null) return recorded;
  return {
    ...recorded,
    action: retarget(recorded.action, found.locatorText),
    domElementData: found.fingerprint,
  };
}

/**
 * The valid replayed prefix, in order: every brain state replayed in full, then the actions of the failed
 * brain state that passed before the failure (as a brain state of their own, when there are any).
 */
export function repairPrefix(
  valid: readonly RecordedBrainState[],
  replayed: readonly ReplayedAction[],
  failedAt: ReplayPosition,
): RecordedBrainState[] {
  const found = new Map(replayed.map((r) => [`${r.statePos}:${r.actionPos}`, r.found]));
  const heal = (
    statePos: number,
    state: RecordedBrainState,
    count: number,
  ): RecordedBrainState => ({
    ...state,
    actions: state.actions
      .slice(0, count)
      .map((recorded, actionPos) =>
        withHeal(recorded, found.get(`${statePos}:${actionPos}`) ?? null),
      ),
  });
  const prefix = valid
    .slice(0, failedAt.statePos)
    .map((state, statePos) => heal(statePos, state, state.actions.length));
  const failedState = valid[failedAt.statePos];
  if (failedState && failedAt.actionPos > 0)
    prefix.push(heal(failedAt.statePos, failedState, failedAt.actionPos));
  return prefix;
}

/** The recorded goals from the failed brain state on, in order, without repeats: the agent's hints. */
export function remainingGoals(
  valid: readonly RecordedBrainState[],
  failedAt: ReplayPosition,
): string[] {
  const goals: string[] = [];
  for (const state of valid.slice(failedAt.statePos)) {
    const goal = state.nextGoal.trim();
    if (goal !== '' && goals[goals.length - 1] !== goal) goals.push(goal);
  }
  return goals;
}

/**
 * The recorded assertions that verify the expected outcome: every assertion after the traversal's last
 * interaction. A repaired path must pass them again on its final page.
 */
export function outcomeAssertions(valid: readonly RecordedBrainState[]): RecordedAction[] {
  const actions = valid.flatMap((state) => state.actions);
  let lastInteraction = -1;
  actions.forEach((recorded, i) => {
    if (!isAssertion(recorded.action) && !NEUTRAL.has(recorded.action.type)) lastInteraction = i;
  });
  return actions.slice(lastInteraction + 1).filter((recorded) => isAssertion(recorded.action));
}

/**
 * Whether two assertions check the same thing: same type and same expectation (text, URL, value, state,
 * count, matching mode). The element they address may differ — finding it again is what repair is for.
 */
export function sameAssertion(a: Action, b: Action): boolean {
  if (!isAssertion(a) || a.type !== b.type) return false;
  const expectation = (action: Action): string => {
    const {
      target: _target,
      timeoutMs: _timeout,
      ...rest
    } = action as Action & {
      target?: unknown;
      timeoutMs?: unknown;
    };
    return JSON.stringify(rest, Object.keys(rest).sort());
  };
  return expectation(a) === expectation(b);
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}

/**
 * Why replay stopped, as the repairing agent is told it. A failed assertion is presented as what it is —
 * evidence that the application may not behave as the test expects — with the rule that the repair must pass
 * it again, so that an agent is never invited to work around a real bug.
 */
export function describeReplayStop(
  error: string,
  failedAction: Action,
  outcome: readonly RecordedAction[],
): string {
  const what = describeAction(failedAction);
  const checks = outcome.map((recorded) => describeAction(recorded.action)).join('; ');
  const recheck = checks
    ? ` When you finish, Retrace runs the recording's final assertions again on the page you end on (${checks}); the repair counts only if they pass.`
    : '';
  if (isAssertion(failedAction)) {
    return (
      `the recorded assertion "${what}" FAILED: ${firstLine(error)}. A failing assertion is evidence that ` +
      'the application may not behave as the test expects: it is a finding, not an obstacle. Do not skip it, work ' +
      'around it or verify something weaker. The repair is accepted only if your path runs this same assertion ' +
      '(same expected text or value) and it passes. If the application really behaves differently, finish with ' +
      `done(success: false) and describe what you see.${recheck}`
    );
  }
  return `step "${what}" failed: ${firstLine(error)}.${recheck}`;
}
