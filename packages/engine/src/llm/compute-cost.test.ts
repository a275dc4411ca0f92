import { describe, expect, it } from 'vitest';
import { computeCost, computeCostLine } from './compute-cost.ts';
import {
  DEFAULT_PRICE_TABLE,
  findModelPrice,
  PRICES_CHECKED_ON,
  priceTableSchema,
  withConfiguredPrices,
} from './model-prices.ts';
import { ZERO_USAGE } from './token-usage.ts';
import { createUsageMeter } from './usage-meter.ts';

const OPENAI = 'openai.chat';
const ANTHROPIC = 'anthropic.messages';
const million = (input: number, output: number) => ({
  ...ZERO_USAGE,
  inputTokens: input * 1_000_000,
  outputTokens: output * 1_000_000,
});

describe('findModelPrice', () => {
  const match = (provider: string, modelId: string) =>
    findModelPrice(DEFAULT_PRICE_TABLE, { provider, modelId });

  it('prefers the exact id to a prefix', () => {
    expect(match(OPENAI, 'gpt-4o-2024-05-13')).toMatchObject({ key: 'gpt-4o-2024-05-13' });
    expect(match(OPENAI, 'gpt-4o-2024-05-13').price.inputPerMillion).toBe(5);
    expect(match(OPENAI, 'gpt-4o-2024-08-06')).toMatchObject({
      key: 'gpt-4o',
      source: 'published',
    });
  });

  it('matches dated snapshots by the longest prefix', () => {
    expect(match(OPENAI, 'gpt-4.1-2025-04-14').key).toBe('gpt-4.1');
    expect(match(OPENAI, 'gpt-4.1-mini-2025-04-14').key).toBe('gpt-4.1-mini');
    expect(match('openai.responses', 'gpt-5-nano-2025-08-07').key).toBe('gpt-5-nano');
    expect(match(ANTHROPIC, 'claude-sonnet-4-5-20250929').key).toBe('claude-sonnet-4-5');
    expect(match(ANTHROPIC, 'claude-sonnet-4-20250514').key).toBe('claude-sonnet-4');
    expect(match(ANTHROPIC, 'claude-opus-4-1-20250805').price.outputPerMillion).toBe(75);
    expect(match(ANTHROPIC, 'claude-opus-4-5-20251101').price.outputPerMillion).toBe(25);
  });

  it('does not mistake a newer model for an older one sharing its prefix', () => {
    expect(match(OPENAI, 'gpt-5.6')).toMatchObject({ source: 'unknown' });
    expect(match(OPENAI, 'gpt-4.1o')).toMatchObject({ source: 'unknown' });
    expect(match(OPENAI, 'o3-deep-research').key).toBe('o3-deep-research');
  });

  it('applies published prices only to their own provider', () => {
    expect(match(ANTHROPIC, 'gpt-4.1').source).toBe('unknown');
    expect(match('ollama.chat', 'gpt-4.1')).toMatchObject({ source: 'unmetered' });
    expect(match('mock-provider', 'anything').price).toMatchObject({ inputPerMillion: 0 });
  });

  it('lets configured prices replace published ones and price any provider', () => {
    const table = withConfiguredPrices(
      priceTableSchema.parse({
        'gpt-4.1': { inputPerMillion: 1, outputPerMillion: 4 },
        llama3: { inputPerMillion: 0.05, outputPerMillion: 0.1 },
      }),
    );
    expect(findModelPrice(table, { provider: OPENAI, modelId: 'gpt-4.1' })).toMatchObject({
      source: 'configured',
      price: { inputPerMillion: 1 },
    });
    // The longer published key still wins for its own model.
    expect(findModelPrice(table, { provider: OPENAI, modelId: 'gpt-4.1-mini' }).key).toBe(
      'gpt-4.1-mini',
    );
    expect(findModelPrice(table, { provider: 'ollama.chat', modelId: 'llama3:8b' })).toMatchObject({
      source: 'configured',
      key: 'llama3',
    });
  });

  it('refuses negative prices in configuration', () => {
    expect(
      priceTableSchema.safeParse({ m: { inputPerMillion: -1, outputPerMillion: 1 } }).success,
    ).toBe(false);
  });

  it('says when the published prices were checked', () => {
    expect(DEFAULT_PRICE_TABLE.checkedOn).toBe(PRICES_CHECKED_ON);
    expect(PRICES_CHECKED_ON).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('computeCost', () => {
  it('prices input and output tokens separately', () => {
    const cost = computeCost({ provider: OPENAI, modelId: 'gpt-4.1', ...million(1, 1) });
    expect(cost).toMatchObject({
      modelType: 'gpt-4.1',
      inputTokens: 1_000_000,
      completionTokens: 1_000_000,
      costInDollars: 10,
      costPerToken: 5 / 1_000_000,
      priceKnown: true,
    });
  });

  it('prices cache reads and Anthropic cache writes at their own rates', () => {
    const line = computeCostLine({
      provider: ANTHROPIC,
      modelId: 'claude-sonnet-4-5',
      inputTokens: 1_000_000,
      cachedInputTokens: 500_000,
      cacheWriteInputTokens: 250_000,
      outputTokens: 0,
    });
    // 250k fresh × $3 + 500k read × $0.30 + 250k written × $3.75
    expect(line.costInDollars).toBeCloseTo(0.75 + 0.15 + 0.9375, 10);
  });

  it('prices cached input at the input price when the model has no cached price', () => {
    const line = computeCostLine({
      provider: OPENAI,
      modelId: 'gpt-5-pro',
      ...ZERO_USAGE,
      inputTokens: 1_000_000,
      cachedInputTokens: 1_000_000,
    });
    expect(line.costInDollars).toBe(15);
  });

  it('counts an unknown model as zero dollars with priceKnown false, never throwing', () => {
    const cost = computeCost({ provider: OPENAI, modelId: 'gpt-9-ultra', ...million(2, 1) });
    expect(cost).toMatchObject({ costInDollars: 0, priceKnown: false, inputTokens: 2_000_000 });
    expect(cost.lines[0]?.priceSource).toBe('unknown');
  });

  it('totals a run across models from its usage meter', () => {
    const meter = createUsageMeter();
    meter.record({ provider: OPENAI, modelId: 'gpt-4.1-mini' }, million(1, 0));
    meter.record({ provider: ANTHROPIC, modelId: 'claude-haiku-4-5' }, million(0, 1));
    meter.record({ provider: OPENAI, modelId: 'gpt-4.1-mini' }, million(0, 1));
    expect(meter.byModel().map((m) => [m.modelId, m.calls])).toEqual([
      ['gpt-4.1-mini', 2],
      ['claude-haiku-4-5', 1],
    ]);
    expect(meter.total()).toMatchObject({ inputTokens: 1_000_000, outputTokens: 2_000_000 });

    const cost = computeCost(meter);
    // gpt-4.1-mini: $0.40 + $1.60; claude-haiku-4-5: $5
    expect(cost.costInDollars).toBeCloseTo(7, 10);
    expect(cost.modelType).toBe('gpt-4.1-mini, claude-haiku-4-5');
    expect(cost.lines).toHaveLength(2);
    expect(cost.costPerToken).toBeCloseTo(7 / 3_000_000, 15);
  });

  it('reports an empty run as free with a zero price per token', () => {
    expect(computeCost(createUsageMeter())).toMatchObject({
      modelType: '',
      costInDollars: 0,
      costPerToken: 0,
      priceKnown: true,
    });
  });

  it('flags the whole run when one of its models has no known price', () => {
    const cost = computeCost([
      { provider: OPENAI, modelId: 'gpt-4.1', ...million(1, 0) },
      { provider: OPENAI, modelId: 'gpt-future', ...million(1, 0) },
    ]);
    expect(cost).toMatchObject({ costInDollars: 2, priceKnown: false });
  });
});
