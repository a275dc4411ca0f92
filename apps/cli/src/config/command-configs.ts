// One validated config object per command, built from resolved settings, with the checks that span several settings.
import path from 'node:path';
import { z } from 'zod';
import { CliError } from '../cli-error.ts';
import { describeOrigin, flagName, type ResolvedSettings } from './resolve-settings.ts';
import { SETTINGS, type SettingKey } from './settings.ts';

export const DEFAULT_MODELS = {
  openai: 'gpt-4.1-mini',
  anthropic: 'claude-sonnet-4-5',
} as const;

const stackConfigSchema = z.object({
  dataDir: z.string(),
  database: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('pglite'), dataDir: z.string() }),
    z.object({ kind: z.literal('postgres'), url: z.string() }),
  ]),
  artifacts: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('local'), dir: z.string() }),
    z.object({
      kind: z.literal('s3'),
      bucket: z.string(),
      region: z.string(),
      accessKeyId: z.string(),
      secretAccessKey: z.string(),
      endpoint: z.string().optional(),
      forcePathStyle: z.boolean().optional(),
      prefix: z.string().optional(),
    }),
  ]),
  /** Base64 keys from RETRACE_SECRET_KEY; null = the key file in the data directory. */
  secretKeys: z.array(z.string()).nullable(),
});
export type StackConfig = z.infer<typeof stackConfigSchema>;

const llmSchema = z.object({
  provider: z.enum(['openai', 'anthropic', 'openai-compatible']),
  model: z.string(),
  baseURL: z.string().optional(),
  apiKeys: z.object({
    openai: z.string().optional(),
    anthropic: z.string().optional(),
    'openai-compatible': z.string().optional(),
  }),
});
export type LlmSettings = z.infer<typeof llmSchema>;

const workerConfigSchema = z.object({
  concurrency: z.number().int(),
  runTimeoutMs: z.number().int(),
  runGif: z.enum(['failures', 'always']),
  browser: z.object({
    executablePath: z.string().optional(),
    remote: z
      .discriminatedUnion('protocol', [
        z.object({ protocol: z.literal('playwright'), wsEndpoint: z.string() }),
        z.object({ protocol: z.literal('cdp'), endpointURL: z.string() }),
      ])
      .optional(),
  }),
  llm: llmSchema.nullable(),
});
export type WorkerConfig = z.infer<typeof workerConfigSchema>;

const serverConfigSchema = z.object({
  port: z.number().int(),
  host: z.string(),
  publicUrl: z.string(),
  signingKey: z.string().nullable(),
  responseCache: z.boolean(),
  auth: z.object({
    localMode: z.boolean(),
    supabase: z
      .object({
        jwtSecret: z.string().optional(),
        jwksUrl: z.string().optional(),
        issuer: z.string(),
        audience: z.string(),
        projectUrl: z.string().optional(),
        anonKey: z.string().optional(),
      })
      .optional(),
  }),
});
export type ServerConfig = z.infer<typeof serverConfigSchema>;

const remoteSchema = z.object({
  server: z.string(),
  apiKey: z.string(),
});
export type RemoteTarget = z.infer<typeof remoteSchema>;

const runConfigSchema = z.object({
  remote: remoteSchema.nullable(),
  org: z.string().nullable(),
  project: z.string().nullable(),
  tags: z.array(z.string()),
  tests: z.array(z.string()),
  demo: z.boolean(),
  demoVariant: z.enum(['healthy', 'broken']),
  mode: z.enum(['auto', 'agentic', 'replay']),
  browserConfigs: z.array(z.string()),
  reporter: z.enum(['line', 'json', 'junit']),
  output: z.string().nullable(),
  timeoutMs: z.number().int(),
});
export type RunConfig = z.infer<typeof runConfigSchema>;

type Values = ResolvedSettings['values'];

/** Reads a resolved value with the setting's type. */
function get<T>(resolved: ResolvedSettings, key: SettingKey): T | undefined {
  return resolved.values[key] as T | undefined;
}

function where(resolved: ResolvedSettings, key: SettingKey): string {
  const origin = resolved.origins[key];
  return origin ? describeOrigin(origin) : 'not set';
}

/** How a user sets a setting: its flag, else its first variable. */
function howToSet(key: SettingKey): string {
  const setting = SETTINGS[key];
  return flagName(setting) ?? setting.env?.[0] ?? key;
}

function fail(problems: string[]): never {
  throw new CliError(
    'CONFIG_INVALID',
    `invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
}

export function buildStackConfig(resolved: ResolvedSettings, cwd: string): StackConfig {
  const values: Values = resolved.values;
  const dataDir = path.resolve(cwd, (values.dataDir as string | undefined) ?? '.retrace');
  const problems: string[] = [];
  const databaseUrl = get<string>(resolved, 'databaseUrl');
  const bucket = get<string>(resolved, 's3Bucket');
  let artifacts: StackConfig['artifacts'] = { kind: 'local', dir: path.join(dataDir, 'artifacts') };
  if (bucket !== undefined) {
    const accessKeyId = get<string>(resolved, 's3AccessKeyId');
    const secretAccessKey = get<string>(resolved, 's3SecretAccessKey');
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      problems.push(
        `s3Bucket is set (${where(resolved, 's3Bucket')}) but the credentials are not: set RETRACE_S3_ACCESS_KEY_ID and RETRACE_S3_SECRET_ACCESS_KEY`,
      );
    } else {
      const endpoint = get<string>(resolved, 's3Endpoint');
      const forcePathStyle = get<boolean>(resolved, 's3ForcePathStyle');
      const prefix = get<string>(resolved, 's3Prefix');
      artifacts = {
        kind: 's3',
        bucket,
        region: get<string>(resolved, 's3Region') ?? 'us-east-1',
        accessKeyId,
        secretAccessKey,
        ...(endpoint === undefined ? {} : { endpoint }),
        ...(forcePathStyle === undefined ? {} : { forcePathStyle }),
        ...(prefix === undefined ? {} : { prefix }),
      };
    }
  }
  if (problems.length > 0) fail(problems);
  return stackConfigSchema.parse({
    dataDir,
    database:
      databaseUrl === undefined
        ? { kind: 'pglite', dataDir: path.join(dataDir, 'db') }
        : { kind: 'postgres', url: databaseUrl },
    artifacts,
    secretKeys: get<string[]>(resolved, 'secretKey') ?? null,
  });
}

/** `retrace worker` shares work through a PostgreSQL server; the embedded database is one process. */
export function requireServerDatabase(config: StackConfig): void {
  if (config.database.kind !== 'postgres') {
    throw new CliError(
      'USAGE',
      'a worker needs a PostgreSQL server shared with the API (set DATABASE_URL or --database-url): the embedded database is one process — use `retrace serve`, which runs a worker itself',
    );
  }
}

/** The model: an explicit provider, else guessed from a base URL or the key that is set. */
function buildLlm(resolved: ResolvedSettings, problems: string[]): LlmSettings | null {
  const explicit = get<LlmSettings['provider']>(resolved, 'llmProvider');
  const baseURL = get<string>(resolved, 'llmBaseUrl');
  const model = get<string>(resolved, 'llmModel');
  const apiKeys = {
    ...(get<string>(resolved, 'openaiApiKey')
      ? { openai: get<string>(resolved, 'openaiApiKey') }
      : {}),
    ...(get<string>(resolved, 'anthropicApiKey')
      ? { anthropic: get<string>(resolved, 'anthropicApiKey') }
      : {}),
    ...(get<string>(resolved, 'llmApiKey')
      ? { 'openai-compatible': get<string>(resolved, 'llmApiKey') }
      : {}),
  };
  const provider =
    explicit ??
    (baseURL !== undefined
      ? 'openai-compatible'
      : apiKeys.openai
        ? 'openai'
        : apiKeys.anthropic
          ? 'anthropic'
          : undefined);
  if (provider === undefined) {
    if (model !== undefined) {
      problems.push(
        `llmModel is set (${where(resolved, 'llmModel')}) but no model provider is: set OPENAI_API_KEY, ANTHROPIC_API_KEY, or RETRACE_LLM_BASE_URL for an OpenAI-compatible server`,
      );
    }
    return null;
  }
  if (provider === 'openai' && !apiKeys.openai) {
    problems.push(`llmProvider is openai (${where(resolved, 'llmProvider')}): set OPENAI_API_KEY`);
  }
  if (provider === 'anthropic' && !apiKeys.anthropic) {
    problems.push(
      `llmProvider is anthropic (${where(resolved, 'llmProvider')}): set ANTHROPIC_API_KEY`,
    );
  }
  if (provider === 'openai-compatible' && baseURL === undefined) {
    problems.push(
      `llmProvider is openai-compatible (${where(resolved, 'llmProvider')}): set its URL with ${howToSet('llmBaseUrl')}`,
    );
  }
  const chosenModel =
    model ?? (provider === 'openai-compatible' ? undefined : DEFAULT_MODELS[provider]);
  if (chosenModel === undefined) {
    problems.push(
      `an OpenAI-compatible server needs the model name: set ${howToSet('llmModel')} (e.g. llama3.1)`,
    );
    return null;
  }
  return { provider, model: chosenModel, ...(baseURL ? { baseURL } : {}), apiKeys };
}

export function buildWorkerConfig(resolved: ResolvedSettings): WorkerConfig {
  const problems: string[] = [];
  const ws = get<string>(resolved, 'browserWsEndpoint');
  const cdp = get<string>(resolved, 'browserCdpEndpoint');
  if (ws !== undefined && cdp !== undefined) {
    problems.push(
      `browserWsEndpoint (${where(resolved, 'browserWsEndpoint')}) and browserCdpEndpoint (${where(resolved, 'browserCdpEndpoint')}) are both set: keep one`,
    );
  }
  const llm = buildLlm(resolved, problems);
  if (problems.length > 0) fail(problems);
  const executablePath = get<string>(resolved, 'chromiumPath');
  return workerConfigSchema.parse({
    concurrency: get<number>(resolved, 'concurrency') ?? 2,
    runTimeoutMs: get<number>(resolved, 'runTimeout') ?? 600_000,
    runGif: get<string>(resolved, 'runGif') ?? 'failures',
    browser: {
      ...(executablePath === undefined ? {} : { executablePath }),
      ...(ws !== undefined
        ? { remote: { protocol: 'playwright', wsEndpoint: ws } }
        : cdp !== undefined
          ? { remote: { protocol: 'cdp', endpointURL: cdp } }
          : {}),
    },
    llm,
  });
}

export function buildServerConfig(resolved: ResolvedSettings): ServerConfig {
  const problems: string[] = [];
  const port = get<number>(resolved, 'port') ?? 4700;
  const host = get<string>(resolved, 'host') ?? '127.0.0.1';
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const supabaseUrl = get<string>(resolved, 'supabaseUrl');
  const jwtSecret = get<string>(resolved, 'supabaseJwtSecret');
  const jwksUrl = get<string>(resolved, 'supabaseJwksUrl');
  const anonKey = get<string>(resolved, 'supabaseAnonKey');
  let supabase: ServerConfig['auth']['supabase'];
  if (supabaseUrl !== undefined || jwtSecret !== undefined || jwksUrl !== undefined) {
    if (supabaseUrl === undefined) {
      problems.push(
        'Supabase token settings are given but SUPABASE_URL is not: set it to your project URL (https://<project>.supabase.co)',
      );
    } else {
      const base = supabaseUrl.replace(/\/+$/, '');
      supabase = {
        ...(jwtSecret ? { jwtSecret } : {}),
        // Without the HS256 secret, tokens are checked against the project's published signing keys.
        ...(jwksUrl || !jwtSecret
          ? { jwksUrl: jwksUrl ?? `${base}/auth/v1/.well-known/jwks.json` }
          : {}),
        issuer: `${base}/auth/v1`,
        audience: get<string>(resolved, 'supabaseAudience') ?? 'authenticated',
        projectUrl: base,
        ...(anonKey ? { anonKey } : {}),
      };
    }
  }
  const localMode = get<boolean>(resolved, 'localMode') ?? true;
  if (!localMode && supabase === undefined) {
    problems.push(
      'localMode is off and Supabase is not configured: nobody could sign in — set SUPABASE_URL (and SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL), or RETRACE_LOCAL_MODE=true',
    );
  }
  if (problems.length > 0) fail(problems);
  const publicUrl = get<string>(resolved, 'publicUrl') ?? `http://${urlHost}:${port}`;
  return serverConfigSchema.parse({
    port,
    host,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    signingKey: get<string>(resolved, 'signingKey') ?? null,
    responseCache: get<boolean>(resolved, 'responseCache') ?? true,
    auth: { localMode, ...(supabase ? { supabase } : {}) },
  });
}

export function buildRemoteTarget(resolved: ResolvedSettings): RemoteTarget | null {
  const server = get<string>(resolved, 'server');
  const apiKey = get<string>(resolved, 'apiKey');
  if (server === undefined && apiKey === undefined) return null;
  if (server === undefined) {
    fail([
      `apiKey is set (${where(resolved, 'apiKey')}) but no server is: add --server URL, or drop the key to use the local data directory`,
    ]);
  }
  if (apiKey === undefined) {
    fail([
      `server is set (${where(resolved, 'server')}) but no API key is: add --api-key KEY or set RETRACE_API_KEY`,
    ]);
  }
  return remoteSchema.parse({ server: server.replace(/\/+$/, ''), apiKey });
}

export function buildRunConfig(resolved: ResolvedSettings): RunConfig {
  const remote = buildRemoteTarget(resolved);
  const problems: string[] = [];
  const tags = get<string[]>(resolved, 'tags') ?? [];
  const tests = get<string[]>(resolved, 'tests') ?? [];
  const demo = get<boolean>(resolved, 'demo') ?? false;
  const project = get<string>(resolved, 'project') ?? null;
  if (tags.length > 0 && tests.length > 0) {
    problems.push('--tag and --test are both given: select by tags or by test cases, not both');
  }
  if (demo && project !== null) {
    problems.push(
      `--demo selects the demo project, and project is also set (${where(resolved, 'project')}): keep one`,
    );
  }
  if (problems.length > 0) fail(problems);
  return runConfigSchema.parse({
    remote,
    org: get<string>(resolved, 'org') ?? null,
    project,
    tags,
    tests,
    demo,
    demoVariant: get<string>(resolved, 'demoVariant') ?? 'healthy',
    mode: get<string>(resolved, 'mode') ?? 'auto',
    browserConfigs: get<string[]>(resolved, 'browserConfigs') ?? [],
    reporter: get<string>(resolved, 'reporter') ?? 'line',
    output: get<string>(resolved, 'output') ?? null,
    timeoutMs: get<number>(resolved, 'timeout') ?? 1_800_000,
  });
}
