// Records the LLM cost of a run (at most one per run): tokens × the model's prices.
import { createId } from '@paralleldrive/cuid2';
import { type CostRow, costs } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { requireRun } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

const price = z.number().min(0).max(1);
const tokens = z.number().int().min(0).max(2_000_000_000);

export const recordCostInputSchema = z.object({
  runId: idSchema,
  modelType: z.string().trim().min(1).max(200),
  inputTokens: tokens,
  completionTokens: tokens,
  /** Dollars per input token. */
  inputPricePerToken: price,
  /** Dollars per completion token. */
  outputPricePerToken: price,
});

export async function recordCost(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof recordCostInputSchema>,
): Promise<CostRow> {
  const scope = authorize(actor, 'write');
  const parsed = parseInput(recordCostInputSchema, input);
  return withDomainErrors(async () => {
    const run = await requireRun(deps.db, scope, parsed.runId);
    const costInDollars =
      parsed.inputTokens * parsed.inputPricePerToken +
      parsed.completionTokens * parsed.outputPricePerToken;
    const [row] = await deps.db
      .insert(costs)
      .values({
        id: createId(),
        testRunId: run.id,
        projectId: run.projectId,
        modelType: parsed.modelType,
        costPerToken: parsed.inputPricePerToken,
        inputPricePerToken: parsed.inputPricePerToken,
        outputPricePerToken: parsed.outputPricePerToken,
        inputTokenNum: parsed.inputTokens,
        completionTokenNum: parsed.completionTokens,
        costInDollars,
        createdAt: currentTime(deps),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return row;
  });
}
