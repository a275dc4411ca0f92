// Cancels a run: a queued one fails as cancelled at once; a running one is flagged for its worker.
import { and, eq, isNull } from 'drizzle-orm';
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
import { type RunView, selectRunViews } from './run-view.ts';

export const requestCancelRunInputSchema = z.object({ runId: idSchema });

/** The worker learns of the request from heartbeatRun and then finishes the run as cancelled. */
export async function requestCancelRun(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof requestCancelRunInputSchema>,
): Promise<RunView> {
  const scope = authorize(actor, 'write');
  const { runId } = parseInput(requestCancelRunInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(async () => {
    const visible = and(eq(testRuns.id, runId), projectInScope(testRuns.projectId, scope));
    const cancelledQueued = await deps.db
      .update(testRuns)
      .set({
        state: 'FAILED',
        failureKind: 'cancelled',
        failureMessage: 'cancelled before it started',
        cancelRequestedAt: now,
        finishedAt: now,
      })
      .where(and(visible, eq(testRuns.state, 'QUEUED')))
      .returning({ id: testRuns.id });
    if (cancelledQueued.length === 0) {
      const flagged = await deps.db
        .update(testRuns)
        .set({ cancelRequestedAt: now })
        .where(and(visible, eq(testRuns.state, 'RUNNING'), isNull(testRuns.cancelRequestedAt)))
        .returning({ id: testRuns.id });
      if (flagged.length === 0) {
        const run = await requireRun(deps.db, scope, runId);
        // Asking twice while it runs is fine; a finished run cannot be cancelled.
        if (run.state !== 'RUNNING') throw invalidTransition(run, 'FAILED');
      }
    }
    const [row] = await selectRunViews(deps.db).where(eq(testRuns.id, runId));
    if (!row) throw new Error('cancelled run vanished');
    return row;
  });
}
