// Token counts of model calls in one provider-neutral shape, converted from the AI SDK's usage objects.
import { type LanguageModelUsage } from 'ai';

/** `inputTokens` includes the cached ones; the cache fields say how many of them were read from or written to cache. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
}

export const ZERO_USAGE: Readonly<TokenUsage> = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteInputTokens: 0,
});

/** Token counts are never negative nor fractional, whatever a provider sends. */
function count(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/** Converts the AI SDK usage (fields may be undefined when the provider did not report them). */
export function toTokenUsage(usage: LanguageModelUsage | undefined): TokenUsage {
  if (usage === undefined) return { ...ZERO_USAGE };
  return {
    inputTokens: count(usage.inputTokens),
    outputTokens: count(usage.outputTokens),
    cachedInputTokens: count(usage.inputTokenDetails?.cacheReadTokens ?? usage.cachedInputTokens),
    cacheWriteInputTokens: count(usage.inputTokenDetails?.cacheWriteTokens),
  };
}

export function addTokenUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    cacheWriteInputTokens: a.cacheWriteInputTokens + b.cacheWriteInputTokens,
  };
}
