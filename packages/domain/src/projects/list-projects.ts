// Lists the projects of the actor's organization, newest first.
import { and, eq } from 'drizzle-orm';
import { type ProjectRow, projects } from '@retrace/db';
import type { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import {
  afterCursor,
  keysetOrder,
  type KeysetSpec,
  type Page,
  pageInputSchema,
  toPage,
} from '../pagination/cursor.ts';
import { parseInput } from '../validation/parse-input.ts';

export const listProjectsInputSchema = pageInputSchema;

const KEYSET: KeysetSpec = {
  sortColumn: projects.createdAt,
  idColumn: projects.id,
  direction: 'desc',
};

export async function listProjects(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof listProjectsInputSchema> = {},
): Promise<Page<ProjectRow>> {
  const scope = authorize(actor, 'read');
  const { cursor, limit } = parseInput(listProjectsInputSchema, input);
  return withDomainErrors(async () => {
    const rows = await deps.db
      .select()
      .from(projects)
      .where(and(eq(projects.organizationId, scope.organizationId), afterCursor(KEYSET, cursor)))
      .orderBy(...keysetOrder(KEYSET))
      .limit(limit + 1);
    return toPage(rows, limit, (row) => ({ value: row.createdAt, id: row.id }));
  });
}
