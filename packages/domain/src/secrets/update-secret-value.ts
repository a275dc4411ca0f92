// Replaces a secret's value (admins); the version goes up by exactly one in the same UPDATE.
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
import { DomainError, notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { expectedUpdatedAtSchema, idSchema, secretValueSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { encryptSecretValue, requireKeyring } from './secret-cipher.ts';
import { type SecretView, secretViewColumns } from './secret-view.ts';

export const updateSecretValueInputSchema = z.object({
  secretId: idSchema,
  value: secretValueSchema,
  expectedUpdatedAt: expectedUpdatedAtSchema,
});

/** A concurrent rename changes the name the ciphertext is bound to; re-encrypt and try again. */
const RENAME_RETRIES = 3;

export async function updateSecretValue(
  deps: SecretDeps,
  actor: Actor,
  input: z.input<typeof updateSecretValueInputSchema>,
): Promise<SecretView> {
  const scope = authorize(actor, 'admin');
  const keyring = requireKeyring(deps.secretKey);
  const { secretId, value, expectedUpdatedAt } = parseInput(updateSecretValueInputSchema, input);
  return withDomainErrors(async () => {
    const visible = and(
      eq(secretValues.id, secretId),
      projectInScope(secretValues.projectId, scope),
    );
    for (let attempt = 0; attempt < RENAME_RETRIES; attempt++) {
      const [binding] = await deps.db
        .select({ projectId: secretValues.projectId, secretName: secretValues.secretName })
        .from(secretValues)
        .where(visible);
      if (!binding) throw notFound('secret', { secretId });
      const [row] = await deps.db
        .update(secretValues)
        .set({
          secretValue: encryptSecretValue(keyring, value, binding),
          version: sql`${secretValues.version} + 1`,
          updatedAt: nextUpdatedAt(secretValues.updatedAt, currentTime(deps)),
        })
        .where(
          and(
            visible,
            eq(secretValues.secretName, binding.secretName),
            matchesExpectedUpdatedAt(secretValues.updatedAt, expectedUpdatedAt),
          ),
        )
        .returning(secretViewColumns);
      if (row) return row;
      if (expectedUpdatedAt !== undefined) {
        throw await missedUpdateError(
          'secret',
          async () => (await deps.db.$count(secretValues, visible)) > 0,
          expectedUpdatedAt,
        );
      }
    }
    throw new DomainError('CONFLICT', 'the secret kept being renamed meanwhile: retry');
  });
}
