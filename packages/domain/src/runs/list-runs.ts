// Lists a project's runs with filters, newest or oldest first, by keyset pages over the run indexes.
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { projects, type RetraceDatabase, testCaseTags, testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireProject } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { DomainError } from '../errors/domain-error.ts';
import {
  decodeCursor,
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

type ListRunsFilters = z.output<typeof listRunsInputSchema>;

/** The optional filters; which of them are given (with the sort) decides the SQL text, never their values. */
const OPTIONAL_FILTERS = [
  'state',
  'runType',
  'testCaseId',
  'browserConfigId',
  'batchId',
  'tagId',
  'createdFrom',
  'createdTo',
  'cursor',
] as const;

const param = (name: string) => sql.placeholder(name);

/**
 * The query of one filter shape, with every value a placeholder. The organization scope is part of every
 * shape (not optional), and it is filled from the authorized scope at execution.
 */
function buildListRunsQuery(db: RetraceDatabase, filters: ListRunsFilters) {
  const keyset: KeysetSpec = {
    sortColumn: testRuns.createdAt,
    idColumn: testRuns.id,
    direction: filters.sort === 'newest' ? 'desc' : 'asc',
  };
  const cursorOp = keyset.direction === 'desc' ? sql`<` : sql`>`;
  return selectRunViews(db)
    .where(
      and(
        eq(testRuns.projectId, param('projectId')),
        sql`exists (select 1 from ${projects} where ${projects.id} = ${param('projectId')} and ${projects.organizationId} = ${param('organizationId')})`,
        filters.state === undefined ? undefined : eq(testRuns.state, param('state')),
        filters.runType === undefined ? undefined : eq(testRuns.runType, param('runType')),
        filters.testCaseId === undefined ? undefined : eq(testRuns.testCaseId, param('testCaseId')),
        filters.browserConfigId === undefined
          ? undefined
          : eq(testRuns.browserConfigId, param('browserConfigId')),
        filters.batchId === undefined ? undefined : eq(testRuns.batchId, param('batchId')),
        filters.tagId === undefined
          ? undefined
          : inArray(
              testRuns.testCaseId,
              db
                .select({ id: testCaseTags.testCaseId })
                .from(testCaseTags)
                .where(eq(testCaseTags.tagId, param('tagId'))),
            ),
        filters.createdFrom === undefined
          ? undefined
          : gte(testRuns.createdAt, sql`${param('createdFrom')}::timestamptz`),
        filters.createdTo === undefined
          ? undefined
          : lt(testRuns.createdAt, sql`${param('createdTo')}::timestamptz`),
        filters.cursor === undefined
          ? undefined
          : sql`(${testRuns.createdAt}, ${testRuns.id}) ${cursorOp} (${param('cursorAt')}::timestamptz, ${param('cursorId')})`,
      ),
    )
    .orderBy(...keysetOrder(keyset))
    .limit(param('limit'))
    .prepare('');
}

type ListRunsQuery = ReturnType<typeof buildListRunsQuery>;

/**
 * Built queries by database and shape: building the SQL with drizzle cost more CPU than the database spent
 * answering it. The statement stays unnamed on the server, so transaction-mode poolers (Supabase) still work.
 */
const queriesByDb = new WeakMap<RetraceDatabase, Map<string, ListRunsQuery>>();

function listRunsQueryFor(db: RetraceDatabase, filters: ListRunsFilters): ListRunsQuery {
  let queries = queriesByDb.get(db);
  if (queries === undefined) {
    queries = new Map();
    queriesByDb.set(db, queries);
  }
  const shape = `${filters.sort}:${OPTIONAL_FILTERS.map((key) => (filters[key] === undefined ? 0 : 1)).join('')}`;
  let query = queries.get(shape);
  if (query === undefined) {
    query = buildListRunsQuery(db, filters);
    queries.set(shape, query);
  }
  return query;
}

/** Runs are ordered by created_at, so a valid cursor holds an instant. */
function cursorValues(cursor: string | undefined): { cursorAt?: string; cursorId?: string } {
  if (cursor === undefined) return {};
  const { value, id } = decodeCursor(cursor);
  if (!(value instanceof Date)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'the cursor is invalid: pass back a nextCursor as given',
      {
        details: { field: 'cursor' },
      },
    );
  }
  return { cursorAt: value.toISOString(), cursorId: id };
}

export async function listRuns(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof listRunsInputSchema>,
): Promise<Page<RunView>> {
  const scope = authorize(actor, 'read');
  const filters = parseInput(listRunsInputSchema, input);
  const cursor = cursorValues(filters.cursor);
  return withDomainErrors(async () => {
    const rows = await listRunsQueryFor(deps.db, filters).execute({
      projectId: filters.projectId,
      organizationId: scope.organizationId,
      state: filters.state,
      runType: filters.runType,
      testCaseId: filters.testCaseId,
      browserConfigId: filters.browserConfigId,
      batchId: filters.batchId,
      tagId: filters.tagId,
      createdFrom: filters.createdFrom?.toISOString(),
      createdTo: filters.createdTo?.toISOString(),
      ...cursor,
      limit: filters.limit + 1,
    });
    if (rows.length === 0) await requireProject(deps.db, scope, filters.projectId);
    return toPage(rows, filters.limit, (row) => ({ value: row.createdAt, id: row.id }));
  });
}
