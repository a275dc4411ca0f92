// Lists a project's test cases, newest first, optionally by tag or by a name search.
import { and, eq, ilike, inArray } from 'drizzle-orm';
import { testCases, testCaseTags } from '@retrace/db';
import { z } from 'zod';
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
import { selectTestCaseViews, type TestCaseView } from './test-case-view.ts';

export const listTestCasesInputSchema = pageInputSchema.extend({
  projectId: idSchema,
  tagId: idSchema.optional(),
  /** Case-insensitive substring of the name. */
  search: z.string().trim().min(1).max(200).optional(),
});

const KEYSET: KeysetSpec = {
  sortColumn: testCases.createdAt,
  idColumn: testCases.id,
  direction: 'desc',
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listTestCases(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof listTestCasesInputSchema>,
): Promise<Page<TestCaseView>> {
  const scope = authorize(actor, 'read');
  const { projectId, tagId, search, cursor, limit } = parseInput(listTestCasesInputSchema, input);
  return withDomainErrors(async () => {
    const rows = await selectTestCaseViews(deps.db)
      .where(
        and(
          eq(testCases.projectId, projectId),
          projectIdInScope(projectId, scope),
          tagId === undefined
            ? undefined
            : inArray(
                testCases.id,
                deps.db
                  .select({ id: testCaseTags.testCaseId })
                  .from(testCaseTags)
                  .where(eq(testCaseTags.tagId, tagId)),
              ),
          search === undefined ? undefined : ilike(testCases.name, `%${escapeLike(search)}%`),
          afterCursor(KEYSET, cursor),
        ),
      )
      .orderBy(...keysetOrder(KEYSET))
      .limit(limit + 1);
    if (rows.length === 0) await requireProject(deps.db, scope, projectId);
    return toPage(rows, limit, (row) => ({ value: row.createdAt, id: row.id }));
  });
}
