// Errors of the LLM layer: one class with a stable code, a message safe to show users, the cause and the attempt log.
import { type TokenUsage } from './token-usage.ts';

export const LLM_ERROR_CODES = [
  /** The LLM configuration is missing a piece or holds an invalid value. */
  'LLM_CONFIG_INVALID',
  /** The model kept answering with output that is not JSON or does not match the schema. */
  'LLM_INVALID_OUTPUT',
  /** The provider kept answering 429 after every retry. */
  'LLM_RATE_LIMITED',
  /** The account has no credit or quota left (402, or 429 `insufficient_quota`): retrying cannot help. */
  'LLM_QUOTA_EXCEEDED',
  /** 5xx, network errors or broken responses after every retry. */
  'LLM_UNAVAILABLE',
  /** Every attempt ran past its per-call timeout (or the overall deadline passed). */
  'LLM_TIMEOUT',
  /** The provider rejected the request (400, 413, 422…): retrying the same request cannot help. */
  'LLM_BAD_REQUEST',
  /** The API key is missing, wrong or lacks permission (401, 403). */
  'LLM_AUTH_FAILED',
  /** The provider does not know the model (404). */
  'LLM_MODEL_NOT_FOUND',
  /** The caller's AbortSignal fired. */
  'LLM_CANCELLED',
] as const;

export type LlmErrorCode = (typeof LLM_ERROR_CODES)[number];

/** What happened on one call to the model, for logs, run diagnostics and cost. Never holds prompt or output text. */
export interface AttemptLog {
  /** 1-based, across validation retries and provider retries. */
  attempt: number;
  outcome: 'success' | 'invalid-output' | 'provider-error';
  /** Set when `outcome` is 'provider-error'. */
  code?: LlmErrorCode;
  /** HTTP status of the provider's answer, when there was one. */
  statusCode?: number;
  /** Short description of what went wrong (no request or response bodies). */
  message?: string;
  /** Clock time (ms) when the attempt started. */
  startedAt: number;
  durationMs: number;
  /** Tokens the provider reported for this attempt (zero when it reported none). */
  usage: TokenUsage;
  /** How long the caller waited before the next attempt, when it retried. */
  retryDelayMs?: number;
}

export interface LlmErrorOptions {
  code: LlmErrorCode;
  message: string;
  cause?: unknown;
  attempts?: readonly AttemptLog[];
  statusCode?: number;
}

export class LlmError extends Error {
  readonly code: LlmErrorCode;
  readonly attempts: readonly AttemptLog[];
  readonly statusCode: number | undefined;

  constructor({ code, message, cause, attempts = [], statusCode }: LlmErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'LlmError';
    this.code = code;
    this.attempts = attempts;
    this.statusCode = statusCode;
  }

  /** Tokens reported across every attempt, failed ones included: they are billed too. */
  get usage(): TokenUsage {
    let inputTokens = 0;
    let outputTokens = 0;
    let cachedInputTokens = 0;
    let cacheWriteInputTokens = 0;
    for (const a of this.attempts) {
      inputTokens += a.usage.inputTokens;
      outputTokens += a.usage.outputTokens;
      cachedInputTokens += a.usage.cachedInputTokens;
      cacheWriteInputTokens += a.usage.cacheWriteInputTokens;
    }
    return { inputTokens, outputTokens, cachedInputTokens, cacheWriteInputTokens };
  }
}

export function isLlmError(error: unknown): error is LlmError {
  return error instanceof LlmError;
}
