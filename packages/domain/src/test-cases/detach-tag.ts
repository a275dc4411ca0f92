// Unlinks a tag from a test case (idempotent).
import { z } from 'zod';
import { testCaseTags } from '@retrace/db';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireTestCase } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { linkCondition } from './test-case-links.ts';

export const detachTagInputSchema = z.object({ testCaseId: idSchema, tagId: idSchema });

export async function detachTag(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof detachTagInputSchema>,
): Promise<void> {
  const scope = authorize(actor, 'write');
  const { testCaseId, tagId } = parseInput(detachTagInputSchema, input);
  await withDomainErrors(async () => {
    await requireTestCase(deps.db, scope, testCaseId);
    await deps.db.delete(testCaseTags).where(linkCondition(testCaseId, tagId));
  });
}
