// Revokes an API key of the actor's organization (admins); a revoked key never authenticates again.
import { and, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type ApiKeyView, toApiKeyView } from './api-key-view.ts';

export const revokeApiKeyInputSchema = z.object({ apiKeyId: idSchema });

/** Idempotent: revoking a revoked key returns it unchanged. */
export async function revokeApiKey(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof revokeApiKeyInputSchema>,
): Promise<ApiKeyView> {
  const scope = authorize(actor, 'admin');
  const { apiKeyId } = parseInput(revokeApiKeyInputSchema, input);
  return withDomainErrors(async () => {
    const inOrganization = and(
      eq(apiKeys.id, apiKeyId),
      eq(apiKeys.organizationId, scope.organizationId),
    );
    await deps.db
      .update(apiKeys)
      .set({ revokedAt: currentTime(deps) })
      .where(and(inOrganization, isNull(apiKeys.revokedAt)));
    const [row] = await deps.db.select().from(apiKeys).where(inOrganization);
    if (!row) throw notFound('API key', { apiKeyId });
    return toApiKeyView(row);
  });
}
