// The queue's public types: connection and timing options, run jobs as handlers see them, and the JobQueue API.
import type { PGlite } from '@electric-sql/pglite';
import type { JobName, JobPayloadInput, JobPolicyOverrides } from './job-catalog.ts';
import type { JobFailure } from './job-failure.ts';
import type { RunEvent } from './run-events.ts';
import type { JobContext, JobHandler, JobWorker, WorkOptions } from './work-jobs.ts';

export interface QueueTimings {
  /** How often dead workers' jobs are looked for (and other upkeep runs). */
  superviseIntervalSeconds: number;
  /** How often a running job confirms it is alive; also how fast a cancel is noticed without NOTIFY. */
  heartbeatRefreshSeconds: number;
  /** Fallback poll for new jobs; NOTIFY wakes workers sooner. */
  pollingIntervalSeconds: number;
}

export const DEFAULT_QUEUE_TIMINGS: QueueTimings = {
  superviseIntervalSeconds: 10,
  heartbeatRefreshSeconds: 2,
  pollingIntervalSeconds: 2,
};

export type QueueConnection =
  | { pglite: PGlite; connectionString?: undefined }
  | { connectionString: string; poolSize?: number; pglite?: undefined };

export type CreateQueueOptions = QueueConnection & {
  /** Schema of pg-boss's tables; also namespaces this queue's notification channels. Default `pgboss`. */
  schema?: string;
  timings?: Partial<QueueTimings>;
  policies?: JobPolicyOverrides;
  /** Shown in pg-boss's instance registry, e.g. `worker@host`. */
  instanceName?: string;
  /** Background errors (lost connections, failed upkeep). Default: console.error. */
  onError?: (error: Error) => void;
  onWarning?: (warning: { message: string; data: object }) => void;
};

export interface EnqueueOptions {
  priority?: number;
  /** A second job with the same key is refused while one is queued or running (exclusive jobs only). */
  singletonKey?: string;
  /** Overrides the catalog timeout for this job. */
  timeoutSeconds?: number;
  startAfter?: Date;
}

export interface EnqueueRunInput extends EnqueueOptions {
  runId: string;
}

export interface RunJob extends JobContext<'run'> {
  runId: string;
}

export interface DeadRunJob extends JobContext<'run-dead'> {
  runId: string;
  /** Why the run's job failed for good, e.g. WORKER_LOST when its last worker was killed. */
  failure: JobFailure;
  sourceJobId: string;
  attempts: number;
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface RunJobInfo {
  jobId: string;
  runId: string;
  state: JobState;
  attempt: number;
  maxAttempts: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  failure: JobFailure | null;
}

export interface SubscribeOptions {
  /** The server connection dropped and came back: events in between were lost, re-read the run's state. */
  onResync?: () => void;
}

/** Notified by the triggers of @retrace/db's migration 0002 with a project id, for every queue schema. */
export const PROJECT_CHANGES_CHANNEL = 'retrace_project_changed';

export interface ProjectChangeHooks {
  /** The listening connection died: changes committed from now on go unheard until `onResync`. */
  onInterrupted?: () => void;
  /** Listening again after an interruption: changes committed meanwhile were not heard. */
  onResync?: () => void;
}

export interface JobQueue {
  readonly schema: string;
  start(): Promise<void>;
  /** Graceful: running jobs get `timeoutMs` to finish, then are aborted (WORKER_STOPPING) and handed back. */
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
  /** The job id, or null when an exclusive job with the same singleton key is already queued or running. */
  enqueue<N extends JobName>(
    name: N,
    payload: JobPayloadInput<N>,
    options?: EnqueueOptions,
  ): Promise<string | null>;
  work<N extends JobName>(
    name: N,
    handler: JobHandler<N>,
    options: WorkOptions,
  ): Promise<JobWorker>;
  /** Queues a run; the singleton key defaults to the run id, so a run is queued at most once at a time. */
  enqueueRun(input: EnqueueRunInput): Promise<string | null>;
  /**
   * Runs jobs with `handler`. A run can come again after an attempt whose worker died or lost its claim
   * (`attempt` > 1, `previousFailure` says why): read the run's state first and treat a finished run as done.
   */
  workRuns(handler: (job: RunJob) => Promise<void>, options: WorkOptions): Promise<JobWorker>;
  /** Runs whose job failed for good: mark them FAILED (`infrastructure`) with `failure`, idempotently. */
  workDeadRuns(
    handler: (job: DeadRunJob) => Promise<void>,
    options?: Partial<WorkOptions>,
  ): Promise<JobWorker>;
  /** Cancels a queued or running job; a running one's signal aborts with JOB_CANCELLED within moments. */
  cancel(jobId: string, name?: JobName): Promise<boolean>;
  /** Cancels every queued or running job of a run; returns how many. */
  cancelRun(runId: string): Promise<number>;
  findRunJobs(runId: string): Promise<RunJobInfo[]>;
  publishRunEvent(event: RunEvent): Promise<void>;
  /** Resolves once listening; the returned function unsubscribes. */
  subscribeRunEvents(
    runId: string | '*',
    listener: (event: RunEvent) => void,
    options?: SubscribeOptions,
  ): Promise<() => void>;
  /**
   * Ids of projects whose runs, costs, tag links or run history changed, from any process writing to the
   * database (triggers, not application code); a project may be named more than once. Resolves once listening.
   */
  subscribeProjectChanges(
    listener: (projectId: string) => void,
    hooks?: ProjectChangeHooks,
  ): Promise<() => void>;
  /** Upper bound on how long after its worker dies a run job is retried or dead-lettered. */
  recoveryWindowSeconds(): number;
}
