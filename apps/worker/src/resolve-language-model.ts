// Picks the model a run may call: the test config's provider/model on top of the worker's defaults and keys.
import { type LlmConfigInput, LlmError, createLanguageModel } from '@retrace/engine';
import type { WorkerLlmOptions } from './worker-options.ts';

/** The LLM fields of a test config (all nullable: a project may configure none). */
export interface TestConfigLlm {
  llmProvider: 'openai' | 'anthropic' | 'openai-compatible' | null;
  llmModel: string | null;
  llmBaseUrl: string | null;
}

export type LanguageModel = ReturnType<typeof createLanguageModel>;
export type CreateLanguageModel = (config: LlmConfigInput) => LanguageModel;

export type ResolvedModel =
  | { kind: 'ready'; model: LanguageModel; label: string }
  /** Nothing configured: replay runs without repair, agentic runs are refused. */
  | { kind: 'none'; reason: string }
  /** Configured but unusable (a missing key, a bad URL): the message names the piece, never a key's value. */
  | { kind: 'invalid'; reason: string };

const HOW_TO_CONFIGURE =
  'set an LLM provider and model on the test config, or give the worker default LLM settings ' +
  '(e.g. OPENAI_API_KEY with a default model, or an OpenAI-compatible base URL)';

/** The configuration to build, or why there is none. Keys come from the worker, never from the database. */
export function chooseLlmConfig(
  testConfig: TestConfigLlm | null,
  llm: WorkerLlmOptions | undefined,
): LlmConfigInput | { none: string } {
  const defaults = llm?.defaults;
  const provider = testConfig?.llmProvider ?? defaults?.provider;
  if (provider === undefined)
    return { none: `no language model is configured: ${HOW_TO_CONFIGURE}` };
  const sameAsDefaults = defaults?.provider === provider;
  const model = testConfig?.llmModel ?? (sameAsDefaults ? defaults?.model : undefined);
  if (model === undefined) {
    return { none: `the test config names the ${provider} provider but no model: set its model` };
  }
  const baseURL = testConfig?.llmBaseUrl ?? (sameAsDefaults ? defaults?.baseURL : undefined);
  const apiKey = llm?.apiKeys[provider];
  // A missing key is left for createLanguageModel's validation, whose message names it (never its value).
  return {
    provider,
    model,
    ...(apiKey ? { apiKey } : {}),
    ...(baseURL ? { baseURL } : {}),
  } as LlmConfigInput;
}

export function resolveLanguageModel(
  testConfig: TestConfigLlm | null,
  llm: WorkerLlmOptions | undefined,
  create: CreateLanguageModel = createLanguageModel,
): ResolvedModel {
  const chosen = chooseLlmConfig(testConfig, llm);
  if ('none' in chosen) return { kind: 'none', reason: chosen.none };
  try {
    return { kind: 'ready', model: create(chosen), label: `${chosen.provider}/${chosen.model}` };
  } catch (error) {
    // LlmError messages list the missing or invalid fields and never echo a value.
    const reason =
      error instanceof LlmError ? error.message : 'the language model could not be created';
    return { kind: 'invalid', reason };
  }
}
