import { APICallError } from '@ai-sdk/provider';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLanguageModel } from '../create-language-model.ts';
import { generateStructured } from '../generate-structured.ts';
import { type FakeLlmServer, startFakeLlmServer } from './fake-llm-server.ts';
import { createMockLanguageModel } from './mock-language-model.ts';

const schema = z.object({ n: z.number() });

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startFakeLlmServer', () => {
  it('listens on 127.0.0.1 with a /v1 base URL and a config for the real provider package', async () => {
    server = await startFakeLlmServer({ provider: 'openai-responses', script: [] });
    expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(server.llmConfig('gpt-5')).toMatchObject({
      provider: 'openai',
      api: 'responses',
      model: 'gpt-5',
      baseURL: server.baseURL,
    });
  });

  it('answers a function script from the parsed request', async () => {
    server = await startFakeLlmServer({
      provider: 'anthropic',
      script: (request) => ({ json: { n: request.text.includes('two') ? 2 : 0 } }),
    });
    const model = createLanguageModel(server.llmConfig());
    const result = await generateStructured({
      model,
      schema,
      system: 'Count.',
      messages: [{ role: 'user', content: 'say two' }],
    });
    expect(result.object).toEqual({ n: 2 });
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/v1/messages', index: 0 });
    expect(server.requests[0]?.text).toContain('Count.');
    // Without scripted usage, tokens are estimated from the sizes: never zero.
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });

  it('says clearly when its script has run out', async () => {
    server = await startFakeLlmServer({ provider: 'openai-chat', script: [] });
    await expect(
      generateStructured({
        model: createLanguageModel(server.llmConfig()),
        schema,
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({
      code: 'LLM_BAD_REQUEST',
      message: expect.stringContaining('the script has no reply left for request #1') as string,
    });
  });

  it('answers 404 on the endpoint of another provider', async () => {
    server = await startFakeLlmServer({ provider: 'openai-chat', script: [{ json: { n: 1 } }] });
    const error = await generateStructured({
      model: createLanguageModel({
        provider: 'openai',
        api: 'responses',
        model: 'gpt-4.1-mini',
        apiKey: 'k',
        baseURL: server.baseURL,
      }),
      schema,
      messages: [{ role: 'user', content: 'x' }],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LLM_MODEL_NOT_FOUND' });
    expect((error as Error).message).toContain('no endpoint POST /v1/responses');
  });

  it('resolves waiters as requests arrive and closes despite a hanging request', async () => {
    server = await startFakeLlmServer({ provider: 'openai-chat', script: [{ hang: true }] });
    const pending = fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [] }),
    }).catch((error: unknown) => error);
    await server.waitForRequests(1);
    await server.waitForRequests(1);
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
    await server.close();
  });
});

describe('createMockLanguageModel', () => {
  it('answers from a function and throws scripted errors', async () => {
    const model = createMockLanguageModel({
      replies: (_call, index) =>
        index === 0
          ? {
              error: new APICallError({
                message: 'overloaded',
                url: 'http://127.0.0.1/v1/messages',
                requestBodyValues: {},
                statusCode: 529,
              }),
            }
          : { json: { n: index }, usage: { inputTokens: 5, outputTokens: 1 } },
    });
    const result = await generateStructured({
      model,
      schema,
      messages: [{ role: 'user', content: 'x' }],
      sleep: () => Promise.resolve(),
    });
    expect(result.object).toEqual({ n: 1 });
    expect(result.attempts.map((a) => a.code ?? a.outcome)).toEqual(['LLM_UNAVAILABLE', 'success']);
    expect(result.usage).toMatchObject({ inputTokens: 5, outputTokens: 1 });
    expect(model.doGenerateCalls[0]?.responseFormat).toMatchObject({ type: 'json' });
  });
});
