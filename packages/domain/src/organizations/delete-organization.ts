// Deletes the actor's organization and, by cascade, everything in it; frees the artifacts it orphans.
import { eq, sql } from 'drizzle-orm';
import { organizations, projects, testRuns } from '@retrace/db';
import type { Actor, DeletionDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import {
  collectRunArtifactKeys,
  releaseArtifacts,
  type ReleasedArtifacts,
} from '../artifacts/release-artifacts.ts';

export async function deleteOrganization(
  deps: DeletionDeps,
  actor: Actor,
): Promise<ReleasedArtifacts> {
  const scope = authorize(actor, 'admin');
  const keys = await withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const keys = await collectRunArtifactKeys(
        tx,
        sql`${testRuns.projectId} in (select ${projects.id} from ${projects} where ${projects.organizationId} = ${scope.organizationId})`,
      );
      const deleted = await tx
        .delete(organizations)
        .where(eq(organizations.id, scope.organizationId))
        .returning({ id: organizations.id });
      if (deleted.length === 0) throw notFound('organization');
      return keys;
    }),
  );
  return releaseArtifacts(deps, keys);
}
