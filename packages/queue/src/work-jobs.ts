// Runs catalog jobs on pg-boss: typed payloads, an abort signal with a reason, and retry only for infrastructure.
import type { JobResult, JobWithMetadata, PgBoss } from 'pg-boss';
import {
  EXPIRY_GRACE_SECONDS,
  JOB_CATALOG,
  type JobName,
  type JobPayload,
  type JobPolicy,
} from './job-catalog.ts';
import { type JobFailure, describeJobFailure, failureOutput } from './job-failure.ts';
import {
  type JobAbortCode,
  QueueError,
  isRetryableJobError,
  jobAbortReason,
} from './queue-errors.ts';

/** Set when the job is a dead letter: the original job that failed for good, and why. */
export interface DeadLetterInfo {
  sourceJobId: string;
  /** Attempts the original job made. */
  attempts: number;
  failure: JobFailure;
}

export interface JobContext<N extends JobName> {
  jobId: string;
  name: N;
  payload: JobPayload<N>;
  /** 1 on the first try; more when an earlier attempt failed or its worker died. */
  attempt: number;
  maxAttempts: number;
  /** Why the previous attempt ended (WORKER_LOST after a `kill -9`); null on the first attempt. */
  previousFailure: JobFailure | null;
  deadLetter: DeadLetterInfo | null;
  /**
   * Aborted with a QueueError whose code says why: JOB_CANCELLED, JOB_TIMEOUT (at `deadline`), JOB_CLAIM_LOST
   * (another attempt owns the job now: write nothing more) or WORKER_STOPPING (throw it back to re-queue).
   */
  signal: AbortSignal;
  deadline: Date;
}

/**
 * Resolve: the job is done (a failed test is a done job). Throw RetryableJobError (or `retryable: true`):
 * infrastructure failure, retried under the policy and dead-lettered after the last attempt. Throw anything
 * else: dead-lettered at once, never retried.
 */
export type JobHandler<N extends JobName> = (job: JobContext<N>) => Promise<void>;

export interface WorkOptions {
  /** Jobs this process runs at once on this queue. */
  concurrency: number;
  /** Aborting stops taking jobs and aborts running ones with WORKER_STOPPING. */
  signal?: AbortSignal;
  pollingIntervalSeconds?: number;
}

export interface JobWorker {
  /** Jobs running now. */
  readonly active: number;
  /** Stops taking jobs; graceful waits for running ones, otherwise aborts them (WORKER_STOPPING) first. */
  stop(options?: { graceful?: boolean }): Promise<void>;
}

/** Abort hooks of every job running in this process, so a cancel notification reaches it at once. */
export type ActiveJobs = Map<string, (code: JobAbortCode) => void>;

export interface WorkJobsDeps {
  boss: PgBoss;
  policy: JobPolicy;
  activeJobs: ActiveJobs;
  heartbeatRefreshSeconds: number;
  defaultPollingIntervalSeconds: number;
  onError: (error: Error) => void;
}

function deadLetterOf(job: JobWithMetadata<unknown>): DeadLetterInfo | null {
  if (!job.sourceId) return null;
  return {
    sourceJobId: job.sourceId,
    attempts: (job.sourceRetryCount ?? 0) + 1,
    failure: describeJobFailure(job.sourceOutput) ?? {
      code: 'JOB_FAILED',
      message: 'the original job failed without a recorded reason',
    },
  };
}

export async function workJobs<N extends JobName>(
  deps: WorkJobsDeps,
  name: N,
  handler: JobHandler<N>,
  options: WorkOptions,
): Promise<JobWorker> {
  const definition = JOB_CATALOG[name];
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new QueueError('QUEUE_CONFIG_INVALID', 'concurrency must be a positive integer');
  }
  const mine = new Set<(code: JobAbortCode) => void>();
  let stopping = false;

  async function runOne(job: JobWithMetadata<unknown>): Promise<JobResult> {
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success) {
      // A payload this version cannot read will not get better by retrying.
      return {
        id: job.id,
        status: 'deadletter',
        output: { code: 'JOB_PAYLOAD_INVALID', message: parsed.error.message.slice(0, 500) },
      };
    }
    const controller = new AbortController();
    const abort = (code: JobAbortCode): void => {
      if (!controller.signal.aborted) controller.abort(jobAbortReason(code, job.id));
    };
    const timeoutMs = Math.max(1, job.expireInSeconds - EXPIRY_GRACE_SECONDS) * 1000;
    const deadline = new Date(Date.now() + timeoutMs);
    const timer = setTimeout(() => abort('JOB_TIMEOUT'), timeoutMs);
    // pg-boss aborts its signal when the heartbeat finds the claim gone: cancelled, or expired and retried.
    const onClaimGone = (): void => {
      deps.boss
        .findJobs(definition.queue, { id: job.id })
        .then(([current]) =>
          abort(current?.state === 'cancelled' ? 'JOB_CANCELLED' : 'JOB_CLAIM_LOST'),
        )
        .catch(() => abort('JOB_CLAIM_LOST'));
    };
    job.signal.addEventListener('abort', onClaimGone, { once: true });
    const onStop = (): void => abort('WORKER_STOPPING');
    options.signal?.addEventListener('abort', onStop, { once: true });
    deps.activeJobs.set(job.id, abort);
    mine.add(abort);
    if (stopping || options.signal?.aborted) abort('WORKER_STOPPING');
    try {
      await handler({
        jobId: job.id,
        name,
        payload: parsed.data as JobPayload<N>,
        attempt: job.retryCount + 1,
        maxAttempts: job.retryLimit + 1,
        previousFailure: job.retryCount > 0 ? describeJobFailure(job.output) : null,
        deadLetter: deadLetterOf(job),
        signal: controller.signal,
        deadline,
      });
      return { id: job.id, status: 'completed' };
    } catch (error) {
      const output = failureOutput(error);
      return { id: job.id, status: isRetryableJobError(error) ? 'failed' : 'deadletter', output };
    } finally {
      clearTimeout(timer);
      job.signal.removeEventListener('abort', onClaimGone);
      options.signal?.removeEventListener('abort', onStop);
      deps.activeJobs.delete(job.id);
      mine.delete(abort);
    }
  }

  const workOptions = {
    localConcurrency: options.concurrency,
    batchSize: 1,
    includeMetadata: true,
    perJobResults: true,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? deps.defaultPollingIntervalSeconds,
    // NOTIFY only announces new jobs; jobs already waiting when a slot frees up are found by this poll, so it
    // must not stretch to pg-boss's 30 s default.
    notifyPollingIntervalSeconds:
      options.pollingIntervalSeconds ?? deps.defaultPollingIntervalSeconds,
    heartbeatRefreshSeconds:
      deps.policy.heartbeatSeconds === null
        ? undefined
        : Math.min(deps.heartbeatRefreshSeconds, deps.policy.heartbeatSeconds / 2),
  } as const;
  const workId = await deps.boss.work<unknown, unknown, typeof workOptions>(
    definition.queue,
    workOptions,
    async (jobs: JobWithMetadata<unknown>[]) => Promise.all(jobs.map(runOne)),
  );

  let stopped: Promise<void> | null = null;
  const stop = (graceful: boolean): Promise<void> => {
    if (!graceful) for (const abort of mine) abort('WORKER_STOPPING');
    stopping = true;
    stopped ??= deps.boss
      .offWork(definition.queue, { id: workId, wait: true })
      .catch((error: unknown) => {
        deps.onError(error instanceof Error ? error : new Error(String(error)));
      });
    return stopped;
  };
  if (options.signal?.aborted) void stop(false);
  else options.signal?.addEventListener('abort', () => void stop(false), { once: true });

  return {
    get active() {
      return mine.size;
    },
    stop: ({ graceful = true } = {}) => stop(graceful),
  };
}
