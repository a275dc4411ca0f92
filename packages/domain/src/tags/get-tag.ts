// Reads one tag.
import type { TagRow } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireTag } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const getTagInputSchema = z.object({ tagId: idSchema });

export async function getTag(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof getTagInputSchema>,
): Promise<TagRow> {
  const scope = authorize(actor, 'read');
  const { tagId } = parseInput(getTagInputSchema, input);
  return withDomainErrors(() => requireTag(deps.db, scope, tagId));
}
