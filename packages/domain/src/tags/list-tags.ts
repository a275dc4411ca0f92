// Lists a project's tags by name.
import { and, eq } from 'drizzle-orm';
import { type TagRow, tags } from '@retrace/db';
import { type z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectIdInScope } from '../access/authorize.ts';
import { requireProject } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import {
  afterCursor,
  keysetOrder,
  type KeysetSpec,
  type Page,
  pageInputSchema,
  toPage,
} from '../pagination/cursor.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const listTagsInputSchema = pageInputSchema.extend({ projectId: idSchema });

const KEYSET: KeysetSpec = { sortColumn: tags.name, idColumn: tags.id, direction: 'asc' };

export async function listTags(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof listTagsInputSchema>,
): Promise<Page<TagRow>> {
  const scope = authorize(actor, 'read');
  const { projectId, cursor, limit } = parseInput(listTagsInputSchema, input);
  return withDomainErrors(async () => {
    const rows = await deps.db
      .select()
      .from(tags)
      .where(
        and(
          eq(tags.projectId, projectId),
          projectIdInScope(projectId, scope),
          afterCursor(KEYSET, cursor),
        ),
      )
      .orderBy(...keysetOrder(KEYSET))
      .limit(limit + 1);
    if (rows.length === 0) await requireProject(deps.db, scope, projectId);
    return toPage(rows, limit, (row) => ({ value: row.name, id: row.id }));
  });
}
