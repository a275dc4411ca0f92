// Prices a run's model usage for its Cost row: tokens × the model's prices (published table plus overrides).
import {
  type ModelUsage,
  computeCost,
  findModelPrice,
  withConfiguredPrices,
} from '@retrace/engine';
import type { PriceOverrides } from '@retrace/engine';

export interface RunCostInput {
  modelType: string;
  inputTokens: number;
  completionTokens: number;
  inputPricePerToken: number;
  outputPricePerToken: number;
}

/**
 * The Cost row for a run's usage, or null when no model was called. The row stores one input and one output
 * price per token and its total is `input × inputPrice + completion × outputPrice`; with cached input tokens
 * or several models the true total differs from list prices, so the input price stored is the effective one
 * that makes the row's total equal the engine's exact cost.
 */
export function priceRunUsage(
  usage: readonly ModelUsage[],
  overrides: PriceOverrides = {},
): RunCostInput | null {
  if (usage.length === 0 || usage.every((u) => u.calls === 0)) return null;
  const table = withConfiguredPrices(overrides);
  const cost = computeCost(usage, table);
  const outputDollars = usage.reduce(
    (sum, u) =>
      sum + (u.outputTokens * findModelPrice(table, u).price.outputPerMillion) / 1_000_000,
    0,
  );
  const outputPricePerToken =
    cost.completionTokens === 0 ? 0 : outputDollars / cost.completionTokens;
  const inputDollars = Math.max(0, cost.costInDollars - outputDollars);
  const inputPricePerToken = cost.inputTokens === 0 ? 0 : inputDollars / cost.inputTokens;
  return {
    modelType: cost.modelType || 'unknown',
    inputTokens: cost.inputTokens,
    completionTokens: cost.completionTokens,
    inputPricePerToken,
    outputPricePerToken,
  };
}
