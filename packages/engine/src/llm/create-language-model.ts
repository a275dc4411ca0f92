// Builds the AI SDK language model for a validated LLM configuration (OpenAI, Anthropic or any OpenAI-compatible server).
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { type LanguageModelV3 } from '@ai-sdk/provider';
import { extractJsonMiddleware, wrapLanguageModel } from 'ai';
import { jsonModeMiddleware } from './json-mode-middleware.ts';
import { parseLlmConfig, type LlmConfigInput } from './llm-config.ts';

/*
 * Defaults are passed explicitly because the provider packages otherwise fall back to OPENAI_BASE_URL /
 * ANTHROPIC_BASE_URL from the environment, and packages must not read the environment.
 */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com/v1';

/**
 * Returns the model to pass to `generateStructured`. The configuration is validated here (throws LlmError
 * LLM_CONFIG_INVALID); keys come from the caller, never from the environment.
 */
export function createLanguageModel(input: LlmConfigInput): LanguageModelV3 {
  const config = parseLlmConfig(input);
  switch (config.provider) {
    case 'openai': {
      const openai = createOpenAI({
        apiKey: config.apiKey,
        baseURL: config.baseURL ?? OPENAI_DEFAULT_BASE_URL,
        headers: config.headers,
      });
      return config.api === 'chat' ? openai.chat(config.model) : openai.responses(config.model);
    }
    case 'anthropic': {
      const anthropic = createAnthropic({
        apiKey: config.apiKey,
        baseURL: config.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL,
        headers: config.headers,
      });
      return anthropic.messages(config.model);
    }
    case 'openai-compatible': {
      const provider = createOpenAICompatible({
        name: config.name,
        baseURL: config.baseURL,
        apiKey: config.apiKey,
        headers: config.headers,
        supportsStructuredOutputs: !config.jsonMode,
      });
      // Local models often wrap JSON in a Markdown fence even when asked not to; unwrapping it saves a retry.
      const middleware = config.jsonMode
        ? [jsonModeMiddleware, extractJsonMiddleware()]
        : [extractJsonMiddleware()];
      return wrapLanguageModel({ model: provider.chatModel(config.model), middleware });
    }
  }
}
