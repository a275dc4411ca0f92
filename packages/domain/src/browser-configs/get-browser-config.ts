// Reads one browser config: a preset or one of the actor's organization.
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireBrowserConfig } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type BrowserConfigView, toBrowserConfigView } from './browser-config-view.ts';

export const getBrowserConfigInputSchema = z.object({ browserConfigId: idSchema });

export async function getBrowserConfig(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof getBrowserConfigInputSchema>,
): Promise<BrowserConfigView> {
  const scope = authorize(actor, 'read');
  const { browserConfigId } = parseInput(getBrowserConfigInputSchema, input);
  return withDomainErrors(async () =>
    toBrowserConfigView(await requireBrowserConfig(deps.db, scope, browserConfigId)),
  );
}
