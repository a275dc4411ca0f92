// Words for run states, failure kinds and how an element was found: one place, so every page says the same.
import type { FailureKind, LocateMethod, Role, RunState } from '../api/api-types.ts';

export const RUN_STATES: readonly RunState[] = ['QUEUED', 'RUNNING', 'PASSED', 'FAILED'];

export const RUN_STATE_LABEL: Record<RunState, string> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  PASSED: 'Passed',
  FAILED: 'Failed',
};

export const FAILURE_KIND_LABEL: Record<FailureKind, string> = {
  assertion_failed: 'Assertion failed',
  element_not_found: 'Element not found',
  ambiguous_element: 'Ambiguous element',
  navigation_blocked: 'Navigation blocked',
  outcome_unreachable: 'Outcome unreachable',
  timeout: 'Timed out',
  infrastructure: 'Infrastructure error',
  cancelled: 'Cancelled',
  budget_exceeded: 'Budget exceeded',
};

/** What the failure means for the person reading it: a bug in the app, a broken test, or neither. */
export const FAILURE_KIND_HINT: Record<FailureKind, string> = {
  assertion_failed: 'The app did not show what the test expects: likely a bug in the app.',
  element_not_found: 'An element of the recorded path could not be found, even by similarity.',
  ambiguous_element: 'Several elements matched equally well; Retrace does not guess.',
  navigation_blocked: 'The test tried to reach a host outside its allowed domains.',
  outcome_unreachable: 'The agent could not reach the expected outcome: likely a bug in the app.',
  timeout: 'The run took longer than its time limit.',
  infrastructure: 'The browser, the queue or the model failed: retrying may help.',
  cancelled: 'Someone cancelled the run.',
  budget_exceeded: 'The run hit its step or cost budget.',
};

export function describeLocateMethod(method: LocateMethod, healScore: number | null): string {
  switch (method) {
    case 'locator':
      return 'Found by its locator';
    case 'healed':
      return healScore === null
        ? 'Healed by similarity'
        : `Healed by similarity (score ${healScore.toFixed(2)})`;
    case 'repaired':
      return 'Repaired by the agent';
    case 'none':
      return 'No element';
  }
}

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Admin',
  member: 'Member',
  guest: 'Guest (read-only)',
};

/** Members and admins create, edit and run; only admins delete and manage access. */
export function canEdit(role: Role | undefined): boolean {
  return role === 'member' || role === 'admin';
}

export function canAdminister(role: Role | undefined): boolean {
  return role === 'admin';
}
