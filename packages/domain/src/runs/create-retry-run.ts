// Queues a new attempt of a run that failed for infrastructure reasons (same test case, config, batch).
import { createId } from '@paralleldrive/cuid2';
import { testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireRun } from '../access/scoped-lookups.ts';
import { DomainError } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import type { RunView } from './run-view.ts';

export const createRetryRunInputSchema = z.object({ runId: idSchema });

export async function createRetryRun(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof createRetryRunInputSchema>,
): Promise<RunView> {
  const scope = authorize(actor, 'write');
  const { runId } = parseInput(createRetryRunInputSchema, input);
  return withDomainErrors(async () => {
    const failed = await requireRun(deps.db, scope, runId);
    if (failed.state !== 'FAILED' || failed.failureKind !== 'infrastructure') {
      throw new DomainError(
        'INVALID_STATE_TRANSITION',
        'only a run that failed for infrastructure reasons is retried; queue a new run instead',
        { details: { runId, state: failed.state, failureKind: failed.failureKind } },
      );
    }
    const [row] = await deps.db
      .insert(testRuns)
      .values({
        id: createId(),
        projectId: failed.projectId,
        testCaseId: failed.testCaseId,
        browserConfigId: failed.browserConfigId,
        testConfigId: failed.testConfigId,
        modeRequested: failed.modeRequested,
        state: 'QUEUED',
        batchId: failed.batchId,
        attempt: failed.attempt + 1,
        retryOfRunId: failed.id,
        createdAt: currentTime(deps),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return { ...row, costId: null };
  });
}
