// Reads one test config, by id or as a project's config of a given name (e.g. `default`).
import { and, eq } from 'drizzle-orm';
import { type TestConfigRow, testConfigs } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { testConfigNameSchema } from './test-config-fields.ts';

export const getTestConfigInputSchema = z.union([
  z.object({ testConfigId: idSchema }),
  z.object({ projectId: idSchema, name: testConfigNameSchema }),
]);

export async function getTestConfig(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof getTestConfigInputSchema>,
): Promise<TestConfigRow> {
  const scope = authorize(actor, 'read');
  const parsed = parseInput(getTestConfigInputSchema, input);
  return withDomainErrors(async () => {
    const which =
      'testConfigId' in parsed
        ? eq(testConfigs.id, parsed.testConfigId)
        : and(eq(testConfigs.projectId, parsed.projectId), eq(testConfigs.name, parsed.name));
    const [row] = await deps.db
      .select()
      .from(testConfigs)
      .where(and(which, projectInScope(testConfigs.projectId, scope)));
    if (!row) throw notFound('test config');
    return row;
  });
}
