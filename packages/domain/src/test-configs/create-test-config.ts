// Creates a named test config in a project (run settings: environment, LLM, limits, repair policy).
import { createId } from '@paralleldrive/cuid2';
import { type TestConfigRow, testConfigs } from '@retrace/db';
import { type z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireProject } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { testConfigFieldsSchema, testConfigNameSchema } from './test-config-fields.ts';

export const createTestConfigInputSchema = testConfigFieldsSchema
  .partial()
  .extend({ projectId: idSchema, name: testConfigNameSchema })
  .refine((input) => input.llmProvider !== 'openai-compatible' || !!input.llmBaseUrl, {
    message: 'an openai-compatible provider needs llmBaseUrl',
    path: ['llmBaseUrl'],
  });

export async function createTestConfig(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof createTestConfigInputSchema>,
): Promise<TestConfigRow> {
  const scope = authorize(actor, 'write');
  const { projectId, ...fields } = parseInput(createTestConfigInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(async () => {
    await requireProject(deps.db, scope, projectId);
    const [row] = await deps.db
      .insert(testConfigs)
      .values({ ...fields, id: createId(), projectId, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return row;
  });
}
