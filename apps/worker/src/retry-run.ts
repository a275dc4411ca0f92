// Infrastructure failures: the run fails as `infrastructure` with the reason, and a new attempt is queued if allowed.
import { type Actor, createRetryRun, finishRun, getRun, isDomainError } from '@retrace/domain';
import { createRunEventPublisher } from './publish-run-events.ts';
import { describeError } from './worker-errors.ts';
import type { WorkerContext } from './worker-context.ts';

export interface FailRunInput {
  runId: string;
  /** Why, for the run's failure message (secret-free). */
  reason: string;
  /** Whether another attempt may succeed; attempts are capped by maxRunAttempts. */
  retryable: boolean;
  /** Only finish the run if this worker still owns it (its own runs); absent for recovery of others' runs. */
  workerId?: string;
}

export interface FailRunResult {
  /** False when the run was no longer QUEUED or RUNNING (someone else finished it first). */
  failed: boolean;
  retryRunId: string | null;
}

/** What a failure message says about the next attempt. */
export function retryNote(attempt: number, maxAttempts: number, retryable: boolean): string {
  if (!retryable) return '';
  return attempt < maxAttempts
    ? ` — retrying (attempt ${attempt + 1} of ${maxAttempts})`
    : ` — no attempts left (${attempt} of ${maxAttempts})`;
}

/**
 * A run is one attempt: the domain never moves a RUNNING run back to QUEUED, so an infrastructure failure ends
 * the attempt as FAILED `infrastructure` and `createRetryRun` queues attempt N+1 (same test case, browser
 * config, test config and batch; `retryOfRunId` links them). The guarded finish makes this safe to race: when
 * several workers recover the same run, exactly one wins and only the winner queues the retry.
 */
export async function failAndRetryRun(
  ctx: WorkerContext,
  actor: Actor,
  input: FailRunInput,
): Promise<FailRunResult> {
  const { domain, queue } = ctx.deps;
  const run = await getRun(domain, actor, { runId: input.runId });
  const retry = input.retryable && run.attempt < ctx.options.maxRunAttempts;
  const message = `${input.reason}${retryNote(run.attempt, ctx.options.maxRunAttempts, input.retryable)}`;
  try {
    await finishRun(domain, actor, {
      runId: run.id,
      state: 'FAILED',
      failureKind: 'infrastructure',
      failureMessage: message.slice(0, 10_000),
      ...(input.workerId === undefined ? {} : { workerId: input.workerId }),
    });
  } catch (error) {
    if (isDomainError(error, 'INVALID_STATE_TRANSITION'))
      return { failed: false, retryRunId: null };
    throw error;
  }
  const events = createRunEventPublisher({
    queue,
    runId: run.id,
    projectId: run.projectId,
    secrets: new Map(),
    clock: ctx.clock,
    onError: (error) =>
      ctx.log.warn('a run event could not be published', { error: describeError(error) }),
  });
  events.state('FAILED', { kind: 'infrastructure', message });
  await events.flush();
  if (!retry) return { failed: true, retryRunId: null };
  return { failed: true, retryRunId: await queueRetryAttempt(ctx, actor, run.id) };
}

/**
 * Creates attempt N+1 of a run already FAILED as `infrastructure` and queues it after the retry delay; null
 * when it could not be queued (the new run is then failed at once, so it never waits for a missing job).
 */
export async function queueRetryAttempt(
  ctx: WorkerContext,
  actor: Actor,
  runId: string,
): Promise<string | null> {
  const { domain, queue } = ctx.deps;
  const next = await createRetryRun(domain, actor, { runId });
  ctx.counters.retried++;
  try {
    const startAfter = new Date(ctx.clock().getTime() + ctx.options.retryDelaySeconds * 1000);
    const jobId = await queue.enqueueRun({ runId: next.id, startAfter });
    if (jobId === null) throw new Error('the queue refused the job as a duplicate');
  } catch (error) {
    await finishRun(domain, actor, {
      runId: next.id,
      state: 'FAILED',
      failureKind: 'infrastructure',
      failureMessage: `the retry attempt could not be queued (${describeError(error)}): trigger the run again`,
    }).catch(() => undefined);
    ctx.log.error('a retry run could not be queued', {
      runId: next.id,
      error: describeError(error),
    });
    return null;
  }
  const events = createRunEventPublisher({
    queue,
    runId: next.id,
    projectId: next.projectId,
    secrets: new Map(),
    clock: ctx.clock,
    onError: () => undefined,
  });
  events.state('QUEUED');
  await events.flush();
  ctx.log.info('queued another attempt of a run', {
    runId,
    retryRunId: next.id,
    attempt: next.attempt,
  });
  return next.id;
}
