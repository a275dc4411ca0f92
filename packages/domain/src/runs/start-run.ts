// QUEUED → RUNNING: the worker claims a run, saying how it runs it (agent or replay of a traversal).
import { and, eq } from 'drizzle-orm';
import { testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { requireRun } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { invalidTransition } from './run-transitions.ts';
import type { RunView } from './run-view.ts';

export const startRunInputSchema = z.object({
  runId: idSchema,
  workerId: z.string().min(1).max(200),
  runType: z.enum(['AGENTIC', 'REPLAY']),
  /** The traversal replayed; must be one of the run's test case and browser config. */
  testTraversalId: idSchema.nullable().optional(),
});

/** Two workers racing for one run: the guarded UPDATE lets exactly one win. */
export async function startRun(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof startRunInputSchema>,
): Promise<RunView> {
  const scope = authorize(actor, 'write');
  const { runId, workerId, runType, testTraversalId } = parseInput(startRunInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(async () => {
    const [row] = await deps.db
      .update(testRuns)
      .set({
        state: 'RUNNING',
        startedAt: now,
        heartbeatAt: now,
        workerId,
        runType,
        ...(testTraversalId === undefined ? {} : { testTraversalId }),
      })
      .where(
        and(
          eq(testRuns.id, runId),
          projectInScope(testRuns.projectId, scope),
          eq(testRuns.state, 'QUEUED'),
        ),
      )
      .returning();
    if (row) return { ...row, costId: null };
    throw invalidTransition(await requireRun(deps.db, scope, runId), 'RUNNING');
  });
}
