// Lists a project's runs with filters, newest or oldest first, by keyset pages over the run indexes.
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { testCaseTags, testRuns } from '@retrace/db';
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
import { type RunView, selectRunViews } from './run-view.ts';

const dateSchema = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((value) => (value instanceof Date ? value : new Date(value)));

export const listRunsInputSchema = pageInputSchema.extend({
  projectId: idSchema,
  state: z.enum(['QUEUED', 'RUNNING', 'PASSED', 'FAILED']).optional(),
  runType: z.enum(['AGENTIC', 'REPLAY']).optional(),
  testCaseId: idSchema.optional(),
  tagId: idSchema.optional(),
  browserConfigId: idSchema.optional(),
  batchId: z.string().min(1).max(100).optional(),
  /** created_at ≥ from */
  createdFrom: dateSchema.optional(),
  /** created_at < to */
  createdTo: dateSchema.optional(),
  sort: z.enum(['newest', 'oldest']).default('newest'),
});

export async function listRuns(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof listRunsInputSchema>,
): Promise<Page<RunView>> {
  const scope = authorize(actor, 'read');
  const filters = parseInput(listRunsInputSchema, input);
  const keyset: KeysetSpec = {
    sortColumn: testRuns.createdAt,
    idColumn: testRuns.id,
    direction: filters.sort === 'newest' ? 'desc' : 'asc',
  };
  return withDomainErrors(async () => {
    const rows = await selectRunViews(deps.db)
      .where(
        and(
          eq(testRuns.projectId, filters.projectId),
          projectIdInScope(filters.projectId, scope),
          filters.state === undefined ? undefined : eq(testRuns.state, filters.state),
          filters.runType === undefined ? undefined : eq(testRuns.runType, filters.runType),
          filters.testCaseId === undefined
            ? undefined
            : eq(testRuns.testCaseId, filters.testCaseId),
          filters.browserConfigId === undefined
            ? undefined
            : eq(testRuns.browserConfigId, filters.browserConfigId),
          filters.batchId === undefined ? undefined : eq(testRuns.batchId, filters.batchId),
          filters.tagId === undefined
            ? undefined
            : inArray(
                testRuns.testCaseId,
                deps.db
                  .select({ id: testCaseTags.testCaseId })
                  .from(testCaseTags)
                  .where(eq(testCaseTags.tagId, filters.tagId)),
              ),
          filters.createdFrom === undefined
            ? undefined
            : gte(testRuns.createdAt, filters.createdFrom),
          filters.createdTo === undefined ? undefined : lt(testRuns.createdAt, filters.createdTo),
          afterCursor(keyset, filters.cursor),
        ),
      )
      .orderBy(...keysetOrder(keyset))
      .limit(filters.limit + 1);
    if (rows.length === 0) await requireProject(deps.db, scope, filters.projectId);
    return toPage(rows, filters.limit, (row) => ({ value: row.createdAt, id: row.id }));
  });
}
