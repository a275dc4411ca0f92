// Reads one document with its linked test case id.
import { and, eq } from 'drizzle-orm';
import { documents } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type DocumentView, selectDocumentViews } from './document-view.ts';

export const getDocumentInputSchema = z.object({ documentId: idSchema });

export async function getDocument(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof getDocumentInputSchema>,
): Promise<DocumentView> {
  const scope = authorize(actor, 'read');
  const { documentId } = parseInput(getDocumentInputSchema, input);
  return withDomainErrors(async () => {
    const [row] = await selectDocumentViews(deps.db).where(
      and(eq(documents.id, documentId), projectInScope(documents.projectId, scope)),
    );
    if (!row) throw notFound('document', { documentId });
    return row;
  });
}
