// Lists the recorded versions of a test case (optionally on one browser config), newest first.
import { and, eq } from 'drizzle-orm';
import { type TestTraversalRow, testTraversals } from '@retrace/db';
import { type z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireTestCase } from '../access/scoped-lookups.ts';
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

export const listTraversalsInputSchema = pageInputSchema.extend({
  testCaseId: idSchema,
  browserConfigId: idSchema.optional(),
});

const KEYSET: KeysetSpec = {
  sortColumn: testTraversals.createdAt,
  idColumn: testTraversals.id,
  direction: 'desc',
};

export async function listTraversals(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof listTraversalsInputSchema>,
): Promise<Page<TestTraversalRow>> {
  const scope = authorize(actor, 'read');
  const { testCaseId, browserConfigId, cursor, limit } = parseInput(
    listTraversalsInputSchema,
    input,
  );
  return withDomainErrors(async () => {
    await requireTestCase(deps.db, scope, testCaseId);
    const rows = await deps.db
      .select()
      .from(testTraversals)
      .where(
        and(
          eq(testTraversals.testCaseId, testCaseId),
          browserConfigId === undefined
            ? undefined
            : eq(testTraversals.browserConfigId, browserConfigId),
          afterCursor(KEYSET, cursor),
        ),
      )
      .orderBy(...keysetOrder(KEYSET))
      .limit(limit + 1);
    return toPage(rows, limit, (row) => ({ value: row.createdAt, id: row.id }));
  });
}
