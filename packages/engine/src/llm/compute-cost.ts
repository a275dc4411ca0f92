// Prices a run's token usage: dollars per model and the totals the Cost row stores.
import {
  DEFAULT_PRICE_TABLE,
  findModelPrice,
  type ModelPrice,
  type PriceSource,
  type PriceTable,
} from './model-prices.ts';
import { type TokenUsage } from './token-usage.ts';
import { isUsageMeter, type ModelRef, type ModelUsage, type UsageMeter } from './usage-meter.ts';

export interface CostLine extends ModelRef, TokenUsage {
  costInDollars: number;
  priceKnown: boolean;
  priceSource: PriceSource;
  /** The price table key that matched, when one did. */
  priceKey?: string;
}

/** Shaped after the Cost row of the data model (model_type, cost_per_token, token counts, cost_in_dollars). */
export interface RunCost {
  /** The model id; several ids joined by ", " when a run used more than one model. */
  modelType: string;
  inputTokens: number;
  completionTokens: number;
  /** Blended: `costInDollars / (inputTokens + completionTokens)`, 0 when no tokens were used. */
  costPerToken: number;
  costInDollars: number;
  /** False when any model used has no known price (its tokens then count as $0). */
  priceKnown: boolean;
  lines: CostLine[];
}

/** Rounds away float noise (0.1 + 0.2) while keeping sub-micro-dollar precision. */
function roundDollars(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

function dollarsFor(usage: TokenUsage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const written = Math.min(usage.cacheWriteInputTokens, usage.inputTokens - cached);
  const fresh = usage.inputTokens - cached - written;
  const perToken = (perMillion: number): number => perMillion / 1_000_000;
  return (
    fresh * perToken(price.inputPerMillion) +
    cached * perToken(price.cachedInputPerMillion ?? price.inputPerMillion) +
    written * perToken(price.cacheWritePerMillion ?? price.inputPerMillion) +
    usage.outputTokens * perToken(price.outputPerMillion)
  );
}

/** Prices one model's usage. */
export function computeCostLine(
  usage: ModelRef & TokenUsage,
  prices: PriceTable = DEFAULT_PRICE_TABLE,
): CostLine {
  const match = findModelPrice(prices, usage);
  return {
    provider: usage.provider,
    modelId: usage.modelId,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    cacheWriteInputTokens: usage.cacheWriteInputTokens,
    costInDollars: roundDollars(dollarsFor(usage, match.price)),
    priceKnown: match.source !== 'unknown',
    priceSource: match.source,
    ...(match.key === undefined ? {} : { priceKey: match.key }),
  };
}

export type CostSource =
  UsageMeter | (ModelRef & TokenUsage) | readonly (ModelRef & TokenUsage)[] | readonly ModelUsage[];

/** Totals a run's cost from its usage meter (or one or more model usages). Unknown models never throw. */
export function computeCost(source: CostSource, prices: PriceTable = DEFAULT_PRICE_TABLE): RunCost {
  const usages: readonly (ModelRef & TokenUsage)[] = isUsageMeter(source)
    ? source.byModel()
    : Array.isArray(source)
      ? source
      : [source as ModelRef & TokenUsage];
  const lines = usages.map((usage) => computeCostLine(usage, prices));
  const inputTokens = lines.reduce((sum, line) => sum + line.inputTokens, 0);
  const completionTokens = lines.reduce((sum, line) => sum + line.outputTokens, 0);
  const costInDollars = roundDollars(lines.reduce((sum, line) => sum + line.costInDollars, 0));
  const tokens = inputTokens + completionTokens;
  return {
    modelType: [...new Set(lines.map((line) => line.modelId))].join(', '),
    inputTokens,
    completionTokens,
    costPerToken: tokens === 0 ? 0 : costInDollars / tokens,
    costInDollars,
    priceKnown: lines.every((line) => line.priceKnown),
    lines,
  };
}
