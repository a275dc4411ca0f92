// Recovery, so that no run stays RUNNING or QUEUED forever: re-delivered jobs, dead jobs, and stale heartbeats.
import {
  type Actor,
  finishRun,
  findRunLocation,
  findStaleRuns,
  getRun,
  isDomainError,
  systemActor,
} from '@retrace/domain';
import type { DeadRunJob, JobFailure } from '@retrace/queue';
import { failAndRetryRun } from './retry-run.ts';
import { describeError } from './worker-errors.ts';
import type { WorkerContext } from './worker-context.ts';

/** The actor for cross-organization look-ups; acting on a run always uses its own organization's. */
export const RECOVERY_ACTOR: Actor = systemActor('retrace-worker');

/**
 * The queue gave us a job whose run is already RUNNING: the attempt that started it is gone (its worker was
 * killed, lost its claim, or could not record the end). That attempt fails as infrastructure, with the reason
 * the queue recorded, and another attempt is queued.
 */
export async function recoverInterruptedRun(
  ctx: WorkerContext,
  actor: Actor,
  runId: string,
  previousFailure: JobFailure | null,
): Promise<void> {
  const run = await getRun(ctx.deps.domain, actor, { runId });
  const why =
    previousFailure === null
      ? 'its job was delivered again'
      : `${previousFailure.message} (${previousFailure.code})`;
  const result = await failAndRetryRun(ctx, actor, {
    runId,
    reason: `the worker running this run (${run.workerId ?? 'unknown'}) was lost: ${why}`,
    retryable: true,
  });
  if (result.failed) {
    ctx.counters.recovered++;
    ctx.log.warn('recovered a run whose worker was lost', {
      runId,
      lostWorker: run.workerId,
      retryRunId: result.retryRunId,
    });
  }
}

/**
 * A run job failed for good (its retries ran out, or the handler failed in a way retrying cannot fix): the run
 * is marked FAILED `infrastructure` with the queue's reason. Idempotent: a finished run is left alone.
 */
export async function handleDeadRun(ctx: WorkerContext, job: DeadRunJob): Promise<void> {
  const location = await findRunLocation(ctx.deps.domain, RECOVERY_ACTOR, { runId: job.runId });
  if (location === null || location.state === 'PASSED' || location.state === 'FAILED') return;
  const actor = systemActor(location.organizationId);
  try {
    await finishRun(ctx.deps.domain, actor, {
      runId: job.runId,
      state: 'FAILED',
      failureKind: 'infrastructure',
      failureMessage:
        `the run's job failed for good after ${job.attempts} attempt(s): ` +
        `${job.failure.message} (${job.failure.code})`,
    });
    ctx.counters.recovered++;
    ctx.log.warn('failed a run whose job was dead-lettered', {
      runId: job.runId,
      failure: job.failure.code,
    });
  } catch (error) {
    if (!isDomainError(error, 'INVALID_STATE_TRANSITION')) throw error;
  }
}

/**
 * Runs still RUNNING whose heartbeat is older than `staleRunAfterSeconds`, whoever ran them: their worker died
 * (or hangs) without the queue noticing in time. Each is failed as infrastructure and retried, like a lost job.
 * Returns how many this sweep recovered.
 */
export async function sweepStaleRuns(ctx: WorkerContext): Promise<number> {
  const now = ctx.clock();
  const olderThan = new Date(now.getTime() - ctx.options.staleRunAfterSeconds * 1000);
  const stale = await findStaleRuns(ctx.deps.domain, RECOVERY_ACTOR, { olderThan, limit: 100 });
  let recovered = 0;
  for (const run of stale) {
    const silentFor = run.heartbeatAt
      ? Math.round((now.getTime() - run.heartbeatAt.getTime()) / 1000)
      : null;
    try {
      const result = await failAndRetryRun(ctx, systemActor(run.organizationId), {
        runId: run.runId,
        reason:
          `the worker running this run (${run.workerId ?? 'unknown'}) stopped sending heartbeats` +
          (silentFor === null ? '' : ` ${silentFor} s ago`) +
          ` and was presumed dead by worker ${ctx.instanceId}`,
        retryable: true,
      });
      if (result.failed) {
        recovered++;
        ctx.counters.recovered++;
        ctx.log.warn('recovered a run with a stale heartbeat', {
          runId: run.runId,
          lostWorker: run.workerId,
          retryRunId: result.retryRunId,
        });
      }
    } catch (error) {
      ctx.log.error('could not recover a stale run', {
        runId: run.runId,
        error: describeError(error),
      });
    }
  }
  return recovered;
}
