// Creates a project secret (admins), encrypted at rest; its version starts at 1.
import { createId } from '@paralleldrive/cuid2';
import { secretValues } from '@retrace/db';
import { z } from 'zod';
import type { Actor, SecretDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireProject } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema, secretNameSchema, secretValueSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { encryptSecretValue, requireKeyring } from './secret-cipher.ts';
import { type SecretView, secretViewColumns } from './secret-view.ts';

export const createSecretInputSchema = z.object({
  projectId: idSchema,
  name: secretNameSchema,
  value: secretValueSchema,
});

export async function createSecret(
  deps: SecretDeps,
  actor: Actor,
  input: z.input<typeof createSecretInputSchema>,
): Promise<SecretView> {
  const scope = authorize(actor, 'admin');
  const keyring = requireKeyring(deps.secretKey);
  const { projectId, name, value } = parseInput(createSecretInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(async () => {
    await requireProject(deps.db, scope, projectId);
    const [row] = await deps.db
      .insert(secretValues)
      .values({
        id: createId(),
        projectId,
        secretName: name,
        secretValue: encryptSecretValue(keyring, value, { projectId, secretName: name }),
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning(secretViewColumns);
    if (!row) throw new Error('insert returned no row');
    return row;
  });
}
