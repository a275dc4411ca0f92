// Deletes a secret (admins); traversals that used it lose the link and will report it missing at replay.
import { and, eq } from 'drizzle-orm';
import { secretValues } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const deleteSecretInputSchema = z.object({ secretId: idSchema });

export async function deleteSecret(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof deleteSecretInputSchema>,
): Promise<void> {
  const scope = authorize(actor, 'admin');
  const { secretId } = parseInput(deleteSecretInputSchema, input);
  await withDomainErrors(async () => {
    const deleted = await deps.db
      .delete(secretValues)
      .where(and(eq(secretValues.id, secretId), projectInScope(secretValues.projectId, scope)))
      .returning({ id: secretValues.id });
    if (deleted.length === 0) throw notFound('secret', { secretId });
  });
}
