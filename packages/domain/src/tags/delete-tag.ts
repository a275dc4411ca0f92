// Deletes a tag (admins); its links to test cases go with it, the test cases stay.
import { and, eq } from 'drizzle-orm';
import { tags } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const deleteTagInputSchema = z.object({ tagId: idSchema });

export async function deleteTag(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof deleteTagInputSchema>,
): Promise<void> {
  const scope = authorize(actor, 'admin');
  const { tagId } = parseInput(deleteTagInputSchema, input);
  await withDomainErrors(async () => {
    const deleted = await deps.db
      .delete(tags)
      .where(and(eq(tags.id, tagId), projectInScope(tags.projectId, scope)))
      .returning({ id: tags.id });
    if (deleted.length === 0) throw notFound('tag', { tagId });
  });
}
