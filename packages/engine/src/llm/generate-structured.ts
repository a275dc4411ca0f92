// One structured model call made reliable: schema-checked output fed back when invalid, provider retries, cancellation.
import { type LanguageModelV3, type SharedV3ProviderOptions } from '@ai-sdk/provider';
import {
  generateText,
  type ModelMessage,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  Output,
  type OutputInterface,
  zodSchema,
} from 'ai';
import { type z } from 'zod';
import { classifyProviderError, sanitizeCause } from './classify-provider-error.ts';
import { describeInvalidOutput, validationFeedback } from './describe-invalid-output.ts';
import { type AttemptLog, LlmError } from './llm-error.ts';
import {
  computeRetryDelay,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  sleep as defaultSleep,
  type Sleep,
} from './retry-delay.ts';
import { isStrictJsonSchema } from './strict-json-schema.ts';
import { addTokenUsage, toTokenUsage, type TokenUsage, ZERO_USAGE } from './token-usage.ts';
import { type ModelRef, type UsageMeter } from './usage-meter.ts';

export const DEFAULT_LLM_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_VALIDATION_RETRIES = 2;
/** The model's invalid reply is echoed back so it can fix it; a runaway reply is cut to this many characters. */
const MAX_ECHOED_REPLY = 8_000;

export interface GenerateStructuredOptions<SCHEMA extends z.ZodType> {
  model: LanguageModelV3;
  schema: SCHEMA;
  /** Names the output for providers that take a name (`response_format.json_schema.name`). */
  schemaName?: string;
  schemaDescription?: string;
  system?: string;
  messages: ModelMessage[];
  signal?: AbortSignal;
  /** Limit of each model call; a call running past it is aborted and retried as LLM_TIMEOUT. */
  timeoutMs?: number;
  /** Clock time (ms) after which no call starts nor waits: the run's own deadline. */
  deadline?: number;
  /** Invalid replies fed back to the model before giving up with LLM_INVALID_OUTPUT. */
  maxValidationRetries?: number;
  retry?: Partial<RetryPolicy>;
  maxOutputTokens?: number;
  temperature?: number;
  /** Receives the usage of every attempt, failed ones included, so a run's cost is complete even when this throws. */
  meter?: UsageMeter;
  /** Called after each attempt, for run events and logs. */
  onAttempt?: (attempt: AttemptLog) => void;
  sleep?: Sleep;
  clock?: () => number;
  random?: () => number;
}

export interface StructuredResult<T> {
  object: T;
  /** Tokens of every attempt of this call, failed ones included. */
  usage: TokenUsage;
  attempts: AttemptLog[];
  model: ModelRef;
}

type CallOutcome<T> =
  | { kind: 'ok'; object: T; usage: TokenUsage }
  | { kind: 'invalid'; text: string | undefined; usage: TokenUsage; finishReason?: string }
  | { kind: 'error'; error: unknown; usage: TokenUsage };

function usageOfError(error: unknown): TokenUsage {
  const usage = (error as { usage?: Parameters<typeof toTokenUsage>[0] } | null)?.usage;
  return usage !== undefined && typeof usage === 'object' ? toTokenUsage(usage) : { ...ZERO_USAGE };
}

/** Rejects as soon as the signal aborts, even if the injected sleep ignores it. */
function sleepUnlessAborted(sleep: Sleep, ms: number, signal: AbortSignal | undefined) {
  if (signal === undefined) return sleep(ms);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    sleep(ms, signal).then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

interface CallModelOnceInput<T> {
  model: LanguageModelV3;
  output: OutputInterface<T>;
  system: string | undefined;
  messages: ModelMessage[];
  signal: AbortSignal | undefined;
  timeoutMs: number;
  maxOutputTokens: number | undefined;
  temperature: number | undefined;
  providerOptions: SharedV3ProviderOptions;
}

/** One model call bounded by its own timeout; sorts the result into object, invalid reply or error. */
async function callModelOnce<T>(
  input: CallModelOnceInput<T>,
): Promise<{ outcome: CallOutcome<T>; timedOut: boolean }> {
  const timeout = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    timeout.abort(new DOMException('the LLM call timed out', 'TimeoutError'));
  }, input.timeoutMs);
  const abortSignal =
    input.signal === undefined ? timeout.signal : AbortSignal.any([input.signal, timeout.signal]);
  try {
    const result = await generateText({
      model: input.model,
      output: input.output,
      system: input.system,
      messages: input.messages,
      // Ours are the only retries: the SDK's would hide attempts, their usage and their delays from us.
      maxRetries: 0,
      abortSignal,
      maxOutputTokens: input.maxOutputTokens,
      temperature: input.temperature,
      providerOptions: input.providerOptions,
    });
    const usage = toTokenUsage(result.totalUsage);
    try {
      return { outcome: { kind: 'ok', object: result.output, usage }, timedOut };
    } catch (error) {
      // No output at all (a refusal, an empty reply cut short): the model's fault, like invalid output.
      if (!NoOutputGeneratedError.isInstance(error)) throw error;
      const invalid = { text: result.text, finishReason: result.finishReason };
      return { outcome: { kind: 'invalid', ...invalid, usage }, timedOut };
    }
  } catch (error) {
    const outcome: CallOutcome<T> = NoObjectGeneratedError.isInstance(error)
      ? {
          kind: 'invalid',
          text: error.text,
          usage: toTokenUsage(error.usage),
          finishReason: error.finishReason,
        }
      : { kind: 'error', error, usage: usageOfError(error) };
    return { outcome, timedOut };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Asks the model for an object matching `schema` (sent to the provider as a JSON schema) and returns it validated.
 * Throws LlmError: LLM_INVALID_OUTPUT, LLM_RATE_LIMITED, LLM_QUOTA_EXCEEDED, LLM_UNAVAILABLE, LLM_TIMEOUT,
 * LLM_BAD_REQUEST, LLM_AUTH_FAILED, LLM_MODEL_NOT_FOUND or LLM_CANCELLED.
 */
export async function generateStructured<SCHEMA extends z.ZodType>(
  options: GenerateStructuredOptions<SCHEMA>,
): Promise<StructuredResult<z.output<SCHEMA>>> {
  const { model, schema, signal, meter, onAttempt } = options;
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const maxValidationRetries = options.maxValidationRetries ?? DEFAULT_MAX_VALIDATION_RETRIES;
  const modelRef: ModelRef = { provider: model.provider, modelId: model.modelId };
  const output = Output.object<z.output<SCHEMA>>({
    schema,
    ...(options.schemaName === undefined ? {} : { name: options.schemaName }),
    ...(options.schemaDescription === undefined ? {} : { description: options.schemaDescription }),
  });
  // OpenAI rejects strict mode for schemas with optional fields; ask for it only when the schema allows it.
  const strictJsonSchema = isStrictJsonSchema(await zodSchema(schema).jsonSchema);
  const providerOptions = {
    // `store: false`: prompts hold the pages of the application under test; do not keep them at OpenAI.
    openai: { strictJsonSchema, store: false },
    openaiCompatible: { strictJsonSchema },
  };

  const messages: ModelMessage[] = [...options.messages];
  const attempts: AttemptLog[] = [];
  let usage: TokenUsage = { ...ZERO_USAGE };
  let invalidReplies = 0;
  let providerRetries = 0;

  const fail = (code: LlmError['code'], message: string, cause?: unknown, statusCode?: number) =>
    new LlmError({
      code,
      message,
      cause: sanitizeCause(cause),
      attempts: [...attempts],
      statusCode,
    });
  const log = (entry: AttemptLog): void => {
    attempts.push(entry);
    usage = addTokenUsage(usage, entry.usage);
    meter?.record(modelRef, entry.usage);
    onAttempt?.(entry);
  };

  for (;;) {
    if (signal?.aborted) throw fail('LLM_CANCELLED', 'the LLM call was cancelled', signal.reason);
    const startedAt = clock();
    const callTimeout =
      options.deadline === undefined
        ? timeoutMs
        : Math.min(timeoutMs, options.deadline - startedAt);
    if (callTimeout <= 0) throw fail('LLM_TIMEOUT', 'the deadline passed before the LLM answered');

    const { outcome, timedOut } = await callModelOnce<z.output<SCHEMA>>({
      model,
      output,
      system: options.system,
      messages,
      signal,
      timeoutMs: callTimeout,
      maxOutputTokens: options.maxOutputTokens,
      temperature: options.temperature,
      providerOptions,
    });

    const base = { attempt: attempts.length + 1, startedAt, durationMs: clock() - startedAt };
    if (outcome.kind === 'ok') {
      log({ ...base, outcome: 'success', usage: outcome.usage });
      return { object: outcome.object, usage, attempts, model: modelRef };
    }

    if (outcome.kind === 'invalid') {
      const invalid = describeInvalidOutput(outcome.text, schema, outcome.finishReason);
      log({
        ...base,
        outcome: 'invalid-output',
        message: invalid.issues.join('; '),
        usage: outcome.usage,
      });
      invalidReplies += 1;
      if (invalidReplies > maxValidationRetries) {
        throw fail(
          'LLM_INVALID_OUTPUT',
          `the model's reply did not match the expected format after ${invalidReplies} ` +
            `${invalidReplies === 1 ? 'attempt' : 'attempts'}: ${invalid.issues.join('; ')}`,
        );
      }
      const reply = outcome.text ?? '';
      messages.push(
        { role: 'assistant', content: reply.slice(0, MAX_ECHOED_REPLY) || '(empty reply)' },
        { role: 'user', content: validationFeedback(invalid) },
      );
      continue;
    }

    const failure = classifyProviderError(outcome.error, {
      cancelled: signal?.aborted === true,
      timedOut,
      now: clock(),
    });
    const entry: AttemptLog = {
      ...base,
      outcome: 'provider-error',
      code: failure.code,
      message: failure.message,
      usage: outcome.usage,
      ...(failure.statusCode === undefined ? {} : { statusCode: failure.statusCode }),
    };
    const canRetry = failure.retryable && providerRetries < policy.maxRetries;
    const delay = canRetry
      ? computeRetryDelay(providerRetries, policy, failure.retryAfterMs, options.random)
      : 0;
    const pastDeadline = options.deadline !== undefined && clock() + delay >= options.deadline;
    if (!canRetry || pastDeadline) {
      log(entry);
      const tries = attempts.length > 1 ? ` (after ${attempts.length} attempts)` : '';
      throw fail(failure.code, `${failure.message}${tries}`, outcome.error, failure.statusCode);
    }
    log({ ...entry, retryDelayMs: delay });
    providerRetries += 1;
    try {
      await sleepUnlessAborted(sleep, delay, signal);
    } catch (error) {
      throw fail('LLM_CANCELLED', 'the LLM call was cancelled while waiting to retry', error);
    }
  }
}
