// Creates an organization's own browser config, validated with the engine's browserConfigSchema.
import { createId } from '@paralleldrive/cuid2';
import { browserConfigs } from '@retrace/db';
import { browserConfigSchema } from '@retrace/engine';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { nameSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type BrowserConfigView, toBrowserConfigView } from './browser-config-view.ts';

export const createBrowserConfigInputSchema = z.object({
  name: nameSchema,
  browserConfig: browserConfigSchema,
});

export async function createBrowserConfig(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof createBrowserConfigInputSchema>,
): Promise<BrowserConfigView> {
  const scope = authorize(actor, 'write');
  const { name, browserConfig } = parseInput(createBrowserConfigInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(async () => {
    const [row] = await deps.db
      .insert(browserConfigs)
      .values({
        id: createId(),
        organizationId: scope.organizationId,
        name,
        browserConfig,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return toBrowserConfigView(row);
  });
}
