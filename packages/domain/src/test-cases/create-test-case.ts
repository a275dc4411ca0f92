// Creates a test case with its tags and browser configs (the desktop preset when none are given).
import { createId } from '@paralleldrive/cuid2';
import { eq } from 'drizzle-orm';
import { testCases } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireProject } from '../access/scoped-lookups.ts';
import { DEFAULT_BROWSER_CONFIG_ID } from '../browser-configs/builtin-browser-configs.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { testCaseFieldsSchema } from './test-case-fields.ts';
import { checkDocumentLink, linkBrowserConfigs, linkTags } from './test-case-links.ts';
import { selectTestCaseViews, type TestCaseView } from './test-case-view.ts';

export const createTestCaseInputSchema = testCaseFieldsSchema.extend({
  projectId: idSchema,
  tagIds: z.array(idSchema).max(100).default([]),
  browserConfigIds: z.array(idSchema).min(1).max(50).default([DEFAULT_BROWSER_CONFIG_ID]),
});

export async function createTestCase(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof createTestCaseInputSchema>,
): Promise<TestCaseView> {
  const scope = authorize(actor, 'write');
  const { projectId, tagIds, browserConfigIds, documentId, ...fields } = parseInput(
    createTestCaseInputSchema,
    input,
  );
  const now = currentTime(deps);
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      await requireProject(tx, scope, projectId);
      if (documentId) await checkDocumentLink(tx, scope, projectId, documentId);
      const id = createId();
      await tx.insert(testCases).values({
        ...fields,
        id,
        projectId,
        documentId: documentId ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await linkTags(tx, scope, { id, projectId }, tagIds, now);
      await linkBrowserConfigs(tx, scope, id, browserConfigIds, now);
      const [view] = await selectTestCaseViews(tx).where(eq(testCases.id, id));
      if (!view) throw new Error('created test case vanished');
      return view;
    }),
  );
}
