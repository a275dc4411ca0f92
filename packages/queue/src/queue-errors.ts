// Errors of the queue package with stable codes, and the marker that makes a job failure retryable.

export type QueueErrorCode =
  | 'QUEUE_CONFIG_INVALID'
  | 'QUEUE_NOT_STARTED'
  | 'QUEUE_UNAVAILABLE'
  | 'JOB_PAYLOAD_INVALID'
  | 'JOB_RETRYABLE'
  | 'JOB_CANCELLED'
  | 'JOB_TIMEOUT'
  | 'JOB_CLAIM_LOST'
  | 'WORKER_STOPPING'
  | 'RUN_EVENT_INVALID'
  | 'RUN_EVENT_TOO_LARGE';

export class QueueError extends Error {
  constructor(
    readonly code: QueueErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'QueueError';
  }
}

/**
 * Thrown by a job handler for an infrastructure failure (browser crashed, database unreachable): the job is
 * retried under its retry policy, then dead-lettered. Anything else a handler throws is not retried.
 */
export class RetryableJobError extends QueueError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('JOB_RETRYABLE', message, options);
    this.name = 'RetryableJobError';
  }
}

/**
 * Whether a handler's error asks for a retry: a RetryableJobError, a worker shutting down under the handler,
 * or any error carrying `retryable: true` (how packages that cannot import this one, like the engine, say so).
 */
export function isRetryableJobError(error: unknown): boolean {
  if (error instanceof RetryableJobError) return true;
  if (error instanceof QueueError) return error.code === 'WORKER_STOPPING';
  return (
    error !== null &&
    typeof error === 'object' &&
    'retryable' in error &&
    (error as { retryable: unknown }).retryable === true
  );
}

/** Reasons a running job's signal is aborted with; `signal.reason` is a QueueError with one of these codes. */
export type JobAbortCode = 'JOB_CANCELLED' | 'JOB_TIMEOUT' | 'JOB_CLAIM_LOST' | 'WORKER_STOPPING';

export function jobAbortReason(code: JobAbortCode, jobId: string): QueueError {
  const messages: Record<JobAbortCode, string> = {
    JOB_CANCELLED: `job ${jobId} was cancelled`,
    JOB_TIMEOUT: `job ${jobId} ran past its timeout`,
    JOB_CLAIM_LOST: `job ${jobId} is no longer held by this worker (expired or taken over)`,
    WORKER_STOPPING: `the worker running job ${jobId} is stopping`,
  };
  return new QueueError(code, messages[code]);
}
