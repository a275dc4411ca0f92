// Changes a test config's settings or name (the `default` one keeps its name).
import { and, eq } from 'drizzle-orm';
import { type TestConfigRow, testConfigs } from '@retrace/db';
import { type z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import {
  matchesExpectedUpdatedAt,
  missedUpdateError,
  nextUpdatedAt,
} from '../access/concurrency.ts';
import { DomainError, notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { expectedUpdatedAtSchema, idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { DEFAULT_TEST_CONFIG_NAME } from './default-test-config.ts';
import { testConfigFieldsSchema, testConfigNameSchema } from './test-config-fields.ts';

export const updateTestConfigInputSchema = testConfigFieldsSchema.partial().extend({
  testConfigId: idSchema,
  name: testConfigNameSchema.optional(),
  expectedUpdatedAt: expectedUpdatedAtSchema,
});

export async function updateTestConfig(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof updateTestConfigInputSchema>,
): Promise<TestConfigRow> {
  const scope = authorize(actor, 'write');
  const { testConfigId, expectedUpdatedAt, ...changes } = parseInput(
    updateTestConfigInputSchema,
    input,
  );
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const visible = and(
        eq(testConfigs.id, testConfigId),
        projectInScope(testConfigs.projectId, scope),
      );
      const [existing] = await tx.select().from(testConfigs).where(visible).for('update');
      if (!existing) throw notFound('test config', { testConfigId });
      if (
        existing.name === DEFAULT_TEST_CONFIG_NAME &&
        changes.name !== undefined &&
        changes.name !== DEFAULT_TEST_CONFIG_NAME
      ) {
        throw new DomainError(
          'TEST_CONFIG_IS_DEFAULT',
          'the default test config cannot be renamed: create another config instead',
        );
      }
      const provider =
        changes.llmProvider === undefined ? existing.llmProvider : changes.llmProvider;
      const baseUrl = changes.llmBaseUrl === undefined ? existing.llmBaseUrl : changes.llmBaseUrl;
      if (provider === 'openai-compatible' && !baseUrl) {
        throw new DomainError(
          'VALIDATION_FAILED',
          'an openai-compatible provider needs llmBaseUrl',
          {
            details: { issues: [{ path: 'llmBaseUrl', message: 'required', code: 'custom' }] },
          },
        );
      }
      const [row] = await tx
        .update(testConfigs)
        .set({ ...changes, updatedAt: nextUpdatedAt(testConfigs.updatedAt, currentTime(deps)) })
        .where(and(visible, matchesExpectedUpdatedAt(testConfigs.updatedAt, expectedUpdatedAt)))
        .returning();
      if (row) return row;
      throw await missedUpdateError('test config', async () => true, expectedUpdatedAt);
    }),
  );
}
