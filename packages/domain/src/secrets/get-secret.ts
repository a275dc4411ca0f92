// Reads one secret's name, version and times (never its value).
import { and, eq } from 'drizzle-orm';
import { secretValues } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type SecretView, secretViewColumns } from './secret-view.ts';

export const getSecretInputSchema = z.object({ secretId: idSchema });

export async function getSecret(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof getSecretInputSchema>,
): Promise<SecretView> {
  const scope = authorize(actor, 'read');
  const { secretId } = parseInput(getSecretInputSchema, input);
  return withDomainErrors(async () => {
    const [row] = await deps.db
      .select(secretViewColumns)
      .from(secretValues)
      .where(and(eq(secretValues.id, secretId), projectInScope(secretValues.projectId, scope)));
    if (!row) throw notFound('secret', { secretId });
    return row;
  });
}
