import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { classifyProviderError, sanitizeCause } from './classify-provider-error.ts';

const context = { cancelled: false, timedOut: false, now: 0 };

function apiError(statusCode: number | undefined, responseBody?: string): APICallError {
  return new APICallError({
    message: 'provider said no',
    url: 'https://user:pass@llm.example.com/v1/chat/completions?token=abc',
    requestBodyValues: { messages: [{ role: 'user', content: 'PAGE TEXT' }] },
    statusCode,
    responseBody,
    responseHeaders: { 'retry-after': '4' },
  });
}

describe('classifyProviderError', () => {
  it('puts cancellation first, then our timeout, whatever the error says', () => {
    expect(classifyProviderError(apiError(500), { ...context, cancelled: true }).code).toBe(
      'LLM_CANCELLED',
    );
    expect(classifyProviderError(apiError(500), { ...context, timedOut: true })).toMatchObject({
      code: 'LLM_TIMEOUT',
      retryable: true,
    });
  });

  it('names the provider by origin only, never by credentials, path or query', () => {
    const failure = classifyProviderError(apiError(503), context);
    expect(failure).toMatchObject({
      code: 'LLM_UNAVAILABLE',
      retryable: true,
      retryAfterMs: 4_000,
    });
    expect(failure.message).toBe('https://llm.example.com failed (HTTP 503): provider said no');
  });

  it('tells an exhausted quota apart from a rate limit', () => {
    expect(
      classifyProviderError(apiError(429, '{"error":{"code":"insufficient_quota"}}'), context),
    ).toMatchObject({ code: 'LLM_QUOTA_EXCEEDED', retryable: false });
    expect(classifyProviderError(apiError(429, '{}'), context)).toMatchObject({
      code: 'LLM_RATE_LIMITED',
      retryable: true,
    });
  });

  it('retries network failures and unreadable success responses', () => {
    expect(classifyProviderError(apiError(undefined), context)).toMatchObject({
      code: 'LLM_UNAVAILABLE',
      retryable: true,
    });
    expect(classifyProviderError(apiError(200), context)).toMatchObject({
      code: 'LLM_UNAVAILABLE',
      retryable: true,
    });
    expect(classifyProviderError(new TypeError('fetch failed'), context).retryable).toBe(true);
  });

  it('does not retry an error the SDK raised before any request', () => {
    expect(classifyProviderError(new Error('invalid prompt'), context)).toMatchObject({
      code: 'LLM_BAD_REQUEST',
      retryable: false,
    });
  });
});

describe('sanitizeCause', () => {
  it('keeps the status and provider message but drops the request body and URL details', () => {
    const cause = sanitizeCause(apiError(400, '{"echo":"PAGE TEXT"}')) as Record<string, unknown>;
    expect(cause).toBeInstanceOf(Error);
    expect(cause).toMatchObject({ statusCode: 400, url: 'https://llm.example.com' });
    expect(JSON.stringify(cause)).not.toContain('PAGE TEXT');
    expect(JSON.stringify(cause)).not.toContain('pass');
  });

  it('leaves other errors as they are', () => {
    const error = new Error('x');
    expect(sanitizeCause(error)).toBe(error);
  });
});
