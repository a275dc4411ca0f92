// Creates a spec document (Markdown) in a project.
import { createId } from '@paralleldrive/cuid2';
import { documents } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireProject } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema, longTextSchema, nameSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import type { DocumentView } from './document-view.ts';

export const createDocumentInputSchema = z.object({
  projectId: idSchema,
  name: nameSchema,
  content: longTextSchema.default(''),
});

export async function createDocument(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof createDocumentInputSchema>,
): Promise<DocumentView> {
  const scope = authorize(actor, 'write');
  const { projectId, name, content } = parseInput(createDocumentInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(async () => {
    await requireProject(deps.db, scope, projectId);
    const [row] = await deps.db
      .insert(documents)
      .values({ id: createId(), projectId, name, content, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return { ...row, testCaseId: null };
  });
}
