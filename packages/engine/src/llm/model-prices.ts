// Published per-model token prices of OpenAI and Anthropic, configurable overrides, and model-id matching.
import { z } from 'zod';

export const modelPriceSchema = z.object({
  /** USD per 1M input tokens not read from cache. */
  inputPerMillion: z.number().nonnegative(),
  /** USD per 1M output tokens (reasoning tokens included: they are billed as output). */
  outputPerMillion: z.number().nonnegative(),
  /** USD per 1M input tokens read from the prompt cache; the input price when absent. */
  cachedInputPerMillion: z.number().nonnegative().optional(),
  /** USD per 1M input tokens written to the prompt cache (Anthropic); the input price when absent. */
  cacheWritePerMillion: z.number().nonnegative().optional(),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

/** Prices from configuration, by model id or id prefix: `{ "llama3.1": { inputPerMillion: 0.1, … } }`. */
export const priceTableSchema = z.record(z.string().trim().min(1), modelPriceSchema);
export type PriceOverrides = z.infer<typeof priceTableSchema>;

/** The providers whose published prices we ship. Everything else (self-hosted, proxies) is free unless configured. */
export type PublishedPriceProvider = 'openai' | 'anthropic';

export interface PriceTable {
  /** When the published prices were last checked against the providers' pricing pages. */
  checkedOn: string;
  published: Readonly<Record<PublishedPriceProvider, Readonly<Record<string, ModelPrice>>>>;
  /** Prices set in configuration: they apply to every provider and replace a published price of the same key. */
  configured: Readonly<Record<string, ModelPrice>>;
}

function price(
  inputPerMillion: number,
  cachedInputPerMillion: number | undefined,
  outputPerMillion: number,
  cacheWritePerMillion?: number,
): ModelPrice {
  return { inputPerMillion, outputPerMillion, cachedInputPerMillion, cacheWritePerMillion };
}

/*
 * Standard-tier prices in USD per 1M tokens (input, cached input, output), checked on 2026-11-24 against
 * OpenAI's pricing page as reported for June–November 2026 and the model pages. Batch/flex/priority tiers and the
 * long-context surcharge above 272K input tokens are not modelled. Keys also match dated snapshots
 * (`gpt-4.1-2025-04-14`) and variants (`gpt-5-codex`) through prefix matching; variants priced differently from
 * their base have their own key.
 */
const OPENAI_PRICES: Record<string, ModelPrice> = {
  'gpt-5.5': price(5, 0.5, 30),
  'gpt-5.5-pro': price(30, undefined, 180),
  'gpt-5.4': price(2.5, 0.25, 15),
  'gpt-5.4-mini': price(0.75, 0.075, 4.5),
  'gpt-5.4-nano': price(0.2, 0.02, 1.25),
  'gpt-5.4-pro': price(30, undefined, 180),
  'gpt-5.2': price(1.75, 0.175, 14),
  'gpt-5.2-pro': price(21, undefined, 168),
  'gpt-5.1': price(1.25, 0.125, 10),
  'gpt-5.1-codex-mini': price(0.25, 0.025, 2),
  'gpt-5': price(1.25, 0.125, 10),
  'gpt-5-mini': price(0.25, 0.025, 2),
  'gpt-5-nano': price(0.05, 0.005, 0.4),
  'gpt-5-pro': price(15, undefined, 120),
  'gpt-4.1': price(2, 0.5, 8),
  'gpt-4.1-mini': price(0.4, 0.1, 1.6),
  'gpt-4.1-nano': price(0.1, 0.025, 0.4),
  'gpt-4o': price(2.5, 1.25, 10),
  'gpt-4o-2024-05-13': price(5, undefined, 15),
  'gpt-4o-mini': price(0.15, 0.075, 0.6),
  o1: price(15, 7.5, 60),
  'o1-pro': price(150, undefined, 600),
  'o1-mini': price(1.1, 0.55, 4.4),
  o3: price(2, 0.5, 8),
  'o3-pro': price(20, undefined, 80),
  'o3-mini': price(1.1, 0.55, 4.4),
  'o3-deep-research': price(10, 2.5, 40),
  'o4-mini': price(1.1, 0.275, 4.4),
  'o4-mini-deep-research': price(2, 0.5, 8),
};

/*
 * Anthropic prices in USD per 1M tokens (input, cache hits, output, 5-minute cache writes), checked on 2026-11-24
 * against platform.claude.com/docs/en/about-claude/pricing and the model overview pages (Sonnet 5.5 cache hits
 * cut to $0.10 on 2026-10-07). Haiku 5.5 is listed at its rate for prompts up to 100K tokens; longer prompts cost
 * five times more and are under-counted. `claude-sonnet-4` / `claude-opus-4` also cover the `-0` aliases and the
 * `-20250514` snapshots.
 */
const ANTHROPIC_PRICES: Record<string, ModelPrice> = {
  'claude-fable-5-1': price(10, 0.25, 50, 12.5),
  'claude-fable-5': price(10, 1, 50, 12.5),
  'claude-opus-5-5': price(4, 0.2, 20, 5),
  'claude-opus-5': price(5, 0.5, 25, 6.25),
  'claude-sonnet-5-5': price(2, 0.1, 10, 2.5),
  'claude-sonnet-5': price(2, 0.2, 10, 2.5),
  'claude-haiku-5-5': price(0.1, 0.01, 0.5, 0.125),
  'claude-opus-4-8': price(5, 0.5, 25, 6.25),
  'claude-opus-4-7': price(5, 0.5, 25, 6.25),
  'claude-opus-4-6': price(5, 0.5, 25, 6.25),
  'claude-opus-4-5': price(5, 0.5, 25, 6.25),
  'claude-opus-4-1': price(15, 1.5, 75, 18.75),
  'claude-opus-4': price(15, 1.5, 75, 18.75),
  'claude-sonnet-4-6': price(3, 0.3, 15, 3.75),
  'claude-sonnet-4-5': price(3, 0.3, 15, 3.75),
  'claude-sonnet-4': price(3, 0.3, 15, 3.75),
  'claude-haiku-4-5': price(1, 0.1, 5, 1.25),
  'claude-3-7-sonnet': price(3, 0.3, 15, 3.75),
  'claude-3-5-haiku': price(0.8, 0.08, 4, 1),
  'claude-3-haiku': price(0.25, 0.03, 1.25, 0.3),
};

export const PRICES_CHECKED_ON = '2026-11-24';

export const DEFAULT_PRICE_TABLE: PriceTable = Object.freeze({
  checkedOn: PRICES_CHECKED_ON,
  published: Object.freeze({ openai: OPENAI_PRICES, anthropic: ANTHROPIC_PRICES }),
  configured: Object.freeze({}),
});

/** The table with prices from configuration on top (validated by `priceTableSchema`). */
export function withConfiguredPrices(
  overrides: PriceOverrides,
  base: PriceTable = DEFAULT_PRICE_TABLE,
): PriceTable {
  return { ...base, configured: { ...base.configured, ...overrides } };
}

/**
 * Which published table applies to an AI SDK provider id (`openai.chat`, `openai.responses`,
 * `anthropic.messages`); undefined for OpenAI-compatible servers and anything else.
 */
export function publishedPriceProviderOf(provider: string): PublishedPriceProvider | undefined {
  const family = provider.split('.')[0];
  return family === 'openai' || family === 'anthropic' ? family : undefined;
}

export type PriceSource = 'configured' | 'published' | 'unmetered' | 'unknown';

export interface PriceMatch {
  price: ModelPrice;
  source: PriceSource;
  /** The table key that matched, when one did. */
  key?: string;
}

const FREE: ModelPrice = Object.freeze({ inputPerMillion: 0, outputPerMillion: 0 });

/** Characters that separate a model id from its snapshot date or variant suffix. */
const SUFFIX_SEPARATORS = ['-', ':', '@'];

/** Exact id first, then the longest key followed by a separator (`gpt-4.1-mini-2025-04-14` → `gpt-4.1-mini`). */
function matchKey(modelId: string, keys: readonly string[]): string | undefined {
  if (keys.includes(modelId)) return modelId;
  let best: string | undefined;
  for (const key of keys) {
    if (modelId.length <= key.length || !modelId.startsWith(key)) continue;
    if (!SUFFIX_SEPARATORS.includes(modelId.charAt(key.length))) continue;
    if (best === undefined || key.length > best.length) best = key;
  }
  return best;
}

/**
 * The price of one model. Configured prices apply to every provider; published ones only to their provider.
 * A model of another provider without a configured price is `unmetered` (free); an OpenAI or Anthropic model
 * missing from the table is `unknown` (priced at zero, flagged, never a crash).
 */
export function findModelPrice(
  table: PriceTable,
  model: { provider: string; modelId: string },
): PriceMatch {
  const publishedProvider = publishedPriceProviderOf(model.provider);
  const published = publishedProvider === undefined ? {} : table.published[publishedProvider];
  const candidates: Record<string, { price: ModelPrice; source: PriceSource }> = {};
  for (const [key, p] of Object.entries(published))
    candidates[key] = { price: p, source: 'published' };
  for (const [key, p] of Object.entries(table.configured)) {
    candidates[key] = { price: p, source: 'configured' };
  }
  const key = matchKey(model.modelId, Object.keys(candidates));
  const hit = key === undefined ? undefined : candidates[key];
  if (key !== undefined && hit !== undefined) return { ...hit, key };
  return { price: FREE, source: publishedProvider === undefined ? 'unmetered' : 'unknown' };
}
