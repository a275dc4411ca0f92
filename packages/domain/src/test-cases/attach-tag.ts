// Links a tag to a test case (idempotent); a tag of another project is refused.
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireTestCase } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { linkTags } from './test-case-links.ts';

export const attachTagInputSchema = z.object({ testCaseId: idSchema, tagId: idSchema });

export async function attachTag(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof attachTagInputSchema>,
): Promise<void> {
  const scope = authorize(actor, 'write');
  const { testCaseId, tagId } = parseInput(attachTagInputSchema, input);
  await withDomainErrors(async () => {
    const testCase = await requireTestCase(deps.db, scope, testCaseId);
    await linkTags(deps.db, scope, testCase, [tagId], currentTime(deps));
  });
}
