// Test rows: a one-step traversal (traversal v1, one brain state, one click) of a test case, for schema tests.
import type { RetraceDatabase } from '../database-types.ts';
import { actions, brainStates, testTraversals } from '../schema/schema.ts';

export const DESKTOP = 'builtin-desktop-chromium';

export async function seedTraversal(db: RetraceDatabase, projectId: string, testCaseId: string) {
  const [traversal] = await db
    .insert(testTraversals)
    .values({
      projectId,
      testCaseId,
      browserConfigId: DESKTOP,
      version: 1,
      expectedOutcome: 'ok',
      source: 'agentic',
    })
    .returning();
  if (!traversal) throw new Error('no traversal');
  const [brain] = await db
    .insert(brainStates)
    .values({ testTraversalId: traversal.id, idxInTraversal: 0, nextGoal: 'click' })
    .returning();
  if (!brain) throw new Error('no brain state');
  const [action] = await db
    .insert(actions)
    .values({ brainStateId: brain.id, idxInBrainState: 0, action: { type: 'click' } })
    .returning();
  if (!action) throw new Error('no action');
  return { traversal, brain, action };
}
