// A traversal with its brain states and actions in order, and the secrets it uses (name + version used).
import { asc, eq, inArray } from 'drizzle-orm';
import {
  type ActionRow,
  actions,
  type BrainStateRow,
  brainStates,
  type RetraceDatabase,
  secretValues,
  type TestTraversalRow,
  testTraversalSecrets,
} from '@retrace/db';

export interface TraversalSecretUse {
  secretId: string;
  secretName: string;
  /** The secret's version when the traversal was recorded. */
  secretVersion: number;
}

export type BrainStateDetail = BrainStateRow & { actions: ActionRow[] };

export type TraversalDetail = TestTraversalRow & {
  brainStates: BrainStateDetail[];
  secrets: TraversalSecretUse[];
};

/** Loads the children of an already authorized traversal row. */
export async function loadTraversalDetail(
  db: RetraceDatabase,
  traversal: TestTraversalRow,
): Promise<TraversalDetail> {
  const states = await db
    .select()
    .from(brainStates)
    .where(eq(brainStates.testTraversalId, traversal.id))
    .orderBy(asc(brainStates.idxInTraversal));
  const stateIds = states.map((s) => s.id);
  const actionRows =
    stateIds.length === 0
      ? []
      : await db
          .select()
          .from(actions)
          .where(inArray(actions.brainStateId, stateIds))
          .orderBy(asc(actions.brainStateId), asc(actions.idxInBrainState));
  const byState = new Map<string, ActionRow[]>();
  for (const action of actionRows) {
    const list = byState.get(action.brainStateId) ?? [];
    list.push(action);
    byState.set(action.brainStateId, list);
  }
  const secrets = await db
    .select({
      secretId: testTraversalSecrets.secretId,
      secretName: secretValues.secretName,
      secretVersion: testTraversalSecrets.secretVersion,
    })
    .from(testTraversalSecrets)
    .innerJoin(secretValues, eq(secretValues.id, testTraversalSecrets.secretId))
    .where(eq(testTraversalSecrets.testTraversalId, traversal.id))
    .orderBy(asc(secretValues.secretName));
  return {
    ...traversal,
    brainStates: states.map((state) => ({ ...state, actions: byState.get(state.id) ?? [] })),
    secrets,
  };
}
