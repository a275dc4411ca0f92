import { describe, expect, it } from 'vitest';
import type { ActionErrorCode } from '../actions/action-errors.ts';
import type { Action } from '../actions/action-schema.ts';
import {
  initialVerification,
  refuseUnverifiedDone,
  updateVerification,
  type VerificationState,
} from './outcome-verification.ts';

const click: Action = { type: 'click', target: { ref: '3' }, button: 'left', clickCount: 1 };
const assertText: Action = { type: 'assert_text_visible', text: 'Saved', exact: false };
const scroll: Action = { type: 'scroll', direction: 'down', amount: 'page' };
const waitFor: Action = {
  type: 'wait_for',
  until: { kind: 'text', text: 'Saved', exact: false, gone: false },
};

const ok = { ok: true, errorCode: null };
const failed = (errorCode: ActionErrorCode) => ({ ok: false, errorCode });

function after(
  ...steps: [Action, { ok: boolean; errorCode: ActionErrorCode | null }][]
): VerificationState {
  return steps.reduce(
    (state, [action, outcome]) => updateVerification(state, action, outcome),
    initialVerification(),
  );
}

describe('outcome verification', () => {
  it('refuses done before anything was verified', () => {
    expect(refuseUnverifiedDone(initialVerification())).toMatch(
      /no assertion verified the expected outcome/,
    );
  });

  it('accepts done after a passing assertion that follows the last interaction', () => {
    expect(refuseUnverifiedDone(after([click, ok], [assertText, ok]))).toBeNull();
  });

  it('refuses done when an interaction came after the passing assertion', () => {
    expect(refuseUnverifiedDone(after([assertText, ok], [click, ok]))).toMatch(
      /no assertion verified/,
    );
  });

  it('refuses done when the last assertion failed, even after an earlier one passed', () => {
    const state = after([click, ok], [assertText, ok], [assertText, failed('ASSERTION_FAILED')]);
    expect(refuseUnverifiedDone(state)).toMatch(
      /your last assertion \(assert_text_visible\) after your last interaction FAILED/,
    );
  });

  it('keeps a verification through scrolls, hovers and waits', () => {
    expect(
      refuseUnverifiedDone(after([click, ok], [assertText, ok], [scroll, ok], [waitFor, ok])),
    ).toBeNull();
  });

  it('counts a failed interaction as one unless its error proves nothing was done', () => {
    expect(
      refuseUnverifiedDone(after([assertText, ok], [click, failed('TIMEOUT')])),
    ).not.toBeNull();
    expect(
      refuseUnverifiedDone(after([assertText, ok], [click, failed('ELEMENT_NOT_FOUND')])),
    ).toBeNull();
    expect(after([click, failed('ELEMENT_NOT_FOUND')]).interactions).toBe(0);
    expect(after([click, failed('SESSION_CLOSED')]).interactions).toBe(1);
  });
});
