import { describe, expect, it } from 'vitest';
import { ACTION_ERROR_CODES } from '../actions/action-errors.ts';
import { LLM_ERROR_CODES } from '../llm/llm-error.ts';
import {
  failureKindOfActionError,
  failureKindOfBrowserError,
  failureKindOfLlmError,
} from './classify-run-failure.ts';
import { FAILURE_KINDS } from './run-record.ts';

describe('run failure kinds', () => {
  it('maps every action and LLM error code to a failure kind', () => {
    for (const code of ACTION_ERROR_CODES)
      expect(FAILURE_KINDS).toContain(failureKindOfActionError(code));
    for (const code of LLM_ERROR_CODES)
      expect(FAILURE_KINDS).toContain(failureKindOfLlmError(code));
  });

  it('classifies provider errors as the task asks', () => {
    expect(failureKindOfLlmError('LLM_CANCELLED')).toBe('cancelled');
    expect(failureKindOfLlmError('LLM_TIMEOUT')).toBe('timeout');
    expect(failureKindOfLlmError('LLM_QUOTA_EXCEEDED')).toBe('budget_exceeded');
    expect(failureKindOfLlmError('LLM_RATE_LIMITED')).toBe('infrastructure');
    expect(failureKindOfLlmError('LLM_AUTH_FAILED')).toBe('infrastructure');
  });

  it('classifies app-visible action errors by what the user must fix', () => {
    expect(failureKindOfActionError('ASSERTION_FAILED')).toBe('assertion_failed');
    expect(failureKindOfActionError('ELEMENT_AMBIGUOUS')).toBe('ambiguous_element');
    expect(failureKindOfActionError('NAVIGATION_BLOCKED')).toBe('navigation_blocked');
    expect(failureKindOfActionError('SESSION_CLOSED')).toBe('infrastructure');
    expect(failureKindOfBrowserError('BROWSER_NOT_FOUND')).toBe('infrastructure');
    expect(failureKindOfBrowserError('CANCELLED')).toBe('cancelled');
  });
});
