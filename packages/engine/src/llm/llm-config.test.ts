import { describe, expect, it } from 'vitest';
import { llmConfigSchema, parseLlmConfig } from './llm-config.ts';
import { LlmError } from './llm-error.ts';

function configError(input: unknown): LlmError {
  try {
    parseLlmConfig(input);
  } catch (error) {
    if (error instanceof LlmError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('parseLlmConfig', () => {
  it('applies defaults: the Responses API for OpenAI, schema outputs for compatible servers', () => {
    expect(parseLlmConfig({ provider: 'openai', model: 'gpt-5-mini', apiKey: 'sk-1' })).toEqual({
      provider: 'openai',
      model: 'gpt-5-mini',
      apiKey: 'sk-1',
      api: 'responses',
    });
    expect(
      parseLlmConfig({
        provider: 'openai-compatible',
        model: 'qwen2.5',
        baseURL: 'http://127.0.0.1:1234/v1',
      }),
    ).toEqual({
      provider: 'openai-compatible',
      model: 'qwen2.5',
      baseURL: 'http://127.0.0.1:1234/v1',
      name: 'openai-compatible',
      jsonMode: false,
    });
  });

  it('names the missing OpenAI key and the alternative', () => {
    const error = configError({ provider: 'openai', model: 'gpt-4.1' });
    expect(error.code).toBe('LLM_CONFIG_INVALID');
    expect(error.message).toBe(
      'invalid LLM configuration: apiKey: OpenAI needs an API key: set OPENAI_API_KEY, ' +
        'or choose provider openai-compatible with a base URL',
    );
  });

  it('treats a blank key, as an empty environment variable gives, as missing', () => {
    expect(
      configError({ provider: 'anthropic', model: 'claude-opus-4-5', apiKey: '  ' }).message,
    ).toContain('Anthropic needs an API key: set ANTHROPIC_API_KEY');
  });

  it('requires a base URL for an openai-compatible server', () => {
    expect(configError({ provider: 'openai-compatible', model: 'llama3.1' }).message).toContain(
      'baseURL: an openai-compatible provider needs its base URL',
    );
    expect(
      configError({ provider: 'openai-compatible', model: 'llama3.1', baseURL: 'ftp://x' }).message,
    ).toContain('baseURL:');
  });

  it('refuses an unknown provider and a missing model', () => {
    expect(configError({ provider: 'gemini', model: 'x' }).message).toContain(
      'provider must be one of openai, anthropic, openai-compatible',
    );
    expect(configError({ provider: 'openai', apiKey: 'sk-1' }).message).toContain(
      'model: set the model id',
    );
    expect(configError(undefined).code).toBe('LLM_CONFIG_INVALID');
  });

  it('refuses an openai-compatible name that would be billed as OpenAI or Anthropic', () => {
    const input = { provider: 'openai-compatible', model: 'm', baseURL: 'http://127.0.0.1:1/v1' };
    expect(configError({ ...input, name: 'openai' }).message).toContain('reserved');
    expect(configError({ ...input, name: 'Bad Name' }).message).toContain('name:');
  });

  it('lists every problem at once', () => {
    const error = configError({ provider: 'openai', model: '', baseURL: 'not a url' });
    expect(error.message).toContain('model:');
    expect(error.message).toContain('apiKey:');
    expect(error.message).toContain('baseURL:');
  });

  it('never echoes the API key in its error', () => {
    const error = configError({
      provider: 'openai',
      model: 'gpt-4.1',
      apiKey: 'sk-live-SECRET-1234',
      baseURL: 'sk-live-SECRET-1234',
    });
    expect(error.message).not.toContain('SECRET');
    expect(JSON.stringify(error.cause)).not.toContain('SECRET');
  });

  it('is a zod schema entry points can compose into their own config', () => {
    const result = llmConfigSchema.safeParse({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      apiKey: 'k',
    });
    expect(result.success).toBe(true);
  });
});
