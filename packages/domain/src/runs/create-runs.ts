// Queues runs for a selection (test cases, a tag, or the whole project) × browser configs × a mode.
import { createId } from '@paralleldrive/cuid2';
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import {
  type NewTestRunRow,
  testCaseBrowserConfigs,
  testCases,
  testCaseTags,
  testConfigs,
  testRuns,
} from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireBrowserConfig, requireProject, requireTag } from '../access/scoped-lookups.ts';
import { DomainError, notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { DEFAULT_TEST_CONFIG_NAME } from '../test-configs/default-test-config.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import type { RunView } from './run-view.ts';

export const MAX_RUNS_PER_CALL = 1000;

export const runSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('test_cases'), testCaseIds: z.array(idSchema).min(1).max(1000) }),
  z.object({ kind: z.literal('tag'), tagId: idSchema }),
  z.object({ kind: z.literal('project') }),
]);

export const createRunsInputSchema = z.object({
  projectId: idSchema,
  selection: runSelectionSchema,
  /** Run on these configs instead of those linked to each test case. */
  browserConfigIds: z.array(idSchema).min(1).max(50).optional(),
  mode: z.enum(['auto', 'agentic', 'replay']).default('auto'),
  /** Defaults to the project's `default` test config. */
  testConfigId: idSchema.optional(),
  /** Groups the runs (e.g. one CI invocation); generated when absent. */
  batchId: z.string().min(1).max(100).optional(),
});

export async function createRuns(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof createRunsInputSchema>,
): Promise<RunView[]> {
  const scope = authorize(actor, 'write');
  const parsed = parseInput(createRunsInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const project = await requireProject(tx, scope, parsed.projectId);
      const [testConfig] = await tx
        .select({ id: testConfigs.id })
        .from(testConfigs)
        .where(
          and(
            eq(testConfigs.projectId, project.id),
            parsed.testConfigId === undefined
              ? eq(testConfigs.name, DEFAULT_TEST_CONFIG_NAME)
              : eq(testConfigs.id, parsed.testConfigId),
          ),
        );
      if (!testConfig) throw notFound('test config of this project');

      const selection = parsed.selection;
      const caseConditions: SQL[] = [eq(testCases.projectId, project.id)];
      if (selection.kind === 'tag') {
        const tag = await requireTag(tx, scope, selection.tagId);
        if (tag.projectId !== project.id) {
          throw new DomainError('TAG_OTHER_PROJECT', 'the tag belongs to another project');
        }
        caseConditions.push(
          inArray(
            testCases.id,
            tx
              .select({ id: testCaseTags.testCaseId })
              .from(testCaseTags)
              .where(eq(testCaseTags.tagId, tag.id)),
          ),
        );
      } else if (selection.kind === 'test_cases') {
        caseConditions.push(inArray(testCases.id, selection.testCaseIds));
      }
      const cases = await tx
        .select({ id: testCases.id })
        .from(testCases)
        .where(and(...caseConditions))
        .orderBy(asc(testCases.createdAt), asc(testCases.id));
      if (selection.kind === 'test_cases') {
        const found = new Set(cases.map((c) => c.id));
        const missing = selection.testCaseIds.filter((id) => !found.has(id));
        if (missing.length > 0) throw notFound('test case(s)', { missing });
      }

      const pairs: { testCaseId: string; browserConfigId: string }[] = [];
      if (parsed.browserConfigIds !== undefined) {
        for (const id of parsed.browserConfigIds) await requireBrowserConfig(tx, scope, id);
        for (const c of cases) {
          for (const id of parsed.browserConfigIds)
            pairs.push({ testCaseId: c.id, browserConfigId: id });
        }
      } else if (cases.length > 0) {
        const links = await tx
          .select()
          .from(testCaseBrowserConfigs)
          .where(
            inArray(
              testCaseBrowserConfigs.testCaseId,
              cases.map((c) => c.id),
            ),
          )
          .orderBy(asc(testCaseBrowserConfigs.browserConfigId));
        for (const c of cases) {
          for (const link of links) {
            if (link.testCaseId === c.id) {
              pairs.push({ testCaseId: c.id, browserConfigId: link.browserConfigId });
            }
          }
        }
      }
      if (pairs.length === 0) {
        throw new DomainError(
          'NOTHING_TO_RUN',
          'the selection has no test case with a browser config: add test cases or link browser configs',
        );
      }
      if (pairs.length > MAX_RUNS_PER_CALL) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `the selection makes ${pairs.length} runs; at most ${MAX_RUNS_PER_CALL} can be queued at once`,
        );
      }
      const batchId = parsed.batchId ?? createId();
      const rows: NewTestRunRow[] = pairs.map((pair) => ({
        id: createId(),
        projectId: project.id,
        testCaseId: pair.testCaseId,
        browserConfigId: pair.browserConfigId,
        testConfigId: testConfig.id,
        modeRequested: parsed.mode,
        state: 'QUEUED',
        batchId,
        createdAt: now,
      }));
      const inserted = await tx.insert(testRuns).values(rows).returning();
      return inserted.map((run) => ({ ...run, costId: null }));
    }),
  );
}
