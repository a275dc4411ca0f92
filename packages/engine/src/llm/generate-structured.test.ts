import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createMockLanguageModel,
  type FakeLlmScript,
  type FakeLlmServer,
  type MockReply,
  startFakeLlmServer,
} from '../testing.ts';
import { createLanguageModel } from './create-language-model.ts';
import { generateStructured, type GenerateStructuredOptions } from './generate-structured.ts';
import { type AttemptLog, type LlmError } from './llm-error.ts';
import { createUsageMeter } from './usage-meter.ts';

const schema = z.object({ goal: z.string(), done: z.boolean().default(false) });
const REPLY = { goal: 'open the cart' };
const instantSleep = () => Promise.resolve();

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Options = Partial<GenerateStructuredOptions<typeof schema>>;

async function overHttp(script: FakeLlmScript, options: Options = {}) {
  server = await startFakeLlmServer({ provider: 'openai-chat', script });
  return generateStructured({
    model: createLanguageModel(server.llmConfig()),
    schema,
    messages: [{ role: 'user', content: 'next step?' }],
    sleep: instantSleep,
    ...options,
  });
}

function withMock(replies: MockReply[], options: Options = {}) {
  const model = createMockLanguageModel({ replies, modelId: 'gpt-4.1', provider: 'openai.chat' });
  const promise = generateStructured({
    model,
    schema,
    messages: [{ role: 'user', content: 'next step?' }],
    sleep: instantSleep,
    ...options,
  });
  return { model, promise };
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as LlmError,
  );

describe('generateStructured: provider errors', () => {
  it.each([
    [402, undefined, 'LLM_QUOTA_EXCEEDED', 1],
    [429, 'insufficient_quota', 'LLM_QUOTA_EXCEEDED', 1],
    [403, undefined, 'LLM_AUTH_FAILED', 1],
    [413, undefined, 'LLM_BAD_REQUEST', 1],
    [422, undefined, 'LLM_BAD_REQUEST', 1],
    [408, undefined, 'LLM_UNAVAILABLE', 3],
    [409, undefined, 'LLM_UNAVAILABLE', 3],
    [502, undefined, 'LLM_UNAVAILABLE', 3],
    [529, undefined, 'LLM_UNAVAILABLE', 3],
  ] as const)(
    'HTTP %i (%s) is %s after %i request(s)',
    async (status, code, expected, requests) => {
      const error = await failureOf(
        overHttp(
          [
            { status, code },
            { status, code },
            { status, code },
          ],
          { retry: { maxRetries: 2 } },
        ),
      );
      expect(error).toMatchObject({ code: expected, statusCode: status });
      expect(server?.requests).toHaveLength(requests);
    },
  );

  it("honours OpenAI's retry-after-ms header", async () => {
    const delays: number[] = [];
    const result = await overHttp([{ status: 429, retryAfterMs: 1_250 }, { json: REPLY }], {
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });
    expect(result.object).toEqual({ goal: 'open the cart', done: false });
    expect(delays).toEqual([1_250]);
  });

  it('retries a server that cannot be reached, then reports LLM_UNAVAILABLE', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const error = await failureOf(
      generateStructured({
        model: createLanguageModel({
          provider: 'openai',
          model: 'gpt-4.1',
          apiKey: 'k',
          baseURL: `http://127.0.0.1:${port}/v1`,
        }),
        schema,
        messages: [{ role: 'user', content: 'hi' }],
        retry: { maxRetries: 1 },
        sleep: instantSleep,
      }),
    );
    expect(error.code).toBe('LLM_UNAVAILABLE');
    expect(error.message).toContain(`could not reach http://127.0.0.1:${port}`);
    expect(error.attempts).toHaveLength(2);
  });

  it('stops retrying when the next wait would pass the deadline', async () => {
    let now = 1_000_000;
    const error = await failureOf(
      overHttp([{ status: 500 }, { status: 500 }, { json: REPLY }], {
        clock: () => now,
        random: () => 0.5,
        sleep: (ms) => {
          now += ms;
          return Promise.resolve();
        },
        deadline: 1_000_000 + 5_000,
        retry: { maxRetries: 5, baseDelayMs: 4_000, maxDelayMs: 60_000 },
      }),
    );
    // First wait 3 s fits; the second (6 s) would not.
    expect(error.code).toBe('LLM_UNAVAILABLE');
    expect(error.attempts.map((a) => a.retryDelayMs)).toEqual([3_000, undefined]);
    expect(server?.requests).toHaveLength(2);
  });

  it('makes no request once the deadline has passed', async () => {
    const error = await failureOf(overHttp([{ json: REPLY }], { deadline: Date.now() - 1 }));
    expect(error.code).toBe('LLM_TIMEOUT');
    expect(server?.requests).toHaveLength(0);
  });

  it('makes no request when the signal has already aborted', async () => {
    const error = await failureOf(overHttp([{ json: REPLY }], { signal: AbortSignal.abort() }));
    expect(error.code).toBe('LLM_CANCELLED');
    expect(server?.requests).toHaveLength(0);
  });

  it('cuts a backoff short on abort even when the injected sleep ignores the signal', async () => {
    const controller = new AbortController();
    const error = await failureOf(
      overHttp([{ status: 500 }, { json: REPLY }], {
        signal: controller.signal,
        sleep: () => {
          controller.abort();
          return new Promise(() => {});
        },
      }),
    );
    expect(error.code).toBe('LLM_CANCELLED');
  });
});

describe('generateStructured: model output', () => {
  it('returns the object as the schema parses it, defaults applied', async () => {
    const { promise } = withMock([{ json: REPLY }]);
    expect((await promise).object).toEqual({ goal: 'open the cart', done: false });
  });

  it('tells the model when its reply was empty', async () => {
    const { model, promise } = withMock(['', { json: REPLY }]);
    await promise;
    expect(JSON.stringify(model.doGenerateCalls[1]?.prompt)).toContain('the reply was empty');
  });

  it('treats a refusal without output as an invalid reply', async () => {
    const { promise } = withMock([{ text: '', finishReason: 'content-filter' }, { json: REPLY }]);
    const result = await promise;
    expect(result.attempts[0]).toMatchObject({
      outcome: 'invalid-output',
      message: 'the reply was empty (finish reason: content-filter)',
    });
  });

  it('tells the model when its reply was cut off at the token limit', async () => {
    const { model, promise } = withMock([
      { text: '{"goal": "open the', finishReason: 'length' },
      { json: REPLY },
    ]);
    const result = await promise;
    expect(result.attempts[0]?.message).toContain('cut off at the output token limit');
    expect(JSON.stringify(model.doGenerateCalls[1]?.prompt)).toContain('cut off');
  });

  it('gives up at the first invalid reply when validation retries are 0', async () => {
    const { promise } = withMock([{ json: { goal: 7 } }, { json: REPLY }], {
      maxValidationRetries: 0,
    });
    const error = await failureOf(promise);
    expect(error.code).toBe('LLM_INVALID_OUTPUT');
    expect(error.message).toBe(
      "the model's reply did not match the expected format after 1 attempt: " +
        'goal: Invalid input: expected string, received number',
    );
  });

  it('meters the tokens of failed attempts even when the call fails', async () => {
    const meter = createUsageMeter();
    const bad = { json: { goal: 1 }, usage: { inputTokens: 100, outputTokens: 10 } };
    const { promise } = withMock([bad, bad], { meter, maxValidationRetries: 1 });
    const error = await failureOf(promise);
    expect(error.usage).toMatchObject({ inputTokens: 200, outputTokens: 20 });
    expect(meter.byModel()).toEqual([
      expect.objectContaining({
        provider: 'openai.chat',
        modelId: 'gpt-4.1',
        calls: 2,
        inputTokens: 200,
      }),
    ]);
  });

  it('reports every attempt as it ends', async () => {
    const seen: AttemptLog[] = [];
    const { promise } = withMock(['nope', { json: REPLY }], { onAttempt: (a) => seen.push(a) });
    const result = await promise;
    expect(seen.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'invalid-output'],
      [2, 'success'],
    ]);
    expect(result.attempts).toEqual(seen);
  });

  it('cancels a hanging model call through its abort signal', { timeout: 10_000 }, async () => {
    const controller = new AbortController();
    const { promise } = withMock([{ hang: true }], { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    expect((await failureOf(promise)).code).toBe('LLM_CANCELLED');
  });

  it('echoes at most 8,000 characters of a runaway invalid reply', async () => {
    const { model, promise } = withMock(['x'.repeat(50_000), { json: REPLY }]);
    await promise;
    const echoed = model.doGenerateCalls[1]?.prompt.find((m) => m.role === 'assistant');
    expect(JSON.stringify(echoed).length).toBeLessThan(8_200);
  });
});
