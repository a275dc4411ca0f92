// Deletes a project (admins) and by cascade everything under it; frees the artifacts it orphans.
import { and, eq } from 'drizzle-orm';
import { projects, testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DeletionDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import {
  collectRunArtifactKeys,
  releaseArtifacts,
  type ReleasedArtifacts,
} from '../artifacts/release-artifacts.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const deleteProjectInputSchema = z.object({ projectId: idSchema });

export async function deleteProject(
  deps: DeletionDeps,
  actor: Actor,
  input: z.input<typeof deleteProjectInputSchema>,
): Promise<ReleasedArtifacts> {
  const scope = authorize(actor, 'admin');
  const { projectId } = parseInput(deleteProjectInputSchema, input);
  const keys = await withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const visible = and(
        eq(projects.id, projectId),
        eq(projects.organizationId, scope.organizationId),
      );
      const [project] = await tx
        .select({ id: projects.id })
        .from(projects)
        .where(visible)
        .for('update');
      if (!project) throw notFound('project', { projectId });
      const keys = await collectRunArtifactKeys(tx, eq(testRuns.projectId, projectId));
      await tx.delete(projects).where(visible);
      return keys;
    }),
  );
  return releaseArtifacts(deps, keys);
}
