// The worker's options: one zod schema the entry points (CLI `serve`, `worker`, `run`) validate once at start-up.
import { hostname } from 'node:os';
import { LLM_PROVIDERS, priceTableSchema } from '@retrace/engine';
import { z } from 'zod';

const wsUrl = z.url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// URL' });
const cdpUrl = z.url({
  protocol: /^(https?|wss?)$/,
  error: 'must be an http(s):// or ws(s):// URL of a CDP endpoint',
});
const headersSchema = z.record(z.string(), z.string()).optional();

/** A browser somewhere else: a Playwright server (`npx playwright run-server`) or a Chromium CDP endpoint. */
export const remoteBrowserSchema = z.discriminatedUnion(
  'protocol',
  [
    z
      .object({ protocol: z.literal('playwright'), wsEndpoint: wsUrl, headers: headersSchema })
      .strict(),
    z.object({ protocol: z.literal('cdp'), endpointURL: cdpUrl, headers: headersSchema }).strict(),
  ],
  {
    error: 'protocol must be "playwright" (a Playwright server) or "cdp" (a Chromium CDP endpoint)',
  },
);

export const workerBrowserSchema = z
  .object({
    /** Local Chromium; found in the usual places when absent. */
    executablePath: z.string().min(1).optional(),
    /** Connect to this browser instead of launching one (every browser config then runs there). */
    remote: remoteBrowserSchema.optional(),
    /** Per-browser endpoints, taking precedence over `remote`: Firefox and WebKit need a Playwright server. */
    remoteByBrowser: z
      .object({
        chromium: remoteBrowserSchema.optional(),
        firefox: remoteBrowserSchema.optional(),
        webkit: remoteBrowserSchema.optional(),
      })
      .strict()
      .optional(),
    /** More Chromium arguments for a local launch (after the fixed sandbox-free, quiet set; feature lists are merged). */
    extraArgs: z.array(z.string()).max(50).optional(),
    launchTimeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
  })
  .strict();

const apiKey = z.string().trim().min(1);

/** The model used when a test config names none, the keys of each provider, and price overrides. */
export const workerLlmSchema = z
  .object({
    defaults: z
      .object({
        provider: z.enum(LLM_PROVIDERS),
        model: z.string().trim().min(1),
        baseURL: z.url({ protocol: /^https?$/ }).optional(),
      })
      .strict()
      .optional(),
    /** Keys by provider (never logged, never sent anywhere but to that provider). */
    apiKeys: z
      .object({
        openai: apiKey.optional(),
        anthropic: apiKey.optional(),
        'openai-compatible': apiKey.optional(),
      })
      .strict()
      .default({}),
    /** USD per 1M tokens by model id (or id prefix), on top of the published price table. */
    prices: priceTableSchema.default({}),
    /** Send a screenshot with each page state to the model. */
    vision: z.boolean().default(false),
  })
  .strict();

export const workerOptionsSchema = z
  .object({
    /**
     * Names this worker process in runs and logs (e.g. `host-1234`); must differ between processes. A random
     * suffix is added per start, so a restarted worker never mistakes its predecessor's runs for its own.
     */
    workerId: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .regex(/^[A-Za-z0-9_.:@-]+$/, 'letters, digits and _ . : @ - only')
      .default(() => `${hostname().replace(/[^A-Za-z0-9_.-]/g, '-')}-${process.pid}`),
    /** Runs this process executes at once (each in its own browser context of one shared browser). */
    concurrency: z.number().int().min(1).max(64).default(2),
    browser: workerBrowserSchema.default({ launchTimeoutMs: 30_000 }),
    llm: workerLlmSchema.optional(),
    /** A run's time limit when its test config has none. */
    runTimeoutMs: z.number().int().min(1_000).max(86_400_000).default(600_000),
    /** Folder file-upload actions may read from; uploads are refused without it. */
    uploadDir: z.string().min(1).optional(),
    /** Attempts a run gets for infrastructure failures (each retry is a new run of the same batch). */
    maxRunAttempts: z.number().int().min(1).max(10).default(3),
    /** Delay before a retry attempt starts. */
    retryDelaySeconds: z.number().int().min(0).max(3_600).default(5),
    /** How often a running run confirms it is alive and checks for a cancel request. */
    heartbeatIntervalMs: z.number().int().min(100).max(60_000).default(2_000),
    /** A RUNNING run without a heartbeat for this long is recovered by any worker's sweeper. */
    staleRunAfterSeconds: z.number().int().min(5).max(3_600).default(30),
    sweepIntervalSeconds: z.number().int().min(1).max(600).default(10),
    /** Fallback poll for new jobs (NOTIFY wakes workers sooner); the queue's default when absent. */
    pollingIntervalSeconds: z.number().min(0.5).max(60).optional(),
    /**
     * When a run's GIF is rendered. `failures` (default): a failed run renders it as it ends; a passed run's GIF
     * is rendered by the API the first time someone opens it (about 0.1 s of CPU per frame saved on every run
     * nobody looks at). `always`: every run renders it as it ends.
     */
    runGif: z.enum(['failures', 'always']).default('failures'),
    /** How long a graceful stop waits for running runs before it fails them for a retry elsewhere. */
    shutdownTimeoutMs: z.number().int().min(0).max(3_600_000).default(30_000),
  })
  .strict()
  .refine((o) => o.heartbeatIntervalMs * 3 <= o.staleRunAfterSeconds * 1000, {
    message: 'staleRunAfterSeconds must be at least three heartbeat intervals',
    path: ['staleRunAfterSeconds'],
  });

export type WorkerOptionsInput = z.input<typeof workerOptionsSchema>;
export type WorkerOptions = z.output<typeof workerOptionsSchema>;
export type WorkerBrowserOptions = z.output<typeof workerBrowserSchema>;
export type WorkerLlmOptions = z.output<typeof workerLlmSchema>;
export type RemoteBrowserOptions = z.output<typeof remoteBrowserSchema>;

export class WorkerConfigError extends Error {
  readonly code = 'WORKER_CONFIG_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkerConfigError';
  }
}

/** Validates the options; the message names every bad key and never echoes a value (keys could be one). */
export function parseWorkerOptions(input: WorkerOptionsInput): WorkerOptions {
  const parsed = workerOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.map(String).join('.') || 'options'}: ${issue.message}`)
    .join('; ');
  throw new WorkerConfigError(`invalid worker options: ${problems}`, { cause: parsed.error });
}
