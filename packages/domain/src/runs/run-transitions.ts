// The run state machine: QUEUED → RUNNING → PASSED | FAILED, and QUEUED → FAILED only when cancelled or
// lost to infrastructure. Every transition is applied by an UPDATE guarded on the expected state.
import type { FailureKind, RunState, TestRunRow } from '@retrace/db';
import { DomainError } from '../errors/domain-error.ts';

const FAILED_WITHOUT_START: readonly FailureKind[] = ['cancelled', 'infrastructure'];

/** The states a run may be in for it to move to `to`. */
export function allowedSourceStates(to: RunState, failureKind?: FailureKind): RunState[] {
  switch (to) {
    case 'QUEUED':
      return [];
    case 'RUNNING':
      return ['QUEUED'];
    case 'PASSED':
      return ['RUNNING'];
    case 'FAILED':
      return failureKind !== undefined && FAILED_WITHOUT_START.includes(failureKind)
        ? ['RUNNING', 'QUEUED']
        : ['RUNNING'];
  }
}

export function invalidTransition(
  run: Pick<TestRunRow, 'id' | 'state'>,
  to: RunState,
): DomainError {
  return new DomainError(
    'INVALID_STATE_TRANSITION',
    `the run is ${run.state} and cannot become ${to}`,
    { details: { runId: run.id, from: run.state, to } },
  );
}
