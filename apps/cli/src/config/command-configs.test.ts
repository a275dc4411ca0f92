import { describe, expect, it } from 'vitest';
import { buildServerConfig, buildStackConfig, buildWorkerConfig } from './command-configs.ts';
import { resolveSettings } from './resolve-settings.ts';
import { SETTING_KEYS } from './settings.ts';

const resolve = (env: Record<string, string>, flags: Record<string, unknown> = {}) =>
  resolveSettings(SETTING_KEYS, { env, flags, file: null });

describe('the model settings', () => {
  it('guess the provider from the key that is set, with a default model', () => {
    expect(buildWorkerConfig(resolve({ OPENAI_API_KEY: 'sk-1' })).llm).toEqual({
      provider: 'openai',
      model: 'gpt-4.1-mini',
      apiKeys: { openai: 'sk-1' },
    });
    expect(buildWorkerConfig(resolve({ ANTHROPIC_API_KEY: 'sk-ant' })).llm?.provider).toBe(
      'anthropic',
    );
    expect(buildWorkerConfig(resolve({})).llm).toBeNull();
  });

  it('take an OpenAI-compatible server from its URL, and want its model named', () => {
    expect(
      buildWorkerConfig(
        resolve({
          RETRACE_LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
          RETRACE_LLM_MODEL: 'llama3.1',
        }),
      ).llm,
    ).toEqual({
      provider: 'openai-compatible',
      model: 'llama3.1',
      baseURL: 'http://127.0.0.1:11434/v1',
      apiKeys: {},
    });
    expect(() =>
      buildWorkerConfig(resolve({ RETRACE_LLM_BASE_URL: 'http://127.0.0.1:11434/v1' })),
    ).toThrow(/needs the model name: set --llm-model/);
  });

  it('refuse a provider without its key, naming the variable to set', () => {
    expect(() => buildWorkerConfig(resolve({ RETRACE_LLM_PROVIDER: 'anthropic' }))).toThrow(
      /llmProvider is anthropic \(environment variable RETRACE_LLM_PROVIDER\): set ANTHROPIC_API_KEY/,
    );
  });
});

describe('the stack settings', () => {
  it('use the embedded database and local artifacts in the data directory by default', () => {
    const config = buildStackConfig(resolve({}), '/work');
    expect(config).toEqual({
      dataDir: '/work/.retrace',
      database: { kind: 'pglite', dataDir: '/work/.retrace/db' },
      artifacts: { kind: 'local', dir: '/work/.retrace/artifacts' },
      secretKeys: null,
    });
  });

  it('use a server database and an S3 bucket when configured, and want S3 credentials with a bucket', () => {
    const config = buildStackConfig(
      resolve({
        DATABASE_URL: 'postgres://u:p@db:5432/retrace',
        RETRACE_S3_BUCKET: 'retrace-artifacts',
        AWS_ACCESS_KEY_ID: 'AKIA1',
        AWS_SECRET_ACCESS_KEY: 'shh',
        RETRACE_S3_FORCE_PATH_STYLE: 'true',
        RETRACE_SECRET_KEY: 'a,b',
      }),
      '/work',
    );
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/retrace' });
    expect(config.artifacts).toMatchObject({
      kind: 's3',
      bucket: 'retrace-artifacts',
      region: 'us-east-1',
      forcePathStyle: true,
    });
    expect(config.secretKeys).toEqual(['a', 'b']);
    expect(() =>
      buildStackConfig(resolve({ RETRACE_S3_BUCKET: 'retrace-artifacts' }), '/work'),
    ).toThrow(/set RETRACE_S3_ACCESS_KEY_ID and RETRACE_S3_SECRET_ACCESS_KEY/);
  });
});

describe('the server settings', () => {
  it('verify Supabase tokens against the project when SUPABASE_URL is set', () => {
    const config = buildServerConfig(
      resolve(
        { SUPABASE_URL: 'https://abcd.supabase.co/', SUPABASE_ANON_KEY: 'anon' },
        { port: '8080' },
      ),
    );
    expect(config.publicUrl).toBe('http://127.0.0.1:8080');
    expect(config.auth).toEqual({
      localMode: true,
      supabase: {
        jwksUrl: 'https://abcd.supabase.co/auth/v1/.well-known/jwks.json',
        issuer: 'https://abcd.supabase.co/auth/v1',
        audience: 'authenticated',
        projectUrl: 'https://abcd.supabase.co',
        anonKey: 'anon',
      },
    });
  });

  it('refuse to start with no way to sign in', () => {
    expect(() => buildServerConfig(resolve({ RETRACE_LOCAL_MODE: 'false' }))).toThrow(
      /nobody could sign in/,
    );
  });
});
