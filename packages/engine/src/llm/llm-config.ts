// Which model to call and how to reach it: one zod schema, validated once, with errors that name the missing piece.
import { z } from 'zod';
import { LlmError } from './llm-error.ts';

export const LLM_PROVIDERS = ['openai', 'anthropic', 'openai-compatible'] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

const modelSchema = z
  .string({ error: 'set the model id (for example gpt-4.1-mini or claude-sonnet-4-5)' })
  .trim()
  .min(1, 'set the model id (for example gpt-4.1-mini or claude-sonnet-4-5)');

const baseUrlSchema = z.url({
  protocol: /^https?$/,
  error: 'must be an http(s) URL such as http://127.0.0.1:11434/v1',
});

/** An API key that is absent, or blank as an unset environment variable often is, gets the same message. */
function apiKeySchema(missing: string) {
  return z.string({ error: missing }).trim().min(1, missing);
}

/** Extra HTTP headers for every request (proxies, gateways); never logged. */
const headersSchema = z.record(z.string(), z.string()).optional();

const openAiConfigSchema = z.object({
  provider: z.literal('openai'),
  model: modelSchema,
  apiKey: apiKeySchema(
    'OpenAI needs an API key: set OPENAI_API_KEY, or choose provider openai-compatible with a base URL',
  ),
  baseURL: baseUrlSchema.optional(),
  /** The Responses API is OpenAI's default; Chat Completions is what most proxies speak. */
  api: z.enum(['responses', 'chat']).default('responses'),
  headers: headersSchema,
});

const anthropicConfigSchema = z.object({
  provider: z.literal('anthropic'),
  model: modelSchema,
  apiKey: apiKeySchema(
    'Anthropic needs an API key: set ANTHROPIC_API_KEY, or choose provider openai-compatible with a base URL',
  ),
  baseURL: baseUrlSchema.optional(),
  headers: headersSchema,
});

const openAiCompatibleConfigSchema = z.object({
  provider: z.literal('openai-compatible'),
  model: modelSchema,
  baseURL: z.url({
    protocol: /^https?$/,
    error:
      'an openai-compatible provider needs its base URL, such as http://127.0.0.1:11434/v1 for Ollama',
  }),
  /** Local servers (Ollama, LM Studio) usually need none. */
  apiKey: z.string().trim().min(1).optional(),
  /**
   * Names the provider in logs and usage. `openai` and `anthropic` are refused: usage is priced by provider
   * name, and a self-hosted model must not be billed at OpenAI's or Anthropic's rates.
   */
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'use lower-case letters, digits, - and _ (at most 40)')
    .refine((name) => name !== 'openai' && name !== 'anthropic', {
      message: 'choose another name: openai and anthropic are reserved for those providers',
    })
    .default('openai-compatible'),
  /**
   * For servers without JSON-schema structured outputs: ask for `json_object` and put the schema in the
   * prompt instead of `response_format: json_schema`.
   */
  jsonMode: z.boolean().default(false),
  headers: headersSchema,
});

export const llmConfigSchema = z.discriminatedUnion(
  'provider',
  [openAiConfigSchema, anthropicConfigSchema, openAiCompatibleConfigSchema],
  { error: `provider must be one of ${LLM_PROVIDERS.join(', ')}` },
);

/** A validated configuration (defaults applied). */
export type LlmConfig = z.output<typeof llmConfigSchema>;
/** What entry points pass in, before defaults. */
export type LlmConfigInput = z.input<typeof llmConfigSchema>;

/** Formats zod issues as `path: message`, never echoing input values (an API key could be one). */
export function describeConfigIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

/** Validates an LLM configuration; throws LlmError LLM_CONFIG_INVALID naming every missing or invalid piece. */
export function parseLlmConfig(input: unknown): LlmConfig {
  const result = llmConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new LlmError({
    code: 'LLM_CONFIG_INVALID',
    message: `invalid LLM configuration: ${describeConfigIssues(result.error)}`,
    cause: result.error,
  });
}
