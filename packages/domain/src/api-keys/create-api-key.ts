// Creates an API key for the actor's organization (admins); the plaintext token is returned only here.
import { createId } from '@paralleldrive/cuid2';
import { apiKeys } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { generateToken, hashToken } from '../access/tokens.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { memberRoleSchema, nameSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type ApiKeyView, toApiKeyView } from './api-key-view.ts';

export const API_KEY_TOKEN_KIND = 'rtk';
/** Characters of the token shown in lists so users can tell keys apart ("rtk_" + 8). */
const PREFIX_LENGTH = 12;

export const createApiKeyInputSchema = z.object({
  name: nameSchema,
  role: memberRoleSchema.default('member'),
});

export async function createApiKey(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof createApiKeyInputSchema>,
): Promise<{ apiKey: ApiKeyView; token: string }> {
  const scope = authorize(actor, 'admin');
  const { name, role } = parseInput(createApiKeyInputSchema, input);
  const token = generateToken(API_KEY_TOKEN_KIND);
  return withDomainErrors(async () => {
    const [row] = await deps.db
      .insert(apiKeys)
      .values({
        id: createId(),
        organizationId: scope.organizationId,
        name,
        prefix: token.slice(0, PREFIX_LENGTH),
        hash: hashToken(token),
        role,
        createdBy: actor.userId,
        createdAt: currentTime(deps),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return { apiKey: toApiKeyView(row), token };
  });
}
