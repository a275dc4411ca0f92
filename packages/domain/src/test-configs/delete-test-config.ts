// Deletes a test config (admins); the `default` one stays. Runs that used it keep their history.
import { and, eq } from 'drizzle-orm';
import { testConfigs } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { DomainError, notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { DEFAULT_TEST_CONFIG_NAME } from './default-test-config.ts';

export const deleteTestConfigInputSchema = z.object({ testConfigId: idSchema });

export async function deleteTestConfig(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof deleteTestConfigInputSchema>,
): Promise<void> {
  const scope = authorize(actor, 'admin');
  const { testConfigId } = parseInput(deleteTestConfigInputSchema, input);
  await withDomainErrors(async () => {
    const visible = and(
      eq(testConfigs.id, testConfigId),
      projectInScope(testConfigs.projectId, scope),
    );
    const [existing] = await deps.db.select().from(testConfigs).where(visible);
    if (!existing) throw notFound('test config', { testConfigId });
    if (existing.name === DEFAULT_TEST_CONFIG_NAME) {
      throw new DomainError(
        'TEST_CONFIG_IS_DEFAULT',
        'the default test config cannot be deleted; it is used when a run names no config',
      );
    }
    await deps.db.delete(testConfigs).where(visible);
  });
}
