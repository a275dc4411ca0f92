// Renames or recolours a tag, guarded by the updated_at the caller saw.
import { and, eq } from 'drizzle-orm';
import { type TagRow, tags } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import {
  matchesExpectedUpdatedAt,
  missedUpdateError,
  nextUpdatedAt,
} from '../access/concurrency.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { colorSchema, expectedUpdatedAtSchema, idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { tagNameSchema } from './create-tag.ts';

export const updateTagInputSchema = z.object({
  tagId: idSchema,
  name: tagNameSchema.optional(),
  color: colorSchema.optional(),
  expectedUpdatedAt: expectedUpdatedAtSchema,
});

export async function updateTag(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof updateTagInputSchema>,
): Promise<TagRow> {
  const scope = authorize(actor, 'write');
  const { tagId, expectedUpdatedAt, ...changes } = parseInput(updateTagInputSchema, input);
  return withDomainErrors(async () => {
    const visible = and(eq(tags.id, tagId), projectInScope(tags.projectId, scope));
    const [row] = await deps.db
      .update(tags)
      .set({ ...changes, updatedAt: nextUpdatedAt(tags.updatedAt, currentTime(deps)) })
      .where(and(visible, matchesExpectedUpdatedAt(tags.updatedAt, expectedUpdatedAt)))
      .returning();
    if (row) return row;
    throw await missedUpdateError(
      'tag',
      async () => (await deps.db.$count(tags, visible)) > 0,
      expectedUpdatedAt,
    );
  });
}
