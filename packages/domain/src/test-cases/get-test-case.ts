// Reads one test case with its tag and browser-config ids.
import { and, eq } from 'drizzle-orm';
import { testCases } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { selectTestCaseViews, type TestCaseView } from './test-case-view.ts';

export const getTestCaseInputSchema = z.object({ testCaseId: idSchema });

export async function getTestCase(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof getTestCaseInputSchema>,
): Promise<TestCaseView> {
  const scope = authorize(actor, 'read');
  const { testCaseId } = parseInput(getTestCaseInputSchema, input);
  return withDomainErrors(async () => {
    const [row] = await selectTestCaseViews(deps.db).where(
      and(eq(testCases.id, testCaseId), projectInScope(testCases.projectId, scope)),
    );
    if (!row) throw notFound('test case', { testCaseId });
    return row;
  });
}
