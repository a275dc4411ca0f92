// Links a browser config (a preset or the organization's own) to a test case (idempotent).
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireTestCase } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { linkBrowserConfigs } from './test-case-links.ts';

export const attachBrowserConfigInputSchema = z.object({
  testCaseId: idSchema,
  browserConfigId: idSchema,
});

export async function attachBrowserConfig(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof attachBrowserConfigInputSchema>,
): Promise<void> {
  const scope = authorize(actor, 'write');
  const { testCaseId, browserConfigId } = parseInput(attachBrowserConfigInputSchema, input);
  await withDomainErrors(async () => {
    await requireTestCase(deps.db, scope, testCaseId);
    await linkBrowserConfigs(deps.db, scope, testCaseId, [browserConfigId], currentTime(deps));
  });
}
