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
import { generateStructured } from './generate-structured.ts';
import { type LlmConfigInput } from './llm-config.ts';
import { withConfiguredPrices } from './model-prices.ts';

const answerSchema = z.object({ answer: z.string(), confidence: z.number() });
const ANSWER = { answer: 'Paris', confidence: 0.9 };

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(provider: FakeLlmProvider, script: FakeLlmScript) {
  server = await startFakeLlmServer({ provider, script });
  return server;
}

function ask(config: LlmConfigInput, schema: z.ZodType = answerSchema) {
  return generateStructured({
    model: createLanguageModel(config),
    schema,
    messages: [{ role: 'user', content: 'What is the capital of France?' }],
  });
}

describe('createLanguageModel', () => {
  it('picks the API and provider id from the configuration', () => {
    const key = { apiKey: 'k' };
    expect(createLanguageModel({ provider: 'openai', model: 'gpt-4.1', ...key }).provider).toBe(
      'openai.responses',
    );
    expect(
      createLanguageModel({ provider: 'openai', model: 'gpt-4.1', api: 'chat', ...key }).provider,
    ).toBe('openai.chat');
    expect(
      createLanguageModel({ provider: 'anthropic', model: 'claude-opus-4-5', ...key }),
    ).toMatchObject({
      provider: 'anthropic.messages',
      modelId: 'claude-opus-4-5',
    });
    expect(
      createLanguageModel({
        provider: 'openai-compatible',
        name: 'ollama',
        model: 'llama3.1:8b',
        baseURL: 'http://127.0.0.1:11434/v1',
      }),
    ).toMatchObject({ provider: 'ollama.chat', modelId: 'llama3.1:8b' });
  });

  it('throws LLM_CONFIG_INVALID before any request when the configuration is incomplete', () => {
    expect(() =>
      createLanguageModel({ provider: 'openai', model: 'gpt-4.1' } as LlmConfigInput),
    ).toThrow(expect.objectContaining({ code: 'LLM_CONFIG_INVALID' }));
  });

  it('asks OpenAI for strict JSON schema only when every field is required', async () => {
    for (const provider of ['openai-chat', 'openai-responses'] as const) {
      const fake = await start(provider, [{ json: ANSWER }, { json: { answer: 'Paris' } }]);
      await ask(fake.llmConfig());
      await ask(
        fake.llmConfig(),
        z.object({ answer: z.string(), confidence: z.number().optional() }),
      );
      expect(fake.requests.map((r) => r.structuredOutput.strict)).toEqual([true, false]);
      await fake.close();
    }
  });

  it('asks OpenAI not to store prompts, which hold the pages under test', async () => {
    const fake = await start('openai-responses', [{ json: ANSWER }]);
    await ask(fake.llmConfig());
    expect(fake.requests[0]?.body).toMatchObject({ store: false });
  });

  it("uses Anthropic's JSON tool for models without native structured outputs", async () => {
    const fake = await start('anthropic', [{ json: ANSWER }]);
    const result = await ask(fake.llmConfig('claude-sonnet-4-20250514'));
    expect(result.object).toEqual(ANSWER);
    const request = fake.requests[0];
    expect(request?.structuredOutput).toMatchObject({
      mode: 'tool',
      schema: { type: 'object', required: ['answer', 'confidence'] },
    });
    expect(request?.body).toMatchObject({ tool_choice: { type: 'any' } });
  });

  it('sends the API key the configuration holds, and no other', async () => {
    server = await startFakeLlmServer({
      provider: 'anthropic',
      script: [{ json: ANSWER }],
      apiKey: 'sk-ant-right',
    });
    await expect(ask({ ...server.llmConfig(), apiKey: 'sk-ant-wrong' })).rejects.toMatchObject({
      code: 'LLM_AUTH_FAILED',
    });
    const result = await ask(server.llmConfig());
    expect(result.object).toEqual(ANSWER);
    expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual([
      'sk-ant-wrong',
      'sk-ant-right',
    ]);
  });
});

describe('an openai-compatible server', () => {
  const compatible = (fake: FakeLlmServer, extra: Partial<LlmConfigInput> = {}): LlmConfigInput =>
    ({
      provider: 'openai-compatible',
      name: 'local',
      model: 'llama3.1:8b',
      baseURL: fake.baseURL,
      ...extra,
    }) as LlmConfigInput;

  it('gets the JSON schema as response_format and no Authorization header without a key', async () => {
    const fake = await start('openai-chat', [{ json: ANSWER }]);
    const result = await ask(compatible(fake));
    expect(result.object).toEqual(ANSWER);
    expect(result.model).toEqual({ provider: 'local.chat', modelId: 'llama3.1:8b' });
    expect(fake.requests[0]?.structuredOutput).toMatchObject({
      mode: 'json_schema',
      strict: true,
      schema: { required: ['answer', 'confidence'] },
    });
    expect(fake.requests[0]?.headers['authorization']).toBeUndefined();
  });

  it('in JSON mode gets json_object with the schema in the prompt instead', async () => {
    const fake = await start('openai-chat', [{ json: ANSWER }]);
    const result = await ask(compatible(fake, { jsonMode: true, apiKey: 'lm-studio' }));
    expect(result.object).toEqual(ANSWER);
    const request = fake.requests[0];
    expect(request?.structuredOutput.mode).toBe('json_object');
    expect(request?.text).toContain('Reply with one JSON object');
    expect(request?.text).toContain('"required":["answer","confidence"]');
    expect(request?.headers['authorization']).toBe('Bearer lm-studio');
  });

  it('accepts JSON wrapped in a Markdown fence, as local models often reply', async () => {
    const fake = await start('openai-chat', ['```json\n{"answer":"Paris","confidence":0.9}\n```']);
    const result = await ask(compatible(fake, { jsonMode: true }));
    expect(result.object).toEqual(ANSWER);
    expect(result.attempts).toHaveLength(1);
  });

  it('is free unless a price is configured, even for a model id OpenAI also uses', async () => {
    const fake = await start('openai-chat', [
      { json: ANSWER, usage: { inputTokens: 1_000_000, outputTokens: 500_000 } },
    ]);
    const result = await ask(compatible(fake, { model: 'gpt-4o' }));
    const usage = { ...result.model, ...result.usage };
    expect(computeCost(usage)).toMatchObject({ costInDollars: 0, priceKnown: true });
    const priced = withConfiguredPrices({
      'gpt-4o': { inputPerMillion: 0.2, outputPerMillion: 0.6 },
    });
    expect(computeCost(usage, priced).costInDollars).toBeCloseTo(0.5, 10);
  });
});
