// Edits a test case (description, outcome, route, domains, document link), guarded by updated_at.
import { and, eq } from 'drizzle-orm';
import { testCases } from '@retrace/db';
import { type z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import {
  matchesExpectedUpdatedAt,
  missedUpdateError,
  nextUpdatedAt,
} from '../access/concurrency.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { expectedUpdatedAtSchema, idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { testCaseFieldsSchema } from './test-case-fields.ts';
import { checkDocumentLink } from './test-case-links.ts';
import { selectTestCaseViews, type TestCaseView } from './test-case-view.ts';

export const updateTestCaseInputSchema = testCaseFieldsSchema
  .partial()
  .extend({ testCaseId: idSchema, expectedUpdatedAt: expectedUpdatedAtSchema });

export async function updateTestCase(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof updateTestCaseInputSchema>,
): Promise<TestCaseView> {
  const scope = authorize(actor, 'write');
  const { testCaseId, expectedUpdatedAt, ...changes } = parseInput(
    updateTestCaseInputSchema,
    input,
  );
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const visible = and(eq(testCases.id, testCaseId), projectInScope(testCases.projectId, scope));
      const [existing] = await tx
        .select({ projectId: testCases.projectId })
        .from(testCases)
        .where(visible);
      if (!existing) throw notFound('test case', { testCaseId });
      if (changes.documentId) {
        await checkDocumentLink(tx, scope, existing.projectId, changes.documentId);
      }
      const updated = await tx
        .update(testCases)
        .set({ ...changes, updatedAt: nextUpdatedAt(testCases.updatedAt, currentTime(deps)) })
        .where(and(visible, matchesExpectedUpdatedAt(testCases.updatedAt, expectedUpdatedAt)))
        .returning({ id: testCases.id });
      if (updated.length === 0) {
        throw await missedUpdateError('test case', async () => true, expectedUpdatedAt);
      }
      const [view] = await selectTestCaseViews(tx).where(eq(testCases.id, testCaseId));
      if (!view) throw notFound('test case', { testCaseId });
      return view;
    }),
  );
}
