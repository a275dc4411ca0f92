// Deletes a document (admins); a linked test case stays, unlinked.
import { and, eq } from 'drizzle-orm';
import { documents } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const deleteDocumentInputSchema = z.object({ documentId: idSchema });

export async function deleteDocument(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof deleteDocumentInputSchema>,
): Promise<void> {
  const scope = authorize(actor, 'admin');
  const { documentId } = parseInput(deleteDocumentInputSchema, input);
  await withDomainErrors(async () => {
    const deleted = await deps.db
      .delete(documents)
      .where(and(eq(documents.id, documentId), projectInScope(documents.projectId, scope)))
      .returning({ id: documents.id });
    if (deleted.length === 0) throw notFound('document', { documentId });
  });
}
