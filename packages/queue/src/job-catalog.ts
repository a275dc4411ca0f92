// The typed job catalog: every job Retrace queues, with its payload schema, retry policy and timeout.
import { z } from 'zod';

/** Ids are CUID2 in practice; accept any short opaque id without characters that need quoting. */
export const entityIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'an id of [A-Za-z0-9_-]');

const artifactKeySchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[a-z0-9/_.-]+$/)
  .refine((key) => !key.includes('..') && !key.startsWith('/'), 'a relative artifact key');

export interface JobPolicy {
  /** Attempts after the first. Infrastructure failures use them; test failures never do. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** Exponential backoff from `retryDelaySeconds`, capped at `retryDelayMaxSeconds`. */
  retryBackoff: boolean;
  retryDelayMaxSeconds: number;
  /** How long a handler may run. The handler's signal aborts then; the queue expires the job a grace later. */
  timeoutSeconds: number;
  /**
   * Interval in which a live worker must confirm it still holds the job (pg-boss minimum 10). A worker killed
   * with `kill -9` stops confirming, and the job is retried (or dead-lettered) about this long later plus one
   * supervision pass. Null: only the timeout notices a dead worker.
   */
  heartbeatSeconds: number | null;
  /** Catalog job (a JobName) that receives this job's payload when it fails for good. */
  deadLetter: string | null;
  /** `exclusive`: at most one queued-or-active job per singleton key (a run id is enqueued at most once). */
  policy: 'standard' | 'exclusive';
  /** How long finished jobs are kept for inspection. */
  keepFinishedSeconds: number;
}

export interface JobDefinition<Payload extends z.ZodType> extends JobPolicy {
  /** pg-boss queue name. */
  queue: string;
  payload: Payload;
}

const runPayload = z.object({ runId: entityIdSchema }).strict();

/**
 * Seconds added to a job's timeout before the queue itself expires it. The handler's signal aborts at the
 * timeout, so the worker can still record the run as timed out and finish cleanly inside this grace.
 */
export const EXPIRY_GRACE_SECONDS = 30;

export const JOB_CATALOG = {
  /** Execute one test run; the run's state lives in the database, the job carries only its id. */
  run: {
    queue: 'retrace-run',
    payload: runPayload,
    retryLimit: 2,
    retryDelaySeconds: 5,
    retryBackoff: true,
    retryDelayMaxSeconds: 60,
    timeoutSeconds: 60 * 60,
    heartbeatSeconds: 10,
    deadLetter: 'run-dead',
    policy: 'exclusive',
    keepFinishedSeconds: 7 * 24 * 60 * 60,
  },
  /**
   * A run whose job failed for good (worker died on the last attempt, infrastructure kept failing, handler
   * bug): the worker marks the run FAILED as `infrastructure` with the reason, so no run stays RUNNING.
   */
  'run-dead': {
    queue: 'retrace-run-dead',
    payload: runPayload,
    retryLimit: 20,
    retryDelaySeconds: 5,
    retryBackoff: true,
    retryDelayMaxSeconds: 300,
    timeoutSeconds: 120,
    heartbeatSeconds: null,
    deadLetter: null,
    policy: 'standard',
    keepFinishedSeconds: 30 * 24 * 60 * 60,
  },
  /** Remove artifacts (screenshots, GIFs) of deleted runs from storage. */
  'artifacts-delete': {
    queue: 'retrace-artifacts-delete',
    payload: z
      .object({
        keys: z.array(artifactKeySchema).max(1000).default([]),
        prefixes: z
          .array(artifactKeySchema.refine((p) => p.endsWith('/'), 'a folder prefix ending in "/"'))
          .max(100)
          .default([]),
      })
      .strict()
      .refine((p) => p.keys.length + p.prefixes.length > 0, 'at least one key or prefix'),
    retryLimit: 8,
    retryDelaySeconds: 10,
    retryBackoff: true,
    retryDelayMaxSeconds: 600,
    timeoutSeconds: 600,
    heartbeatSeconds: null,
    deadLetter: null,
    policy: 'standard',
    keepFinishedSeconds: 24 * 60 * 60,
  },
} as const satisfies Record<string, JobDefinition<z.ZodType>>;

export type JobName = keyof typeof JOB_CATALOG;
export type JobPayload<N extends JobName> = z.output<(typeof JOB_CATALOG)[N]['payload']>;
export type JobPayloadInput<N extends JobName> = z.input<(typeof JOB_CATALOG)[N]['payload']>;

/** Per-deployment adjustments of the catalog's policies (tests shorten delays; operators raise timeouts). */
export type JobPolicyOverrides = Partial<Record<JobName, Partial<JobPolicy>>>;

export function resolveJobPolicy(name: JobName, overrides: JobPolicyOverrides = {}): JobPolicy {
  const { queue: _queue, payload: _payload, ...policy } = JOB_CATALOG[name];
  return { ...policy, ...overrides[name] };
}

export const JOB_NAMES = Object.keys(JOB_CATALOG) as JobName[];
