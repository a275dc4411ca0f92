// Lists the API keys of the actor's organization (admins), newest first, revoked ones included.
import { and, eq } from 'drizzle-orm';
import { apiKeys } from '@retrace/db';
import type { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
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
import { type ApiKeyView, toApiKeyView } from './api-key-view.ts';

export const listApiKeysInputSchema = pageInputSchema;

const KEYSET: KeysetSpec = {
  sortColumn: apiKeys.createdAt,
  idColumn: apiKeys.id,
  direction: 'desc',
};

export async function listApiKeys(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof listApiKeysInputSchema> = {},
): Promise<Page<ApiKeyView>> {
  const scope = authorize(actor, 'admin');
  const { cursor, limit } = parseInput(listApiKeysInputSchema, input);
  return withDomainErrors(async () => {
    const rows = await deps.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.organizationId, scope.organizationId), afterCursor(KEYSET, cursor)))
      .orderBy(...keysetOrder(KEYSET))
      .limit(limit + 1);
    const page = toPage(rows, limit, (row) => ({ value: row.createdAt, id: row.id }));
    return { items: page.items.map(toApiKeyView), nextCursor: page.nextCursor };
  });
}
