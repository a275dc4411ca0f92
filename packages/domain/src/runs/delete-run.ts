// Deletes a finished or queued run (admins) with its history and cost; frees its artifacts.
import { and, eq } from 'drizzle-orm';
import { testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DeletionDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { DomainError } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import {
  collectRunArtifactKeys,
  releaseArtifacts,
  type ReleasedArtifacts,
} from '../artifacts/release-artifacts.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const deleteRunInputSchema = z.object({ runId: idSchema });

export async function deleteRun(
  deps: DeletionDeps,
  actor: Actor,
  input: z.input<typeof deleteRunInputSchema>,
): Promise<ReleasedArtifacts> {
  const scope = authorize(actor, 'admin');
  const { runId } = parseInput(deleteRunInputSchema, input);
  const keys = await withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const visible = and(eq(testRuns.id, runId), projectInScope(testRuns.projectId, scope));
      const [run] = await tx
        .select({ id: testRuns.id, state: testRuns.state })
        .from(testRuns)
        .where(visible)
        .for('update');
      if (!run) throw notFound('run', { runId });
      if (run.state === 'RUNNING') {
        throw new DomainError('INVALID_STATE_TRANSITION', 'the run is running: cancel it first', {
          details: { runId, state: run.state },
        });
      }
      const keys = await collectRunArtifactKeys(tx, eq(testRuns.id, runId));
      await tx.delete(testRuns).where(visible);
      return keys;
    }),
  );
  return releaseArtifacts(deps, keys);
}
