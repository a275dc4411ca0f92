// Unlinks a browser config from a test case (idempotent); its traversals and runs stay.
import { and, eq } from 'drizzle-orm';
import { testCaseBrowserConfigs } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireTestCase } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const detachBrowserConfigInputSchema = z.object({
  testCaseId: idSchema,
  browserConfigId: idSchema,
});

export async function detachBrowserConfig(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof detachBrowserConfigInputSchema>,
): Promise<void> {
  const scope = authorize(actor, 'write');
  const { testCaseId, browserConfigId } = parseInput(detachBrowserConfigInputSchema, input);
  await withDomainErrors(async () => {
    await requireTestCase(deps.db, scope, testCaseId);
    await deps.db
      .delete(testCaseBrowserConfigs)
      .where(
        and(
          eq(testCaseBrowserConfigs.testCaseId, testCaseId),
          eq(testCaseBrowserConfigs.browserConfigId, browserConfigId),
        ),
      );
  });
}
