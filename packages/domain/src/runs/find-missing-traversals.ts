// Before queuing replays: the (test case, browser config) pairs of a run selection without a verified traversal.
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { testCaseBrowserConfigs, testCases, testCaseTags, testTraversals } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectIdInScope } from '../access/authorize.ts';
import { requireProject } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { runSelectionSchema } from './create-runs.ts';

/** The selection exactly as createRuns takes it, so both agree on which pairs a call would run. */
export const findMissingTraversalsInputSchema = z.object({
  projectId: idSchema,
  selection: runSelectionSchema,
  browserConfigIds: z.array(idSchema).min(1).max(50).optional(),
});

export interface MissingTraversal {
  testCaseId: string;
  testCaseName: string;
  browserConfigId: string;
}

/** Pairs in test-case creation order; an empty list means every pair can be replayed. */
export async function findMissingTraversals(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof findMissingTraversalsInputSchema>,
): Promise<MissingTraversal[]> {
  const scope = authorize(actor, 'read');
  const { projectId, selection, browserConfigIds } = parseInput(
    findMissingTraversalsInputSchema,
    input,
  );
  return withDomainErrors(async () => {
    const conditions: SQL[] = [
      eq(testCases.projectId, projectId),
      projectIdInScope(projectId, scope),
    ];
    if (selection.kind === 'tag') {
      conditions.push(
        inArray(
          testCases.id,
          deps.db
            .select({ id: testCaseTags.testCaseId })
            .from(testCaseTags)
            .where(eq(testCaseTags.tagId, selection.tagId)),
        ),
      );
    } else if (selection.kind === 'test_cases') {
      conditions.push(inArray(testCases.id, selection.testCaseIds));
    }
    const cases = await deps.db
      .select({ id: testCases.id, name: testCases.name })
      .from(testCases)
      .where(and(...conditions))
      .orderBy(asc(testCases.createdAt), asc(testCases.id));
    if (cases.length === 0) {
      // An empty answer for a project one cannot see must not look like "nothing missing".
      await requireProject(deps.db, scope, projectId);
      return [];
    }
    const caseIds = cases.map((c) => c.id);
    const links =
      browserConfigIds !== undefined
        ? caseIds.flatMap((testCaseId) =>
            browserConfigIds.map((browserConfigId) => ({ testCaseId, browserConfigId })),
          )
        : await deps.db
            .select({
              testCaseId: testCaseBrowserConfigs.testCaseId,
              browserConfigId: testCaseBrowserConfigs.browserConfigId,
            })
            .from(testCaseBrowserConfigs)
            .where(inArray(testCaseBrowserConfigs.testCaseId, caseIds))
            .orderBy(asc(testCaseBrowserConfigs.browserConfigId));
    const verified = await deps.db
      .selectDistinct({
        testCaseId: testTraversals.testCaseId,
        browserConfigId: testTraversals.browserConfigId,
      })
      .from(testTraversals)
      .where(and(inArray(testTraversals.testCaseId, caseIds), eq(testTraversals.verified, true)));
    const replayable = new Set(verified.map((v) => `${v.testCaseId}\u0000${v.browserConfigId}`));
    const names = new Map(cases.map((c) => [c.id, c.name]));
    const order = new Map(caseIds.map((id, index) => [id, index]));
    return links
      .filter((link) => !replayable.has(`${link.testCaseId}\u0000${link.browserConfigId}`))
      .sort((a, b) => (order.get(a.testCaseId) ?? 0) - (order.get(b.testCaseId) ?? 0))
      .map((link) => ({ ...link, testCaseName: names.get(link.testCaseId) ?? '' }));
  });
}
