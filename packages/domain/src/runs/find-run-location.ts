// For the worker: where a queued job's run lives (organization, project, state), across all organizations.
import { eq } from 'drizzle-orm';
import { projects, type RunState, testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { DomainError } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const findRunLocationInputSchema = z.object({ runId: idSchema });

export interface RunLocation {
  runId: string;
  organizationId: string;
  projectId: string;
  state: RunState;
}

/**
 * A job carries only a run id; the worker needs the run's organization to act through a system actor of it.
 * Like findStaleRuns, only a `system` actor may ask, and the answer spans organizations. Null when the run
 * does not exist (deleted while queued).
 */
export async function findRunLocation(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof findRunLocationInputSchema>,
): Promise<RunLocation | null> {
  if (actor.kind !== 'system') {
    throw new DomainError('FORBIDDEN', 'only the run worker looks runs up across organizations');
  }
  const { runId } = parseInput(findRunLocationInputSchema, input);
  return withDomainErrors(async () => {
    const [row] = await deps.db
      .select({
        runId: testRuns.id,
        organizationId: projects.organizationId,
        projectId: testRuns.projectId,
        state: testRuns.state,
      })
      .from(testRuns)
      .innerJoin(projects, eq(projects.id, testRuns.projectId))
      .where(eq(testRuns.id, runId));
    return row ?? null;
  });
}
