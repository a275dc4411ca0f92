// A scripted in-process model (the AI SDK's MockLanguageModelV3) for tests that need no HTTP at all.
import {
  type LanguageModelV3CallOptions,
  type LanguageModelV3GenerateResult,
} from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { type FakeUsage } from './fake-llm-wire.ts';

/**
 * One scripted answer: a JSON value as structured output, raw text (malformed output), an error thrown by the
 * model (e.g. an `APICallError` with a status), or a call that hangs until its abort signal fires.
 */
export type MockReply =
  | string
  | { json: unknown; usage?: FakeUsage }
  | { text: string; usage?: FakeUsage; finishReason?: 'stop' | 'length' | 'content-filter' }
  | { error: unknown }
  | { hang: true };

export interface MockLanguageModelOptions {
  replies: readonly MockReply[] | ((call: LanguageModelV3CallOptions, index: number) => MockReply);
  modelId?: string;
  /** The AI SDK provider id; `openai.chat` or `anthropic.messages` make usage priced like those providers. */
  provider?: string;
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function hangUntilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    const abort = (): void => reject(signal?.reason as Error);
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** The mock's `doGenerateCalls` holds every call's options (prompt, response format) for assertions. */
export function createMockLanguageModel(options: MockLanguageModelOptions): MockLanguageModelV3 {
  const { replies } = options;
  const queue = typeof replies === 'function' ? undefined : [...replies];
  let calls = 0;
  return new MockLanguageModelV3({
    provider: options.provider ?? 'mock-provider',
    modelId: options.modelId ?? 'mock-model',
    doGenerate: async (call): Promise<LanguageModelV3GenerateResult> => {
      const index = calls;
      calls += 1;
      const reply = typeof replies === 'function' ? replies(call, index) : queue?.shift();
      if (reply === undefined) {
        throw new Error(`mock language model: the script has no reply left for call #${index + 1}`);
      }
      if (typeof reply === 'object' && 'error' in reply) throw reply.error;
      if (typeof reply === 'object' && 'hang' in reply) return hangUntilAborted(call.abortSignal);
      const text =
        typeof reply === 'string'
          ? reply
          : 'json' in reply
            ? JSON.stringify(reply.json)
            : reply.text;
      const usage = typeof reply === 'object' ? reply.usage : undefined;
      const inputTokens = usage?.inputTokens ?? estimateTokens(JSON.stringify(call.prompt));
      const cached = Math.min(usage?.cachedInputTokens ?? 0, inputTokens);
      const outputTokens = usage?.outputTokens ?? estimateTokens(text);
      const finish =
        typeof reply === 'object' && 'finishReason' in reply && reply.finishReason !== undefined
          ? reply.finishReason
          : 'stop';
      return {
        content: [{ type: 'text', text }],
        finishReason: { unified: finish, raw: finish },
        usage: {
          inputTokens: {
            total: inputTokens,
            noCache: inputTokens - cached,
            cacheRead: cached,
            cacheWrite: 0,
          },
          outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
        },
        warnings: [],
      };
    },
  });
}
