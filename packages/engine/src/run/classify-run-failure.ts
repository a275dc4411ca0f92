// Maps the engine's error codes (actions, model calls, browser, page observation) to run failure kinds.
import type { ActionErrorCode } from '../actions/action-errors.ts';
import type { BrowserErrorCode } from '../browser/browser-errors.ts';
import type { LlmErrorCode } from '../llm/llm-error.ts';
import type { PageObservationError } from '../page-state/observe-page.ts';
import type { FailureKind } from './run-record.ts';

function unreachable(value: never): never {
  throw new Error(`unhandled error code ${String(value)}`);
}

/** The failure kind when a run ends on a failed action. */
export function failureKindOfActionError(code: ActionErrorCode): FailureKind {
  switch (code) {
    case 'ELEMENT_NOT_FOUND':
    case 'ELEMENT_NOT_ACTIONABLE':
    case 'OPTION_NOT_FOUND':
    case 'TAB_NOT_FOUND':
      return 'element_not_found';
    case 'ELEMENT_AMBIGUOUS':
      return 'ambiguous_element';
    case 'ASSERTION_FAILED':
      return 'assertion_failed';
    case 'NAVIGATION_BLOCKED':
      return 'navigation_blocked';
    case 'TIMEOUT':
      return 'timeout';
    case 'CANCELLED':
      return 'cancelled';
    // The model keeps writing actions that cannot run, or the run lacks what the test needs (a secret, files),
    // or the application cannot be reached: nothing the application under test did wrong.
    case 'INVALID_ACTION':
    case 'LOCATOR_INVALID':
    case 'UNKNOWN_SECRET':
    case 'UPLOAD_NOT_ALLOWED':
    case 'UPLOAD_FILE_NOT_FOUND':
    case 'NAVIGATION_FAILED':
    case 'SESSION_CLOSED':
    case 'BROWSER_ERROR':
      return 'infrastructure';
    default:
      return unreachable(code);
  }
}

/** Whether a failed action means the browser is gone, so the run cannot go on whatever the model does. */
export function isFatalActionError(code: ActionErrorCode): boolean {
  return code === 'SESSION_CLOSED' || code === 'CANCELLED';
}

/** The failure kind when a model call failed after the LLM layer's own retries. */
export function failureKindOfLlmError(code: LlmErrorCode): FailureKind {
  switch (code) {
    case 'LLM_CANCELLED':
      return 'cancelled';
    case 'LLM_TIMEOUT':
      return 'timeout';
    // No credit left at the provider: a budget, not a fault of the platform.
    case 'LLM_QUOTA_EXCEEDED':
      return 'budget_exceeded';
    case 'LLM_CONFIG_INVALID':
    case 'LLM_INVALID_OUTPUT':
    case 'LLM_RATE_LIMITED':
    case 'LLM_UNAVAILABLE':
    case 'LLM_BAD_REQUEST':
    case 'LLM_AUTH_FAILED':
    case 'LLM_MODEL_NOT_FOUND':
      return 'infrastructure';
    default:
      return unreachable(code);
  }
}

/** The failure kind when the browser could not be launched, reached or kept open. */
export function failureKindOfBrowserError(code: BrowserErrorCode): FailureKind {
  switch (code) {
    case 'CANCELLED':
      return 'cancelled';
    case 'TIMEOUT':
      return 'timeout';
    case 'BROWSER_NOT_FOUND':
    case 'BROWSER_LAUNCH_FAILED':
    case 'BROWSER_UNSUPPORTED':
    case 'BROWSER_CONNECT_FAILED':
    case 'BROWSER_CONFIG_INVALID':
    case 'CONTEXT_SETUP_FAILED':
    case 'SESSION_CLOSED':
    case 'TAB_NOT_FOUND':
      return 'infrastructure';
    default:
      return unreachable(code);
  }
}

/** The failure kind when the page could not be observed for the model. */
export function failureKindOfObservationError(code: PageObservationError['code']): FailureKind {
  switch (code) {
    case 'CANCELLED':
      return 'cancelled';
    case 'TIMEOUT':
      return 'timeout';
    case 'OBSERVATION_FAILED':
      return 'infrastructure';
    default:
      return unreachable(code);
  }
}
