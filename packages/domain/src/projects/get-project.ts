// Reads one project of the actor's organization.
import type { ProjectRow } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireProject } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const getProjectInputSchema = z.object({ projectId: idSchema });

export async function getProject(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof getProjectInputSchema>,
): Promise<ProjectRow> {
  const scope = authorize(actor, 'read');
  const { projectId } = parseInput(getProjectInputSchema, input);
  return withDomainErrors(() => requireProject(deps.db, scope, projectId));
}
