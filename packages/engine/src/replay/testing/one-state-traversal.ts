// Test traversals of one valid brain state: the recorded actions in order, numbered from 0.
import type { RecordedAction, RecordedTraversal } from '../../run/run-record.ts';

export function oneStateTraversal(
  actions: readonly Omit<RecordedAction, 'idx'>[],
  { expectedOutcome, nextGoal }: { expectedOutcome: string; nextGoal: string },
): RecordedTraversal {
  return {
    expectedOutcome,
    secretNames: [],
    brainStates: [
      {
        idx: 0,
        valid: true,
        evaluationPreviousGoal: '',
        memory: '',
        nextGoal,
        actions: actions.map((action, idx) => ({ ...action, idx })),
      },
    ],
  };
}
