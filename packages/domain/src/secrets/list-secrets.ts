// Lists a project's secrets by name: names, versions and times, never values.
import { and, eq } from 'drizzle-orm';
import { secretValues } from '@retrace/db';
import { type z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectIdInScope } from '../access/authorize.ts';
import { requireProject } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import {
  afterCursor,
  keysetOrder,
  type KeysetSpec,
  type Page,
  pageInputSchema,
  toPage,
} from '../pagination/cursor.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type SecretView, secretViewColumns } from './secret-view.ts';

export const listSecretsInputSchema = pageInputSchema.extend({ projectId: idSchema });

const KEYSET: KeysetSpec = {
  sortColumn: secretValues.secretName,
  idColumn: secretValues.id,
  direction: 'asc',
};

export async function listSecrets(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof listSecretsInputSchema>,
): Promise<Page<SecretView>> {
  const scope = authorize(actor, 'read');
  const { projectId, cursor, limit } = parseInput(listSecretsInputSchema, input);
  return withDomainErrors(async () => {
    const rows = await deps.db
      .select(secretViewColumns)
      .from(secretValues)
      .where(
        and(
          eq(secretValues.projectId, projectId),
          projectIdInScope(projectId, scope),
          afterCursor(KEYSET, cursor),
        ),
      )
      .orderBy(...keysetOrder(KEYSET))
      .limit(limit + 1);
    if (rows.length === 0) await requireProject(deps.db, scope, projectId);
    return toPage(rows, limit, (row) => ({ value: row.secretName, id: row.id }));
  });
}
