// Renames a secret (admins): re-encrypts the value for its new name and increments the version.
import { and, eq, sql } from 'drizzle-orm';
import { secretValues } from '@retrace/db';
import { z } from 'zod';
import type { Actor, SecretDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import {
  matchesExpectedUpdatedAt,
  missedUpdateError,
  nextUpdatedAt,
} from '../access/concurrency.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { expectedUpdatedAtSchema, idSchema, secretNameSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { decryptSecretValue, encryptSecretValue, requireKeyring } from './secret-cipher.ts';
import { type SecretView, secretViewColumns } from './secret-view.ts';

export const renameSecretInputSchema = z.object({
  secretId: idSchema,
  name: secretNameSchema,
  expectedUpdatedAt: expectedUpdatedAtSchema,
});

export async function renameSecret(
  deps: SecretDeps,
  actor: Actor,
  input: z.input<typeof renameSecretInputSchema>,
): Promise<SecretView> {
  const scope = authorize(actor, 'admin');
  const keyring = requireKeyring(deps.secretKey);
  const { secretId, name, expectedUpdatedAt } = parseInput(renameSecretInputSchema, input);
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const visible = and(
        eq(secretValues.id, secretId),
        projectInScope(secretValues.projectId, scope),
      );
      // Locked: the value is decrypted and re-encrypted, so no other write may slip in between.
      const [current] = await tx.select().from(secretValues).where(visible).for('update');
      if (!current) throw notFound('secret', { secretId });
      const plaintext = decryptSecretValue(keyring, current.secretValue, current);
      const [row] = await tx
        .update(secretValues)
        .set({
          secretName: name,
          secretValue: encryptSecretValue(keyring, plaintext, {
            projectId: current.projectId,
            secretName: name,
          }),
          version: sql`${secretValues.version} + 1`,
          updatedAt: nextUpdatedAt(secretValues.updatedAt, currentTime(deps)),
        })
        .where(and(visible, matchesExpectedUpdatedAt(secretValues.updatedAt, expectedUpdatedAt)))
        .returning(secretViewColumns);
      if (row) return row;
      throw await missedUpdateError('secret', async () => true, expectedUpdatedAt);
    }),
  );
}
