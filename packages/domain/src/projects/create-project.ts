// Creates a project in the actor's organization, with its `default` test config.
import { createId } from '@paralleldrive/cuid2';
import { type ProjectRow, projects, testConfigs } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { DEFAULT_TEST_CONFIG_NAME } from '../test-configs/default-test-config.ts';
import { httpUrlSchema, nameSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const createProjectInputSchema = z.object({
  name: nameSchema,
  /** Base URL of the application under test. */
  defaultUrlRoute: httpUrlSchema,
});

export async function createProject(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof createProjectInputSchema>,
): Promise<ProjectRow> {
  const scope = authorize(actor, 'write');
  const { name, defaultUrlRoute } = parseInput(createProjectInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const [project] = await tx
        .insert(projects)
        .values({
          id: createId(),
          organizationId: scope.organizationId,
          name,
          defaultUrlRoute,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      if (!project) throw new Error('insert returned no row');
      await tx.insert(testConfigs).values({
        id: createId(),
        projectId: project.id,
        name: DEFAULT_TEST_CONFIG_NAME,
        createdAt: now,
        updatedAt: now,
      });
      return project;
    }),
  );
}
