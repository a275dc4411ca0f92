// Recovery: runs still RUNNING whose worker stopped sending heartbeats, across all organizations.
import { and, asc, eq, lt } from 'drizzle-orm';
import { testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { DomainError } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { parseInput } from '../validation/parse-input.ts';
import { projects } from '@retrace/db';

export const findStaleRunsInputSchema = z.object({
  /** Runs whose last heartbeat is older than this. */
  olderThan: z.date(),
  limit: z.number().int().min(1).max(1000).default(100),
});

export interface StaleRun {
  runId: string;
  organizationId: string;
  projectId: string;
  workerId: string | null;
  heartbeatAt: Date | null;
}

/**
 * Only a `system` actor may call this, and it is the one operation that spans organizations: recovery is
 * deployment-wide. Each stale run comes with its organization so the caller can act on it through a
 * system actor of that organization (finishRun as infrastructure, then createRetryRun).
 */
export async function findStaleRuns(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof findStaleRunsInputSchema>,
): Promise<StaleRun[]> {
  if (actor.kind !== 'system') {
    throw new DomainError('FORBIDDEN', 'only the worker’s recovery looks for stale runs');
  }
  const { olderThan, limit } = parseInput(findStaleRunsInputSchema, input);
  return withDomainErrors(() =>
    deps.db
      .select({
        runId: testRuns.id,
        organizationId: projects.organizationId,
        projectId: testRuns.projectId,
        workerId: testRuns.workerId,
        heartbeatAt: testRuns.heartbeatAt,
      })
      .from(testRuns)
      .innerJoin(projects, eq(projects.id, testRuns.projectId))
      .where(and(eq(testRuns.state, 'RUNNING'), lt(testRuns.heartbeatAt, olderThan)))
      .orderBy(asc(testRuns.heartbeatAt))
      .limit(limit),
  );
}
