// Renames a document or replaces its content, guarded by the updated_at the caller saw.
import { and, eq } from 'drizzle-orm';
import { documents } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import {
  matchesExpectedUpdatedAt,
  missedUpdateError,
  nextUpdatedAt,
} from '../access/concurrency.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import {
  expectedUpdatedAtSchema,
  idSchema,
  longTextSchema,
  nameSchema,
} from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type DocumentView, selectDocumentViews } from './document-view.ts';

export const updateDocumentInputSchema = z.object({
  documentId: idSchema,
  name: nameSchema.optional(),
  content: longTextSchema.optional(),
  expectedUpdatedAt: expectedUpdatedAtSchema,
});

export async function updateDocument(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof updateDocumentInputSchema>,
): Promise<DocumentView> {
  const scope = authorize(actor, 'write');
  const { documentId, expectedUpdatedAt, ...changes } = parseInput(
    updateDocumentInputSchema,
    input,
  );
  return withDomainErrors(async () => {
    const visible = and(eq(documents.id, documentId), projectInScope(documents.projectId, scope));
    const updated = await deps.db
      .update(documents)
      .set({ ...changes, updatedAt: nextUpdatedAt(documents.updatedAt, currentTime(deps)) })
      .where(and(visible, matchesExpectedUpdatedAt(documents.updatedAt, expectedUpdatedAt)))
      .returning({ id: documents.id });
    if (updated.length === 0) {
      throw await missedUpdateError(
        'document',
        async () => (await deps.db.$count(documents, visible)) > 0,
        expectedUpdatedAt,
      );
    }
    const [row] = await selectDocumentViews(deps.db).where(eq(documents.id, documentId));
    if (!row) throw new Error('updated document vanished');
    return row;
  });
}
