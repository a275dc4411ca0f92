// Deletes an organization's browser config (admins). In use by traversals or runs, it needs `force`,
// which deletes those too; presets are read-only.
import { and, eq } from 'drizzle-orm';
import { browserConfigs, testRuns, testTraversals } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DeletionDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireBrowserConfig } from '../access/scoped-lookups.ts';
import { DomainError, notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import {
  collectRunArtifactKeys,
  releaseArtifacts,
  type ReleasedArtifacts,
} from '../artifacts/release-artifacts.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { builtinReadOnly } from './update-browser-config.ts';

export const deleteBrowserConfigInputSchema = z.object({
  browserConfigId: idSchema,
  /** Also delete the traversals and runs recorded on this config. */
  force: z.boolean().default(false),
});

export async function deleteBrowserConfig(
  deps: DeletionDeps,
  actor: Actor,
  input: z.input<typeof deleteBrowserConfigInputSchema>,
): Promise<ReleasedArtifacts> {
  const scope = authorize(actor, 'admin');
  const { browserConfigId, force } = parseInput(deleteBrowserConfigInputSchema, input);
  const keys = await withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const existing = await requireBrowserConfig(tx, scope, browserConfigId);
      if (existing.organizationId === null) throw builtinReadOnly();
      const traversals = await tx.$count(
        testTraversals,
        eq(testTraversals.browserConfigId, browserConfigId),
      );
      const runs = await tx.$count(testRuns, eq(testRuns.browserConfigId, browserConfigId));
      if (!force && traversals + runs > 0) {
        throw new DomainError(
          'BROWSER_CONFIG_IN_USE',
          `this browser config has ${traversals} recorded traversal(s) and ${runs} run(s): delete with force to remove them too`,
          { details: { traversals, runs } },
        );
      }
      const keys = await collectRunArtifactKeys(tx, eq(testRuns.browserConfigId, browserConfigId));
      const deleted = await tx
        .delete(browserConfigs)
        .where(
          and(
            eq(browserConfigs.id, browserConfigId),
            eq(browserConfigs.organizationId, scope.organizationId),
          ),
        )
        .returning({ id: browserConfigs.id });
      if (deleted.length === 0) throw notFound('browser config', { browserConfigId });
      return keys;
    }),
  );
  return releaseArtifacts(deps, keys);
}
