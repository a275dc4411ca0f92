// Turns whatever a provider call threw into a stable code, whether retrying can help, and a message without bodies.
import { APICallError } from '@ai-sdk/provider';
import { type LlmErrorCode } from './llm-error.ts';
import { parseRetryAfter } from './retry-delay.ts';

export interface ProviderFailure {
  code: LlmErrorCode;
  retryable: boolean;
  statusCode?: number;
  /** The server's Retry-After, when it sent one. */
  retryAfterMs?: number;
  /** Safe to log and show: the provider's own error message at most, never request or response bodies. */
  message: string;
}

export interface FailureContext {
  /** The caller's signal fired. */
  cancelled: boolean;
  /** Our per-call timeout fired. */
  timedOut: boolean;
  now: number;
}

const MAX_PROVIDER_MESSAGE = 300;

/** The provider's own words, on one line and bounded; an empty message becomes undefined. */
function providerMessage(error: Error): string | undefined {
  const text = error.message.replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > MAX_PROVIDER_MESSAGE ? `${text.slice(0, MAX_PROVIDER_MESSAGE)}…` : text;
}

/** Scheme, host and port only: a base URL may carry credentials or tokens in its user info or query. */
function originOf(url: string | undefined): string {
  if (url === undefined) return 'the LLM provider';
  try {
    return new URL(url).origin;
  } catch {
    return 'the LLM provider';
  }
}

/**
 * A copy of a provider error fit to keep as `cause`: the AI SDK's errors carry the whole request body (page text)
 * and the raw response, which must not reach logs when an error is printed with its cause chain.
 */
export function sanitizeCause(error: unknown): unknown {
  if (APICallError.isInstance(error)) {
    const copy = new Error(providerMessage(error) ?? 'provider call failed', {
      cause: error.cause instanceof Error ? sanitizeCause(error.cause) : undefined,
    });
    copy.name = error.name;
    return Object.assign(copy, {
      statusCode: error.statusCode,
      url: originOf(error.url),
      isRetryable: error.isRetryable,
    });
  }
  return error;
}

function isAbortLike(error: unknown): boolean {
  return (
    (error instanceof Error || error instanceof DOMException) &&
    (error.name === 'AbortError' || error.name === 'TimeoutError')
  );
}

function classifyStatus(error: APICallError, status: number, now: number): ProviderFailure {
  const said = providerMessage(error);
  const detail = said === undefined ? '' : `: ${said}`;
  const where = originOf(error.url);
  if (status === 429) {
    // OpenAI answers 429 when the account is out of credit; waiting will not fix that.
    if (error.responseBody?.includes('insufficient_quota') === true) {
      return {
        code: 'LLM_QUOTA_EXCEEDED',
        retryable: false,
        statusCode: status,
        message: `the LLM account at ${where} has no quota left (HTTP 429)${detail}`,
      };
    }
    return {
      code: 'LLM_RATE_LIMITED',
      retryable: true,
      statusCode: status,
      retryAfterMs: parseRetryAfter(error.responseHeaders, now),
      message: `rate limited by ${where} (HTTP 429)${detail}`,
    };
  }
  if (status === 401 || status === 403) {
    return {
      code: 'LLM_AUTH_FAILED',
      retryable: false,
      statusCode: status,
      message: `${where} refused the API key (HTTP ${status})${detail}`,
    };
  }
  if (status === 402) {
    return {
      code: 'LLM_QUOTA_EXCEEDED',
      retryable: false,
      statusCode: status,
      message: `the LLM account at ${where} has no credit left (HTTP 402)${detail}`,
    };
  }
  if (status === 404) {
    return {
      code: 'LLM_MODEL_NOT_FOUND',
      retryable: false,
      statusCode: status,
      message: `${where} does not know this model or endpoint (HTTP 404)${detail}`,
    };
  }
  if (status === 408 || status === 409 || status >= 500) {
    return {
      code: 'LLM_UNAVAILABLE',
      retryable: true,
      statusCode: status,
      retryAfterMs: parseRetryAfter(error.responseHeaders, now),
      message: `${where} failed (HTTP ${status})${detail}`,
    };
  }
  if (status >= 400) {
    return {
      code: 'LLM_BAD_REQUEST',
      retryable: false,
      statusCode: status,
      message: `${where} rejected the request (HTTP ${status})${detail}`,
    };
  }
  // A success status whose body the SDK could not read: the provider glitched (or a proxy mangled it).
  return {
    code: 'LLM_UNAVAILABLE',
    retryable: true,
    statusCode: status,
    message: `${where} sent a response that could not be read (HTTP ${status})`,
  };
}

export function classifyProviderError(error: unknown, context: FailureContext): ProviderFailure {
  if (context.cancelled) {
    return { code: 'LLM_CANCELLED', retryable: false, message: 'the LLM call was cancelled' };
  }
  if (context.timedOut) {
    return { code: 'LLM_TIMEOUT', retryable: true, message: 'the LLM call timed out' };
  }
  if (APICallError.isInstance(error)) {
    if (error.statusCode !== undefined) return classifyStatus(error, error.statusCode, context.now);
    const cause = error.cause instanceof Error ? providerMessage(error.cause) : undefined;
    return {
      code: 'LLM_UNAVAILABLE',
      retryable: true,
      message: `could not reach ${originOf(error.url)}${cause === undefined ? '' : `: ${cause}`}`,
    };
  }
  if (isAbortLike(error)) {
    // An abort we did not cause: the connection was torn down under us.
    return { code: 'LLM_UNAVAILABLE', retryable: true, message: 'the LLM call was aborted' };
  }
  if (error instanceof TypeError && /fetch failed|failed to fetch/i.test(error.message)) {
    return {
      code: 'LLM_UNAVAILABLE',
      retryable: true,
      message: 'could not reach the LLM provider',
    };
  }
  // Anything else is the SDK refusing our arguments (a bug on our side); retrying the same call cannot help.
  const said = error instanceof Error ? providerMessage(error) : undefined;
  return {
    code: 'LLM_BAD_REQUEST',
    retryable: false,
    message: `the LLM call could not be made${said === undefined ? '' : `: ${said}`}`,
  };
}
