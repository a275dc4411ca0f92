// Creates a tag (name unique per project, colour #rrggbb) in a project.
import { createId } from '@paralleldrive/cuid2';
import { type TagRow, tags } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireProject } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { colorSchema, idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const tagNameSchema = z.string().trim().min(1).max(64);

export const createTagInputSchema = z.object({
  projectId: idSchema,
  name: tagNameSchema,
  color: colorSchema,
});

export async function createTag(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof createTagInputSchema>,
): Promise<TagRow> {
  const scope = authorize(actor, 'write');
  const { projectId, name, color } = parseInput(createTagInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(async () => {
    await requireProject(deps.db, scope, projectId);
    const [row] = await deps.db
      .insert(tags)
      .values({ id: createId(), projectId, name, color, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return row;
  });
}
