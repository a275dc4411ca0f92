// The run job handler: find the run, skip what is done, recover what was lost, prepare, start, execute.
import { finishRun, findRunLocation, isDomainError, startRun, systemActor } from '@retrace/domain';
import { type QueueError, RetryableJobError, type RunJob } from '@retrace/queue';
import { executeStartedRun } from './execute-run.ts';
import { type RunPlan, loadRunPlan } from './load-run-plan.ts';
import { RECOVERY_ACTOR, recoverInterruptedRun } from './recover-runs.ts';
import { createRunEventPublisher } from './publish-run-events.ts';
import { RunAbandonedError, describeError, isTransientError } from './worker-errors.ts';
import type { WorkerContext } from './worker-context.ts';

/** Database trouble before the run started: the job goes back to the queue and the run stays QUEUED. */
function retryLater(error: unknown, what: string): RetryableJobError {
  return new RetryableJobError(`${what}: ${describeError(error)}`, { cause: error });
}

/** A QUEUED run that will not start (refused, cancelled): QUEUED → FAILED is allowed for these two kinds. */
async function failQueuedRun(
  ctx: WorkerContext,
  plan: { runId: string; projectId: string; organizationId: string },
  kind: 'infrastructure' | 'cancelled',
  message: string,
): Promise<void> {
  try {
    await finishRun(ctx.deps.domain, systemActor(plan.organizationId), {
      runId: plan.runId,
      state: 'FAILED',
      failureKind: kind,
      failureMessage: message,
    });
  } catch (error) {
    if (isDomainError(error, 'INVALID_STATE_TRANSITION')) return;
    if (isTransientError(error)) throw retryLater(error, 'the run could not be failed');
    throw error;
  }
  ctx.counters.failed++;
  const events = createRunEventPublisher({
    queue: ctx.deps.queue,
    runId: plan.runId,
    projectId: plan.projectId,
    secrets: new Map(),
    clock: ctx.clock,
    onError: () => undefined,
  });
  events.state('FAILED', { kind, message });
  await events.flush();
}

/**
 * Handles one delivery of a run job. Re-deliveries are expected (a worker died, a claim expired): a finished
 * run is left alone, a RUNNING one is recovered as a lost attempt. Test failures resolve the job (never
 * retried); database trouble before the start throws RetryableJobError so the queue tries again later.
 */
export async function handleRunJob(ctx: WorkerContext, job: RunJob): Promise<void> {
  const { domain } = ctx.deps;
  let location;
  try {
    location = await findRunLocation(domain, RECOVERY_ACTOR, { runId: job.runId });
  } catch (error) {
    throw retryLater(error, 'the run could not be read');
  }
  if (location === null) {
    ctx.log.info('skipped the job of a deleted run', { runId: job.runId });
    return;
  }
  const actor = systemActor(location.organizationId);
  const where = {
    runId: location.runId,
    projectId: location.projectId,
    organizationId: location.organizationId,
  };
  switch (location.state) {
    case 'PASSED':
    case 'FAILED':
      return;
    case 'RUNNING':
      try {
        await recoverInterruptedRun(ctx, actor, job.runId, job.previousFailure);
      } catch (error) {
        throw retryLater(error, 'a lost run could not be recovered');
      }
      return;
    case 'QUEUED':
      break;
  }

  if (job.signal.aborted) {
    const code = (job.signal.reason as QueueError | undefined)?.code;
    if (code === 'JOB_CANCELLED') {
      await failQueuedRun(ctx, where, 'cancelled', 'the run was cancelled before it started');
      return;
    }
    // Shutting down (or the claim is gone) before anything happened: hand the job back untouched.
    throw retryLater(job.signal.reason, 'the worker stopped before the run started');
  }

  let plan: RunPlan;
  try {
    plan = await loadRunPlan(
      {
        domain,
        options: ctx.options,
        ...(ctx.deps.createLanguageModel
          ? { createLanguageModel: ctx.deps.createLanguageModel }
          : {}),
      },
      actor,
      job.runId,
    );
  } catch (error) {
    if (error instanceof RunAbandonedError) {
      await failQueuedRun(ctx, where, 'infrastructure', error.message);
      return;
    }
    if (isDomainError(error, 'NOT_FOUND')) return; // deleted while we read it
    if (isTransientError(error)) throw retryLater(error, 'the run could not be prepared');
    await failQueuedRun(
      ctx,
      where,
      'infrastructure',
      `the run could not be prepared: ${describeError(error)}`,
    );
    return;
  }

  try {
    await startRun(domain, actor, {
      runId: plan.run.id,
      workerId: ctx.instanceId,
      runType: plan.runType,
      ...(plan.traversal ? { testTraversalId: plan.traversal.id } : {}),
    });
  } catch (error) {
    // Cancelled, or started by another delivery in the meantime: nothing for this one to do.
    if (isDomainError(error, 'INVALID_STATE_TRANSITION')) return;
    if (isTransientError(error)) throw retryLater(error, 'the run could not be started');
    throw error;
  }
  ctx.counters.started++;
  await executeStartedRun(ctx, plan, job);
}
