// The worker's periodic sign of life for a running run; answers whether a cancel was requested.
import { and, eq } from 'drizzle-orm';
import { testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { requireRun } from '../access/scoped-lookups.ts';
import { DomainError } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const heartbeatRunInputSchema = z.object({
  runId: idSchema,
  workerId: z.string().min(1).max(200),
});

/** INVALID_STATE_TRANSITION when the run is no longer RUNNING on this worker: the worker must stop. */
export async function heartbeatRun(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof heartbeatRunInputSchema>,
): Promise<{ cancelRequested: boolean }> {
  const scope = authorize(actor, 'write');
  const { runId, workerId } = parseInput(heartbeatRunInputSchema, input);
  return withDomainErrors(async () => {
    const [row] = await deps.db
      .update(testRuns)
      .set({ heartbeatAt: currentTime(deps) })
      .where(
        and(
          eq(testRuns.id, runId),
          projectInScope(testRuns.projectId, scope),
          eq(testRuns.state, 'RUNNING'),
          eq(testRuns.workerId, workerId),
        ),
      )
      .returning({ cancelRequestedAt: testRuns.cancelRequestedAt });
    if (row) return { cancelRequested: row.cancelRequestedAt !== null };
    const run = await requireRun(deps.db, scope, runId);
    throw new DomainError(
      'INVALID_STATE_TRANSITION',
      run.state === 'RUNNING'
        ? 'the run is owned by another worker'
        : `the run is ${run.state}, not running`,
      { details: { runId, state: run.state } },
    );
  });
}
