// Every setting the CLI reads: its config-file key, flag, environment variables, type, default and help text.
import { z } from 'zod';

/** How a raw value (a flag's or variable's text, or a config file's value) becomes a typed one. */
export type SettingKind = 'string' | 'int' | 'bool' | 'list' | 'duration';

export interface SettingDef {
  /** The key in retrace.config.* (and the name in messages). */
  key: string;
  kind: SettingKind;
  /** Commander flag, e.g. `--port <port>`; absent for settings read from the environment only. */
  flag?: string;
  /** Variables read in order; the first one set wins. */
  env?: readonly string[];
  describe: string;
  /** Validates the typed value. */
  schema: z.ZodType;
  /** Never printed: `retrace config` shows it as set/unset, errors never echo it. */
  secret?: boolean;
  /** Refused in a config file, which tends to be committed: secrets belong in the environment. */
  envOnly?: boolean;
  default?: unknown;
  /** Shown in help when the default is computed. */
  defaultText?: string;
  /** A valid example, for error messages ("write e.g. …"). */
  example: string;
}

const port = z.number().int().min(0).max(65_535);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const names = z.array(nonEmpty).max(200);
const durationMs = z
  .number()
  .int()
  .min(1_000, 'must be at least 1s')
  .max(7 * 86_400_000, 'must be at most 7 days');

function def(setting: SettingDef): SettingDef {
  return setting;
}

export const SETTINGS = {
  dataDir: def({
    key: 'dataDir',
    kind: 'string',
    flag: '--data-dir <dir>',
    env: ['RETRACE_DATA_DIR'],
    describe: 'data directory: embedded database, artifacts, secret key, local API key',
    schema: nonEmpty,
    default: '.retrace',
    example: '.retrace',
  }),
  databaseUrl: def({
    key: 'databaseUrl',
    kind: 'string',
    flag: '--database-url <url>',
    env: ['DATABASE_URL'],
    describe: 'PostgreSQL server (Supabase works) instead of the embedded database',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL'),
    secret: true,
    envOnly: true,
    example: 'postgres://user:password@db.example.com:5432/retrace',
  }),
  port: def({
    key: 'port',
    kind: 'int',
    flag: '--port <port>',
    env: ['RETRACE_PORT'],
    describe: 'HTTP port of the API and dashboard (0 picks a free one)',
    schema: port,
    default: 4700,
    example: '4700',
  }),
  host: def({
    key: 'host',
    kind: 'string',
    flag: '--host <address>',
    env: ['RETRACE_HOST'],
    describe: 'address to listen on; 0.0.0.0 exposes the server to the network',
    schema: nonEmpty,
    default: '127.0.0.1',
    example: '127.0.0.1',
  }),
  publicUrl: def({
    key: 'publicUrl',
    kind: 'string',
    flag: '--public-url <url>',
    env: ['RETRACE_PUBLIC_URL'],
    describe: 'URL users reach the dashboard at (links in reports)',
    schema: httpUrl,
    defaultText: 'http://<host>:<port>',
    example: 'https://retrace.example.com',
  }),
  concurrency: def({
    key: 'concurrency',
    kind: 'int',
    flag: '--concurrency <n>',
    env: ['RETRACE_CONCURRENCY'],
    describe: 'runs executed at once by this process',
    schema: z.number().int().min(1).max(64),
    default: 2,
    example: '2',
  }),
  runTimeout: def({
    key: 'runTimeout',
    kind: 'duration',
    flag: '--run-timeout <duration>',
    env: ['RETRACE_RUN_TIMEOUT'],
    describe: "one run's time limit when its test config sets none",
    schema: durationMs,
    default: 600_000,
    defaultText: '10m',
    example: '10m',
  }),
  runGif: def({
    key: 'runGif',
    kind: 'string',
    flag: '--run-gif <when>',
    env: ['RETRACE_RUN_GIF'],
    describe:
      'failures: failed runs render their GIF as they end, passed runs when first opened; always: every run as it ends',
    schema: z.enum(['failures', 'always'], { error: 'must be failures or always' }),
    default: 'failures',
    example: 'failures',
  }),
  chromiumPath: def({
    key: 'chromiumPath',
    kind: 'string',
    flag: '--chromium-path <file>',
    env: ['RETRACE_CHROMIUM_PATH'],
    describe: 'Chromium or Chrome executable (found in the usual places when absent)',
    schema: nonEmpty,
    example: '/usr/bin/chromium',
  }),
  browserWsEndpoint: def({
    key: 'browserWsEndpoint',
    kind: 'string',
    flag: '--browser-ws-endpoint <url>',
    env: ['RETRACE_BROWSER_WS_ENDPOINT'],
    describe: 'remote Playwright browser server to run in instead of a local Chromium',
    schema: z.url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// URL' }),
    example: 'ws://browsers.internal:3000/',
  }),
  browserCdpEndpoint: def({
    key: 'browserCdpEndpoint',
    kind: 'string',
    flag: '--browser-cdp-endpoint <url>',
    env: ['RETRACE_BROWSER_CDP_ENDPOINT'],
    describe: 'remote Chromium DevTools (CDP) endpoint to run in',
    schema: z.url({ protocol: /^(https?|wss?)$/, error: 'must be an http(s):// or ws(s):// URL' }),
    example: 'http://127.0.0.1:9222',
  }),
  llmProvider: def({
    key: 'llmProvider',
    kind: 'string',
    flag: '--llm-provider <provider>',
    env: ['RETRACE_LLM_PROVIDER'],
    describe:
      'openai, anthropic or openai-compatible (guessed from the keys and base URL when absent)',
    schema: z.enum(['openai', 'anthropic', 'openai-compatible'], {
      error: 'must be openai, anthropic or openai-compatible',
    }),
    example: 'openai',
  }),
  llmModel: def({
    key: 'llmModel',
    kind: 'string',
    flag: '--llm-model <model>',
    env: ['RETRACE_LLM_MODEL'],
    describe: 'model for agentic runs and repair (gpt-4.1-mini / claude-sonnet-4-5 by default)',
    schema: nonEmpty,
    example: 'gpt-4.1-mini',
  }),
  llmBaseUrl: def({
    key: 'llmBaseUrl',
    kind: 'string',
    flag: '--llm-base-url <url>',
    env: ['RETRACE_LLM_BASE_URL'],
    describe: 'OpenAI-compatible server (Ollama, vLLM, a gateway)',
    schema: httpUrl,
    example: 'http://127.0.0.1:11434/v1',
  }),
  openaiApiKey: def({
    key: 'openaiApiKey',
    kind: 'string',
    env: ['OPENAI_API_KEY'],
    describe: 'OpenAI API key',
    schema: nonEmpty,
    secret: true,
    envOnly: true,
    example: 'sk-…',
  }),
  anthropicApiKey: def({
    key: 'anthropicApiKey',
    kind: 'string',
    env: ['ANTHROPIC_API_KEY'],
    describe: 'Anthropic API key',
    schema: nonEmpty,
    secret: true,
    envOnly: true,
    example: 'sk-ant-…',
  }),
  llmApiKey: def({
    key: 'llmApiKey',
    kind: 'string',
    env: ['RETRACE_LLM_API_KEY'],
    describe: 'API key of the OpenAI-compatible server, if it needs one',
    schema: nonEmpty,
    secret: true,
    envOnly: true,
    example: 'token-…',
  }),
  secretKey: def({
    key: 'secretKey',
    kind: 'list',
    env: ['RETRACE_SECRET_KEY'],
    describe:
      'base64 32-byte key(s) encrypting project secrets, comma-separated (first encrypts); default: <data-dir>/secret.key',
    schema: z.array(nonEmpty).min(1).max(10),
    secret: true,
    envOnly: true,
    example: '$(openssl rand -base64 32)',
  }),
  signingKey: def({
    key: 'signingKey',
    kind: 'string',
    env: ['RETRACE_SIGNING_KEY'],
    describe:
      'key (32+ characters) signing artifact URLs; give every server process the same one; default: <data-dir>/signing.key',
    schema: z.string().min(32, 'must be at least 32 characters'),
    secret: true,
    envOnly: true,
    example: '$(openssl rand -hex 32)',
  }),
  s3Bucket: def({
    key: 's3Bucket',
    kind: 'string',
    env: ['RETRACE_S3_BUCKET'],
    describe: 'store artifacts in this S3-compatible bucket instead of <data-dir>/artifacts',
    schema: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
    example: 'retrace-artifacts',
  }),
  s3Endpoint: def({
    key: 's3Endpoint',
    kind: 'string',
    env: ['RETRACE_S3_ENDPOINT'],
    describe: 'S3 endpoint (MinIO, Supabase Storage, R2); AWS when absent',
    schema: httpUrl,
    example: 'http://127.0.0.1:9000',
  }),
  s3Region: def({
    key: 's3Region',
    kind: 'string',
    env: ['RETRACE_S3_REGION', 'AWS_REGION'],
    describe: 'S3 region',
    schema: nonEmpty,
    default: 'us-east-1',
    example: 'eu-central-1',
  }),
  s3AccessKeyId: def({
    key: 's3AccessKeyId',
    kind: 'string',
    env: ['RETRACE_S3_ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID'],
    describe: 'S3 access key id',
    schema: nonEmpty,
    secret: true,
    envOnly: true,
    example: 'AKIA…',
  }),
  s3SecretAccessKey: def({
    key: 's3SecretAccessKey',
    kind: 'string',
    env: ['RETRACE_S3_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY'],
    describe: 'S3 secret access key',
    schema: nonEmpty,
    secret: true,
    envOnly: true,
    example: '…',
  }),
  s3ForcePathStyle: def({
    key: 's3ForcePathStyle',
    kind: 'bool',
    env: ['RETRACE_S3_FORCE_PATH_STYLE'],
    describe: 'path-style bucket URLs (MinIO needs them)',
    schema: z.boolean(),
    example: 'true',
  }),
  s3Prefix: def({
    key: 's3Prefix',
    kind: 'string',
    env: ['RETRACE_S3_PREFIX'],
    describe: 'key prefix inside the bucket',
    schema: z.string().regex(/^[a-z0-9_/.-]*$/, 'lower-case [a-z0-9/_.-] only'),
    example: 'retrace/',
  }),
  supabaseUrl: def({
    key: 'supabaseUrl',
    kind: 'string',
    env: ['SUPABASE_URL'],
    describe: 'Supabase project URL: users sign in to the dashboard with Supabase Auth',
    schema: httpUrl,
    example: 'https://abcd.supabase.co',
  }),
  supabaseJwtSecret: def({
    key: 'supabaseJwtSecret',
    kind: 'string',
    env: ['SUPABASE_JWT_SECRET'],
    describe: "the Supabase project's JWT secret (HS256 tokens)",
    schema: z.string().min(32, 'must be at least 32 characters'),
    secret: true,
    envOnly: true,
    example: '…',
  }),
  supabaseJwksUrl: def({
    key: 'supabaseJwksUrl',
    kind: 'string',
    env: ['SUPABASE_JWKS_URL'],
    describe:
      'JWKS URL for asymmetric Supabase tokens; default <SUPABASE_URL>/auth/v1/.well-known/jwks.json',
    schema: httpUrl,
    example: 'https://abcd.supabase.co/auth/v1/.well-known/jwks.json',
  }),
  supabaseAnonKey: def({
    key: 'supabaseAnonKey',
    kind: 'string',
    env: ['SUPABASE_ANON_KEY'],
    describe: 'the public (anon) key, given to the dashboard',
    schema: nonEmpty,
    example: 'eyJ…',
  }),
  supabaseAudience: def({
    key: 'supabaseAudience',
    kind: 'string',
    env: ['SUPABASE_JWT_AUDIENCE'],
    describe: 'expected token audience',
    schema: nonEmpty,
    default: 'authenticated',
    example: 'authenticated',
  }),
  localMode: def({
    key: 'localMode',
    kind: 'bool',
    env: ['RETRACE_LOCAL_MODE'],
    describe: 'create the local admin and its API key in the data directory',
    schema: z.boolean(),
    default: true,
    example: 'true',
  }),
  responseCache: def({
    key: 'responseCache',
    kind: 'bool',
    env: ['RETRACE_RESPONSE_CACHE'],
    describe:
      'serve repeated run lists and run details from memory until the database notifies a change (needs LISTEN)',
    schema: z.boolean(),
    default: true,
    example: 'false',
  }),
  server: def({
    key: 'server',
    kind: 'string',
    flag: '--server <url>',
    env: ['RETRACE_SERVER'],
    describe: 'a running Retrace server to work with instead of the local data directory',
    schema: httpUrl,
    example: 'https://retrace.example.com',
  }),
  apiKey: def({
    key: 'apiKey',
    kind: 'string',
    flag: '--api-key <key>',
    env: ['RETRACE_API_KEY'],
    describe: 'API key for --server (create one in the dashboard)',
    schema: nonEmpty,
    secret: true,
    envOnly: true,
    example: '"$RETRACE_API_KEY"',
  }),
  org: def({
    key: 'org',
    kind: 'string',
    flag: '--org <id-or-name>',
    env: ['RETRACE_ORG'],
    describe: 'organization, when the credentials reach several',
    schema: nonEmpty,
    example: 'Acme QA',
  }),
  project: def({
    key: 'project',
    kind: 'string',
    flag: '--project <id-or-name>',
    env: ['RETRACE_PROJECT'],
    describe: 'project (needed when there are several)',
    schema: nonEmpty,
    example: 'Storefront',
  }),
  tags: def({
    key: 'tags',
    kind: 'list',
    flag: '--tag <name>',
    env: ['RETRACE_TAGS'],
    describe: 'only test cases with this tag (repeatable; any of them)',
    schema: names,
    example: 'smoke',
  }),
  tests: def({
    key: 'tests',
    kind: 'list',
    flag: '--test <id-or-name>',
    env: ['RETRACE_TESTS'],
    describe: 'only this test case (repeatable)',
    schema: names,
    example: 'tc_123',
  }),
  demo: def({
    key: 'demo',
    kind: 'bool',
    flag: '--demo',
    env: ['RETRACE_DEMO'],
    describe: 'the bundled demo project (its shop is served on loopback)',
    schema: z.boolean(),
    default: false,
    example: 'true',
  }),
  demoVariant: def({
    key: 'demoVariant',
    kind: 'string',
    flag: '--demo-variant <variant>',
    env: ['RETRACE_DEMO_VARIANT'],
    describe: 'healthy, or broken (a shop with a real bug: cart totals ignore quantities)',
    schema: z.enum(['healthy', 'broken'], { error: 'must be healthy or broken' }),
    default: 'healthy',
    example: 'broken',
  }),
  mode: def({
    key: 'mode',
    kind: 'string',
    flag: '--mode <mode>',
    env: ['RETRACE_MODE'],
    describe: 'auto (replay when recorded, else agentic), agentic, or replay',
    schema: z.enum(['auto', 'agentic', 'replay'], { error: 'must be auto, agentic or replay' }),
    default: 'auto',
    example: 'replay',
  }),
  browserConfigs: def({
    key: 'browserConfigs',
    kind: 'list',
    flag: '--browser-config <id-or-name>',
    env: ['RETRACE_BROWSER_CONFIGS'],
    describe: "run on this browser config instead of each test case's own (repeatable)",
    schema: names,
    example: 'Desktop Chromium 1280×720',
  }),
  reporter: def({
    key: 'reporter',
    kind: 'string',
    flag: '--reporter <reporter>',
    env: ['RETRACE_REPORTER'],
    describe: 'line (human), json, or junit (CI test reports)',
    schema: z.enum(['line', 'json', 'junit'], { error: 'must be line, json or junit' }),
    default: 'line',
    example: 'junit',
  }),
  output: def({
    key: 'output',
    kind: 'string',
    flag: '--output <file>',
    env: ['RETRACE_OUTPUT'],
    describe: 'write the report to this file (the terminal then gets the line summary)',
    schema: nonEmpty,
    example: 'results.xml',
  }),
  timeout: def({
    key: 'timeout',
    kind: 'duration',
    flag: '--timeout <duration>',
    env: ['RETRACE_TIMEOUT'],
    describe: 'give up on (and cancel) runs not finished by then',
    schema: durationMs,
    default: 1_800_000,
    defaultText: '30m',
    example: '15m',
  }),
} as const satisfies Record<string, SettingDef>;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** Settings of the local stack (database, artifacts, secrets, browser, model) shared by several commands. */
export const STACK_SETTINGS = [
  'dataDir',
  'databaseUrl',
  'secretKey',
  's3Bucket',
  's3Endpoint',
  's3Region',
  's3AccessKeyId',
  's3SecretAccessKey',
  's3ForcePathStyle',
  's3Prefix',
] as const satisfies readonly SettingKey[];

export const WORKER_SETTINGS = [
  'concurrency',
  'runTimeout',
  'runGif',
  'chromiumPath',
  'browserWsEndpoint',
  'browserCdpEndpoint',
  'llmProvider',
  'llmModel',
  'llmBaseUrl',
  'openaiApiKey',
  'anthropicApiKey',
  'llmApiKey',
] as const satisfies readonly SettingKey[];

export const SERVER_SETTINGS = [
  'port',
  'host',
  'publicUrl',
  'signingKey',
  'supabaseUrl',
  'supabaseJwtSecret',
  'supabaseJwksUrl',
  'supabaseAnonKey',
  'supabaseAudience',
  'localMode',
  'responseCache',
] as const satisfies readonly SettingKey[];

export const REMOTE_SETTINGS = ['server', 'apiKey', 'org'] as const satisfies readonly SettingKey[];
