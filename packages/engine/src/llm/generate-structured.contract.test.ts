// One contract for every provider adapter: the real provider packages over HTTP against fake servers on loopback.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type FakeLlmProvider,
  type FakeLlmScript,
  type FakeLlmServer,
  startFakeLlmServer,
} from '../testing.ts';
import { computeCost } from './compute-cost.ts';
import { createLanguageModel } from './create-language-model.ts';
import { generateStructured, type GenerateStructuredOptions } from './generate-structured.ts';
import { type AttemptLog, LlmError } from './llm-error.ts';
import { type Sleep } from './retry-delay.ts';

const agentStepSchema = z.object({
  evaluation_previous_goal: z.string(),
  memory: z.string(),
  next_goal: z.string(),
  actions: z
    .array(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('click'), ref: z.string() }),
        z.object({ type: z.literal('done'), success: z.boolean(), outcome: z.string() }),
      ]),
    )
    .min(1),
});

const VALID_STEP = {
  evaluation_previous_goal: 'The login page is open.',
  memory: 'Need to sign in.',
  next_goal: 'Click the sign-in button.',
  actions: [{ type: 'click', ref: 'e12' }],
};

/** Page text that must never leak into errors. */
const PAGE_TEXT = 'PAGE-TEXT-7f3a: Welcome back, Ada Lovelace';

interface ProviderCase {
  provider: FakeLlmProvider;
  model: string;
  /** Where the JSON schema sits in the provider's own wire format. */
  wireSchema: (body: unknown) => unknown;
  /** Dollars for 10,000 input tokens (4,000 from cache) and 2,000 output tokens at the model's published price. */
  expectedDollars: number;
}

const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);

const CASES: ProviderCase[] = [
  {
    provider: 'openai-chat',
    model: 'gpt-4.1-mini',
    wireSchema: (body) => at(body, 'response_format', 'json_schema', 'schema'),
    // 6,000 × $0.40 + 4,000 × $0.10 + 2,000 × $1.60 per 1M
    expectedDollars: 0.006,
  },
  {
    provider: 'openai-responses',
    model: 'gpt-5-mini-2025-08-07',
    wireSchema: (body) => at(body, 'text', 'format', 'schema'),
    // 6,000 × $0.25 + 4,000 × $0.025 + 2,000 × $2 per 1M
    expectedDollars: 0.0056,
  },
  {
    provider: 'anthropic',
    model: 'claude-haiku-4-5-20251001',
    wireSchema: (body) => at(body, 'output_config', 'format', 'schema'),
    // 6,000 × $1 + 4,000 × $0.10 + 2,000 × $5 per 1M
    expectedDollars: 0.0164,
  },
];

describe.each(CASES)('generateStructured over $provider', ({ provider, model, ...expected }) => {
  let server: FakeLlmServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function run(
    script: FakeLlmScript,
    options: Partial<GenerateStructuredOptions<typeof agentStepSchema>> = {},
  ) {
    server = await startFakeLlmServer({ provider, script });
    const delays: number[] = [];
    const recordingSleep: Sleep = (ms) => {
      delays.push(ms);
      return Promise.resolve();
    };
    const promise = generateStructured({
      model: createLanguageModel(server.llmConfig(model)),
      schema: agentStepSchema,
      schemaName: 'agent_step',
      system: 'You are a browser test agent.',
      messages: [{ role: 'user', content: PAGE_TEXT }],
      sleep: recordingSleep,
      random: () => 0.5,
      ...options,
    });
    return { server, promise, delays };
  }

  it('sends the JSON schema in the wire format and returns the validated object', async () => {
    const { server, promise } = await run([{ json: VALID_STEP }]);
    const result = await promise;
    expect(result.object).toEqual(VALID_STEP);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['success']);
    expect(result.model.modelId).toBe(model);

    const request = server.requests[0];
    expect(request?.structuredOutput.mode).toBe('json_schema');
    expect(expected.wireSchema(request?.body)).toMatchObject({
      type: 'object',
      required: ['evaluation_previous_goal', 'memory', 'next_goal', 'actions'],
      properties: { actions: { type: 'array' } },
    });
    expect(request?.text).toContain(PAGE_TEXT);
    expect(request?.text).toContain('You are a browser test agent.');
  });

  it('turns the usage the provider reports into the cost of the model', async () => {
    const { promise } = await run([
      {
        json: VALID_STEP,
        usage: { inputTokens: 10_000, outputTokens: 2_000, cachedInputTokens: 4_000 },
      },
    ]);
    const result = await promise;
    expect(result.usage).toMatchObject({
      inputTokens: 10_000,
      outputTokens: 2_000,
      cachedInputTokens: 4_000,
    });
    const cost = computeCost({ ...result.model, ...result.usage });
    expect(cost.priceKnown).toBe(true);
    expect(cost.modelType).toBe(model);
    expect(cost.inputTokens).toBe(10_000);
    expect(cost.completionTokens).toBe(2_000);
    expect(cost.costInDollars).toBeCloseTo(expected.expectedDollars, 10);
    expect(cost.costPerToken).toBeCloseTo(expected.expectedDollars / 12_000, 12);
  });

  it('feeds invalid output back to the model with the validation error, then accepts the fix', async () => {
    const { server, promise } = await run([
      'Sure! Here is the JSON you asked for.',
      { json: { ...VALID_STEP, actions: [] } },
      { json: VALID_STEP, usage: { inputTokens: 300, outputTokens: 40 } },
    ]);
    const result = await promise;
    expect(result.object).toEqual(VALID_STEP);
    expect(result.attempts.map((a) => a.outcome)).toEqual([
      'invalid-output',
      'invalid-output',
      'success',
    ]);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[1]?.text).toContain('Sure! Here is the JSON you asked for.');
    expect(server.requests[1]?.text).toContain('the reply is not valid JSON');
    expect(server.requests[2]?.text).toMatch(
      /actions: Too small: expected array to have >=1 items/,
    );
    // Every attempt is billed, the rejected ones too.
    const total = result.attempts.reduce((sum, a) => sum + a.usage.outputTokens, 0);
    expect(result.usage.outputTokens).toBe(total);
    expect(result.usage.inputTokens).toBeGreaterThan(300);
  });

  it('fails with LLM_INVALID_OUTPUT naming the issues once validation retries are spent', async () => {
    const wrong = { ...VALID_STEP, memory: 42 };
    const { server, promise } = await run([{ json: wrong }, { json: wrong }], {
      maxValidationRetries: 1,
    });
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ code: 'LLM_INVALID_OUTPUT' });
    expect((error as LlmError).message).toContain('memory: Invalid input: expected string');
    expect((error as LlmError).attempts).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  it('waits as long as Retry-After asks on 429, then succeeds', async () => {
    const { server, promise, delays } = await run([
      { status: 429, retryAfter: 2 },
      { json: VALID_STEP },
    ]);
    const result = await promise;
    expect(result.object).toEqual(VALID_STEP);
    expect(delays).toEqual([2_000]);
    expect(result.attempts[0]).toMatchObject({
      outcome: 'provider-error',
      code: 'LLM_RATE_LIMITED',
      statusCode: 429,
      retryDelayMs: 2_000,
    });
    expect(server.requests).toHaveLength(2);
  });

  it('caps a Retry-After longer than the maximum delay', async () => {
    const { promise, delays } = await run(
      [{ status: 429, retryAfter: 3_600 }, { json: VALID_STEP }],
      {
        retry: { maxDelayMs: 5_000 },
      },
    );
    await promise;
    expect(delays).toEqual([5_000]);
  });

  it('reports LLM_UNAVAILABLE after 500s exhaust the retries, with backoff between them', async () => {
    const { server, promise, delays } = await run(
      [{ status: 500 }, { status: 500 }, { status: 500 }, { json: VALID_STEP }],
      { retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 10_000 } },
    );
    const error = await promise.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LLM_UNAVAILABLE', statusCode: 500 });
    expect((error as LlmError).attempts).toHaveLength(3);
    expect((error as LlmError).message).toContain('after 3 attempts');
    expect(server.requests).toHaveLength(3);
    // Exponential with equal jitter at random 0.5: 75% of 100 ms, then of 200 ms.
    expect(delays).toEqual([75, 150]);
  });

  it('reports LLM_TIMEOUT when every call runs past its timeout', async () => {
    const { server, promise } = await run([{ delayMs: 30_000 }, { delayMs: 30_000 }], {
      timeoutMs: 150,
      retry: { maxRetries: 1 },
    });
    const error = await promise.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LLM_TIMEOUT' });
    expect((error as LlmError).attempts.map((a: AttemptLog) => a.code)).toEqual([
      'LLM_TIMEOUT',
      'LLM_TIMEOUT',
    ]);
    expect(server.requests).toHaveLength(2);
  });

  it('cancels an in-flight request at once with LLM_CANCELLED', { timeout: 10_000 }, async () => {
    const controller = new AbortController();
    const { server, promise } = await run([{ hang: true }], {
      signal: controller.signal,
      timeoutMs: 600_000,
    });
    await server.waitForRequests(1);
    controller.abort();
    await expect(promise).rejects.toMatchObject({ code: 'LLM_CANCELLED' });
    expect(server.requests).toHaveLength(1);
  });

  it('cancels a backoff sleep at once with LLM_CANCELLED', { timeout: 10_000 }, async () => {
    const controller = new AbortController();
    const { server, promise } = await run([{ status: 503 }, { json: VALID_STEP }], {
      signal: controller.signal,
      // The real sleep, ten minutes long: only cancellation can end this test in time.
      sleep: undefined,
      retry: { maxRetries: 3, baseDelayMs: 600_000, maxDelayMs: 600_000 },
      onAttempt: (attempt) => {
        if (attempt.retryDelayMs !== undefined) setTimeout(() => controller.abort(), 20);
      },
    });
    const error = await promise.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LLM_CANCELLED' });
    expect((error as LlmError).attempts).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 401 and reports LLM_AUTH_FAILED', async () => {
    const { server, promise, delays } = await run([
      { status: 401, message: 'Incorrect API key provided' },
      { json: VALID_STEP },
    ]);
    const error = await promise.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LLM_AUTH_FAILED', statusCode: 401 });
    expect((error as LlmError).message).toContain('Incorrect API key provided');
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('does not retry 400 or 404', async () => {
    for (const [status, code] of [
      [400, 'LLM_BAD_REQUEST'],
      [404, 'LLM_MODEL_NOT_FOUND'],
    ] as const) {
      const { server, promise } = await run([{ status }, { json: VALID_STEP }]);
      await expect(promise).rejects.toMatchObject({ code, statusCode: status });
      expect(server.requests).toHaveLength(1);
      await server.close();
    }
  });

  it('never carries the prompt in an error, its message or its cause', async () => {
    const { promise } = await run([{ status: 400, message: 'bad schema' }]);
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(inspect(error, { depth: 10 })).not.toContain('PAGE-TEXT-7f3a');
    expect(JSON.stringify(error)).not.toContain('PAGE-TEXT-7f3a');
  });
});
