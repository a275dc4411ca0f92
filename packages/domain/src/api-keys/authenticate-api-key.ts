// Resolves a bearer token to the API key's actor, or null; records last use at most once a minute.
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { apiKeys } from '@retrace/db';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { hashToken } from '../access/tokens.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { API_KEY_TOKEN_KIND } from './create-api-key.ts';

const LAST_USED_RESOLUTION_MS = 60_000;

export async function authenticateApiKey(deps: DbDeps, token: string): Promise<Actor | null> {
  if (!token.startsWith(`${API_KEY_TOKEN_KIND}_`) || token.length > 200) return null;
  const now = currentTime(deps);
  return withDomainErrors(async () => {
    const [key] = await deps.db
      .select({ id: apiKeys.id, organizationId: apiKeys.organizationId, role: apiKeys.role })
      .from(apiKeys)
      .where(and(eq(apiKeys.hash, hashToken(token)), isNull(apiKeys.revokedAt)));
    if (!key) return null;
    // Writes only when the stamp is stale, so a busy key does not rewrite its row on every request.
    await deps.db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, key.id),
          or(
            isNull(apiKeys.lastUsedAt),
            lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS)),
          ),
        ),
      );
    return {
      kind: 'api_key',
      userId: null,
      organizationId: key.organizationId,
      role: key.role,
      apiKeyId: key.id,
    };
  });
}
