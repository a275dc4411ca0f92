// The rule that decides whether the agent may finish with success: its outcome must be verified by an assertion.
//
// The rule: `done(success: true)` is accepted only when the most recent assertion executed by the agent in this
// run, after its last interaction with the page, PASSED. Concretely the verification state is a small machine
// over the actions the agent executed, in order:
//   - an interaction (navigate, click, input_text, select_option, press_keys, go_back, switch_tab, upload_file)
//     makes the state "unverified" — also when it failed, unless its error proves nothing was done to the page
//     (the element was not found, the action was invalid, the navigation was refused…);
//   - an assertion (assert_text_visible, assert_text_not_visible, assert_url, assert_element, assert_value,
//     assert_count) that passes makes it "verified"; one that fails makes it "unverified" again;
//   - scroll, hover and wait_for neither interact with the application's state nor verify it: no change.
// Assertions the model runs in the same step before `done` count, as do assertions run after a page change in
// that step. The state starts "unverified" in every run (a repair included: the replayed prefix verifies
// nothing for the agent). So a success is never accepted without a verified outcome, and the passing assertion
// is in the recorded traversal, where replay checks it again.
import type { ActionErrorCode } from '../actions/action-errors.ts';
import { isAssertion, type Action } from '../actions/action-schema.ts';

/** Errors raised before the action touched the page: the page state cannot have changed. */
const NOTHING_DONE: ReadonlySet<ActionErrorCode> = new Set<ActionErrorCode>([
  'INVALID_ACTION',
  'LOCATOR_INVALID',
  'ELEMENT_NOT_FOUND',
  'ELEMENT_AMBIGUOUS',
  'ELEMENT_NOT_ACTIONABLE',
  'UNKNOWN_SECRET',
  'NAVIGATION_BLOCKED',
  'UPLOAD_NOT_ALLOWED',
  'UPLOAD_FILE_NOT_FOUND',
  'TAB_NOT_FOUND',
]);

/** Actions that neither change what the application holds nor verify it. */
const NEUTRAL: ReadonlySet<Action['type']> = new Set<Action['type']>([
  'scroll',
  'hover',
  'wait_for',
  'done',
]);

export interface VerificationState {
  verified: boolean;
  /** The last assertion after the last interaction, for messages; null when there is none. */
  lastAssertion: { type: Action['type']; passed: boolean } | null;
  /** Interactions the agent executed in this run (attempts that may have changed the page). */
  interactions: number;
}

export function initialVerification(): VerificationState {
  return { verified: false, lastAssertion: null, interactions: 0 };
}

/** The state after the agent executed `action` (ok, or failed with `errorCode`). */
export function updateVerification(
  state: VerificationState,
  action: Action,
  outcome: { ok: boolean; errorCode: ActionErrorCode | null },
): VerificationState {
  if (isAssertion(action)) {
    return {
      ...state,
      verified: outcome.ok,
      lastAssertion: { type: action.type, passed: outcome.ok },
    };
  }
  if (NEUTRAL.has(action.type)) return state;
  if (!outcome.ok && outcome.errorCode !== null && NOTHING_DONE.has(outcome.errorCode))
    return state;
  return { verified: false, lastAssertion: null, interactions: state.interactions + 1 };
}

/** Why a `done(success: true)` is refused, or null when it is accepted. */
export function refuseUnverifiedDone(state: VerificationState): string | null {
  if (state.verified) return null;
  if (state.lastAssertion !== null) {
    return (
      `done(success: true) was refused: your last assertion (${state.lastAssertion.type}) after your last ` +
      'interaction FAILED. Verify the expected outcome with an assertion that passes first, or, if the outcome ' +
      'cannot be reached, finish with done(success: false) and say why.'
    );
  }
  return (
    'done(success: true) was refused: no assertion verified the expected outcome after your last interaction. ' +
    'Verify the outcome with an assertion first (assert_text_visible, assert_url, assert_element, assert_value ' +
    'or assert_count), in the same step before done or in an earlier step after your last interaction.'
  );
}
