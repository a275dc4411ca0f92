// The worker's configuration: defaults, refusals that name the key, LLM choice, cost rows.
import { describe, expect, it } from 'vitest';
import { chooseLlmConfig, resolveLanguageModel } from './resolve-language-model.ts';
import { priceRunUsage } from './run-cost.ts';
import { WorkerConfigError, parseWorkerOptions, workerOptionsSchema } from './worker-options.ts';

describe('worker options', () => {
  it('fills in production defaults', () => {
    const options = parseWorkerOptions({ workerId: 'w-1' });
    expect(options).toMatchObject({
      workerId: 'w-1',
      concurrency: 2,
      runTimeoutMs: 600_000,
      maxRunAttempts: 3,
      heartbeatIntervalMs: 2_000,
      staleRunAfterSeconds: 30,
      browser: { launchTimeoutMs: 30_000 },
      runGif: 'failures',
    });
    expect(parseWorkerOptions({}).workerId).toMatch(/^[A-Za-z0-9_.-]+-\d+$/);
  });

  it('accepts the shapes the CLI builds: a local path, a Playwright server, a CDP endpoint, LLM defaults', () => {
    expect(() =>
      workerOptionsSchema.parse({
        concurrency: 4,
        runTimeoutMs: 60_000,
        browser: { remote: { protocol: 'playwright', wsEndpoint: 'ws://grid:3000/' } },
        llm: {
          defaults: { provider: 'openai', model: 'gpt-4.1-mini' },
          apiKeys: { openai: 'sk-test' },
        },
      }),
    ).not.toThrow();
    expect(() =>
      workerOptionsSchema.parse({
        browser: { remote: { protocol: 'cdp', endpointURL: 'http://127.0.0.1:9222' } },
      }),
    ).not.toThrow();
  });

  it('refuses bad options naming the key, never echoing a key value', () => {
    const error = (() => {
      try {
        parseWorkerOptions({
          concurrency: 0,
          browser: { remote: { protocol: 'playwright', wsEndpoint: 'http://not-ws' } },
          llm: { apiKeys: { openai: '' } },
          heartbeatIntervalMs: 20_000,
          staleRunAfterSeconds: 30,
        });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(WorkerConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/concurrency/);
    expect(message).toMatch(/browser\.remote\.wsEndpoint: must be a ws:\/\/ or wss:\/\/ URL/);
    expect(message).toMatch(/llm\.apiKeys\.openai/);
    expect(message).toMatch(/staleRunAfterSeconds must be at least three heartbeat intervals/);
  });

  it('renders run GIFs as runs end for failures only by default, for every run on request', () => {
    expect(parseWorkerOptions({ runGif: 'always' }).runGif).toBe('always');
    expect(() => parseWorkerOptions({ runGif: 'sometimes' as 'always' })).toThrow(
      /runGif: Invalid option: expected one of "failures"\|"always"/,
    );
  });
});

describe('choosing the model of a run', () => {
  const llm = parseWorkerOptions({
    llm: {
      defaults: { provider: 'openai', model: 'gpt-4.1-mini' },
      apiKeys: { openai: 'sk-worker', anthropic: 'sk-ant-worker' },
    },
  }).llm;

  it('takes the worker defaults when the test config names no model', () => {
    expect(chooseLlmConfig(null, llm)).toEqual({
      provider: 'openai',
      model: 'gpt-4.1-mini',
      apiKey: 'sk-worker',
    });
  });

  it('takes the test config’s provider and model, with the worker’s key for that provider', () => {
    expect(
      chooseLlmConfig(
        { llmProvider: 'anthropic', llmModel: 'claude-sonnet-4-5', llmBaseUrl: null },
        llm,
      ),
    ).toEqual({ provider: 'anthropic', model: 'claude-sonnet-4-5', apiKey: 'sk-ant-worker' });
  });

  it('says what is missing when nothing or only half is configured', () => {
    expect(chooseLlmConfig(null, undefined)).toEqual({
      none: expect.stringMatching(/no language model is configured/),
    });
    expect(
      chooseLlmConfig({ llmProvider: 'anthropic', llmModel: null, llmBaseUrl: null }, llm),
    ).toEqual({ none: expect.stringMatching(/anthropic provider but no model/) });
  });

  it('a provider without its key is unusable, and the reason never contains a key', () => {
    const resolved = resolveLanguageModel(
      { llmProvider: 'anthropic', llmModel: 'claude-sonnet-4-5', llmBaseUrl: null },
      parseWorkerOptions({ llm: { apiKeys: { openai: 'sk-secret-openai' } } }).llm,
    );
    expect(resolved.kind).toBe('invalid');
    expect(resolved.kind === 'invalid' && resolved.reason).toMatch(/ANTHROPIC_API_KEY/);
    expect(JSON.stringify(resolved)).not.toContain('sk-secret-openai');
  });
});

describe('the cost row of a run', () => {
  it('is null when no model was called', () => {
    expect(priceRunUsage([])).toBeNull();
  });

  it('stores prices whose products add up to the exact cost, cached tokens included', () => {
    const usage = [
      {
        provider: 'openai.responses',
        modelId: 'gpt-4.1-mini',
        calls: 3,
        inputTokens: 10_000,
        outputTokens: 500,
        cachedInputTokens: 4_000,
        cacheWriteInputTokens: 0,
      },
    ];
    const cost = priceRunUsage(usage);
    expect(cost).not.toBeNull();
    const total =
      cost!.inputTokens * cost!.inputPricePerToken +
      cost!.completionTokens * cost!.outputPricePerToken;
    // gpt-4.1-mini: $0.40 / 1M input, $0.10 / 1M cached input, $1.60 / 1M output.
    expect(total).toBeCloseTo((6_000 * 0.4 + 4_000 * 0.1 + 500 * 1.6) / 1_000_000, 12);
    expect(cost).toMatchObject({
      modelType: 'gpt-4.1-mini',
      inputTokens: 10_000,
      completionTokens: 500,
    });
  });

  it('uses configured prices for self-hosted models', () => {
    const cost = priceRunUsage(
      [
        {
          provider: 'local.chat',
          modelId: 'llama3.1',
          calls: 1,
          inputTokens: 1_000_000,
          outputTokens: 1_000_000,
          cachedInputTokens: 0,
          cacheWriteInputTokens: 0,
        },
      ],
      { 'llama3.1': { inputPerMillion: 0.1, outputPerMillion: 0.2 } },
    );
    expect(cost!.inputPricePerToken).toBeCloseTo(0.1 / 1e6, 15);
    expect(cost!.outputPricePerToken).toBeCloseTo(0.2 / 1e6, 15);
  });
});
