// Lists a project's documents, newest first, each with its linked test case id.
import { and, eq } from 'drizzle-orm';
import { documents } from '@retrace/db';
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
import { type DocumentView, selectDocumentViews } from './document-view.ts';

export const listDocumentsInputSchema = pageInputSchema.extend({ projectId: idSchema });

const KEYSET: KeysetSpec = {
  sortColumn: documents.createdAt,
  idColumn: documents.id,
  direction: 'desc',
};

export async function listDocuments(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof listDocumentsInputSchema>,
): Promise<Page<DocumentView>> {
  const scope = authorize(actor, 'read');
  const { projectId, cursor, limit } = parseInput(listDocumentsInputSchema, input);
  return withDomainErrors(async () => {
    const rows = await selectDocumentViews(deps.db)
      .where(
        and(
          eq(documents.projectId, projectId),
          projectIdInScope(projectId, scope),
          afterCursor(KEYSET, cursor),
        ),
      )
      .orderBy(...keysetOrder(KEYSET))
      .limit(limit + 1);
    // An empty page of a project one cannot see must not look like an empty project.
    if (rows.length === 0) await requireProject(deps.db, scope, projectId);
    return toPage(rows, limit, (row) => ({ value: row.createdAt, id: row.id }));
  });
}
