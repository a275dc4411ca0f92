// Lists the browser configs the actor can use: the presets and the organization's own, by name.
import { and } from 'drizzle-orm';
import { browserConfigs } from '@retrace/db';
import type { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { browserConfigVisible } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import {
  afterCursor,
  keysetOrder,
  type KeysetSpec,
  type Page,
  pageInputSchema,
  toPage,
} from '../pagination/cursor.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type BrowserConfigView, toBrowserConfigView } from './browser-config-view.ts';

export const listBrowserConfigsInputSchema = pageInputSchema;

const KEYSET: KeysetSpec = {
  sortColumn: browserConfigs.name,
  idColumn: browserConfigs.id,
  direction: 'asc',
};

export async function listBrowserConfigs(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof listBrowserConfigsInputSchema> = {},
): Promise<Page<BrowserConfigView>> {
  const scope = authorize(actor, 'read');
  const { cursor, limit } = parseInput(listBrowserConfigsInputSchema, input);
  return withDomainErrors(async () => {
    const rows = await deps.db
      .select()
      .from(browserConfigs)
      .where(and(browserConfigVisible(scope), afterCursor(KEYSET, cursor)))
      .orderBy(...keysetOrder(KEYSET))
      .limit(limit + 1);
    const page = toPage(rows, limit, (row) => ({ value: row.name, id: row.id }));
    return { items: page.items.map(toBrowserConfigView), nextCursor: page.nextCursor };
  });
}
