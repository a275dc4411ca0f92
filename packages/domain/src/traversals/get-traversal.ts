// Reads one traversal with its brain states and actions in order.
import { and, eq } from 'drizzle-orm';
import { testTraversals } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { loadTraversalDetail, type TraversalDetail } from './traversal-detail.ts';

export const getTraversalInputSchema = z.object({ traversalId: idSchema });

export async function getTraversal(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof getTraversalInputSchema>,
): Promise<TraversalDetail> {
  const scope = authorize(actor, 'read');
  const { traversalId } = parseInput(getTraversalInputSchema, input);
  return withDomainErrors(async () => {
    const [row] = await deps.db
      .select()
      .from(testTraversals)
      .where(
        and(eq(testTraversals.id, traversalId), projectInScope(testTraversals.projectId, scope)),
      );
    if (!row) throw notFound('traversal', { traversalId });
    return loadTraversalDetail(deps.db, row);
  });
}
