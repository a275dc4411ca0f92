// Renames a project or changes its base URL, guarded by the updated_at the caller saw.
import { and, eq } from 'drizzle-orm';
import { type ProjectRow, projects } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import {
  matchesExpectedUpdatedAt,
  missedUpdateError,
  nextUpdatedAt,
} from '../access/concurrency.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import {
  expectedUpdatedAtSchema,
  httpUrlSchema,
  idSchema,
  nameSchema,
} from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const updateProjectInputSchema = z.object({
  projectId: idSchema,
  name: nameSchema.optional(),
  defaultUrlRoute: httpUrlSchema.optional(),
  expectedUpdatedAt: expectedUpdatedAtSchema,
});

export async function updateProject(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof updateProjectInputSchema>,
): Promise<ProjectRow> {
  const scope = authorize(actor, 'write');
  const { projectId, expectedUpdatedAt, ...changes } = parseInput(updateProjectInputSchema, input);
  return withDomainErrors(async () => {
    const visible = and(
      eq(projects.id, projectId),
      eq(projects.organizationId, scope.organizationId),
    );
    const [row] = await deps.db
      .update(projects)
      .set({ ...changes, updatedAt: nextUpdatedAt(projects.updatedAt, currentTime(deps)) })
      .where(and(visible, matchesExpectedUpdatedAt(projects.updatedAt, expectedUpdatedAt)))
      .returning();
    if (row) return row;
    throw await missedUpdateError(
      'project',
      async () => (await deps.db.$count(projects, visible)) > 0,
      expectedUpdatedAt,
    );
  });
}
