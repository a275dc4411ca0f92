// The traversal replay uses: the highest verified version for a test case on a browser config, or null.
import { and, desc, eq } from 'drizzle-orm';
import { testTraversals } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireTestCase } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { loadTraversalDetail, type TraversalDetail } from './traversal-detail.ts';

export const getLatestVerifiedTraversalInputSchema = z.object({
  testCaseId: idSchema,
  browserConfigId: idSchema,
});

export async function getLatestVerifiedTraversal(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof getLatestVerifiedTraversalInputSchema>,
): Promise<TraversalDetail | null> {
  const scope = authorize(actor, 'read');
  const { testCaseId, browserConfigId } = parseInput(getLatestVerifiedTraversalInputSchema, input);
  return withDomainErrors(async () => {
    await requireTestCase(deps.db, scope, testCaseId);
    const [row] = await deps.db
      .select()
      .from(testTraversals)
      .where(
        and(
          eq(testTraversals.testCaseId, testCaseId),
          eq(testTraversals.browserConfigId, browserConfigId),
          eq(testTraversals.verified, true),
        ),
      )
      .orderBy(desc(testTraversals.version))
      .limit(1);
    return row ? loadTraversalDetail(deps.db, row) : null;
  });
}
