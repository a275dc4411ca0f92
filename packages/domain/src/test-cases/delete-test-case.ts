// Deletes a test case (admins) with its traversals and runs; frees the artifacts it orphans.
import { and, eq } from 'drizzle-orm';
import { testCases, testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DeletionDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import {
  collectRunArtifactKeys,
  releaseArtifacts,
  type ReleasedArtifacts,
} from '../artifacts/release-artifacts.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const deleteTestCaseInputSchema = z.object({ testCaseId: idSchema });

export async function deleteTestCase(
  deps: DeletionDeps,
  actor: Actor,
  input: z.input<typeof deleteTestCaseInputSchema>,
): Promise<ReleasedArtifacts> {
  const scope = authorize(actor, 'admin');
  const { testCaseId } = parseInput(deleteTestCaseInputSchema, input);
  const keys = await withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const visible = and(eq(testCases.id, testCaseId), projectInScope(testCases.projectId, scope));
      const [row] = await tx
        .select({ id: testCases.id })
        .from(testCases)
        .where(visible)
        .for('update');
      if (!row) throw notFound('test case', { testCaseId });
      const keys = await collectRunArtifactKeys(tx, eq(testRuns.testCaseId, testCaseId));
      await tx.delete(testCases).where(visible);
      return keys;
    }),
  );
  return releaseArtifacts(deps, keys);
}
