// Executes one started run: the engine under a signal (cancel, time limit, lost claim, shutdown), then the record.
import { type QueueError, RetryableJobError, type RunJob } from '@retrace/queue';
import { runTest as engineRunTest, renderOutcomeGif, type RunTestOutcome } from '@retrace/engine';
import type { RunPlan } from './load-run-plan.ts';
import { persistRunOutcome, type RunVerdict } from './persist-run-outcome.ts';
import {
  type EngineEvent,
  type RunEventPublisher,
  createRunEventPublisher,
} from './publish-run-events.ts';
import { failAndRetryRun, queueRetryAttempt, retryNote } from './retry-run.ts';
import { startRunHeartbeat } from './run-heartbeat.ts';
import { createStepArtifacts } from './step-artifacts.ts';
import { describeError, isTransientError } from './worker-errors.ts';
import type { WorkerContext } from './worker-context.ts';

/** Why a run was stopped from outside the engine; the first cause wins. */
type StopCause = 'cancelled' | 'timeout' | 'lost' | 'stopping';

/** Time the engine gets past the deadline to wind down by itself before the worker aborts it. */
const DEADLINE_GRACE_MS = 5_000;

function stopCauseOfJobAbort(reason: unknown): StopCause {
  switch ((reason as QueueError | undefined)?.code) {
    case 'JOB_CANCELLED':
      return 'cancelled';
    case 'JOB_TIMEOUT':
      return 'timeout';
    case 'WORKER_STOPPING':
      return 'stopping';
    default:
      return 'lost';
  }
}

/** Failures the agent could have repaired: noted when repair was off for want of a model. */
const REPAIRABLE = new Set([
  'assertion_failed',
  'element_not_found',
  'ambiguous_element',
  'timeout',
]);

function verdictOf(
  plan: RunPlan,
  outcome: RunTestOutcome,
  cause: StopCause | null,
  overDeadline: boolean,
  limitMs: number,
): RunVerdict {
  if (outcome.status === 'passed') return { status: 'passed', failure: null };
  if (cause === 'cancelled') {
    return {
      status: 'failed',
      failure: { kind: 'cancelled', message: 'the run was cancelled on request' },
    };
  }
  if (cause === 'timeout' || (outcome.failure?.kind === 'timeout' && overDeadline)) {
    const seconds = Math.round(limitMs / 1000);
    return {
      status: 'failed',
      failure: {
        kind: 'timeout',
        message: `the run exceeded its time limit of ${seconds} s${outcome.failure ? ` (${outcome.failure.message})` : ''}`,
      },
    };
  }
  const failure = outcome.failure ?? {
    kind: 'infrastructure' as const,
    message: 'the run failed without a reason',
  };
  let message = failure.message;
  if (
    plan.runType === 'REPLAY' &&
    plan.model.kind !== 'ready' &&
    plan.testConfig?.repairPolicy !== 'never' &&
    REPAIRABLE.has(failure.kind)
  ) {
    message += ` (not repaired: ${plan.model.reason})`;
  }
  return { status: 'failed', failure: { kind: failure.kind, message } };
}

/**
 * An outcome failed as `infrastructure` is worth another attempt when it cost nothing (no model was called)
 * or the browser died under it; after model calls the LLM layer has already retried, and a second attempt
 * would pay for the same tokens again.
 */
/**
 * The run's GIF: the engine's when it rendered one (`runGif: 'always'`), else rendered now for a failed run,
 * else left for the API to render the first time someone opens it (`gifOnDemand`).
 */
async function runGifOf(
  ctx: WorkerContext,
  runId: string,
  outcome: RunTestOutcome,
  verdict: RunVerdict,
): Promise<{ gif: Uint8Array | null; gifOnDemand: boolean }> {
  if (ctx.options.runGif === 'always' || outcome.gif !== null) {
    return { gif: outcome.gif, gifOnDemand: false };
  }
  if (!outcome.steps.some((step) => step.screenshot !== null)) {
    return { gif: null, gifOnDemand: false };
  }
  if (verdict.status === 'passed' || verdict.failure?.kind === 'cancelled') {
    return { gif: null, gifOnDemand: true };
  }
  const gif = await renderOutcomeGif(outcome.steps, {
    onError: (error) =>
      ctx.log.warn('the run GIF could not be rendered', {
        runId,
        error: error instanceof Error ? error.message : String(error),
      }),
  });
  return { gif, gifOnDemand: false };
}

function retryableOutcome(outcome: RunTestOutcome, browserDied: boolean): boolean {
  return browserDied || outcome.usage.every((u) => u.calls === 0);
}

export async function executeStartedRun(
  ctx: WorkerContext,
  plan: RunPlan,
  job: RunJob,
): Promise<void> {
  const { domain } = ctx.deps;
  const { run, actor } = plan;
  const secretValues = new Map([...plan.secrets].map(([name, s]) => [name, s.value]));
  const events: RunEventPublisher = createRunEventPublisher({
    queue: ctx.deps.queue,
    runId: run.id,
    projectId: run.projectId,
    secrets: secretValues,
    clock: ctx.clock,
    onError: (error) =>
      ctx.log.warn('a run event could not be published', {
        runId: run.id,
        error: describeError(error),
      }),
  });
  events.state('RUNNING');

  const controller = new AbortController();
  let cause: StopCause | null = null;
  let engineDone = false;
  const stop = (why: StopCause): void => {
    if (cause !== null || (engineDone && why !== 'lost')) return;
    cause = why;
    controller.abort(new Error(`run stopped: ${why}`));
  };
  const onJobAbort = (): void => stop(stopCauseOfJobAbort(job.signal.reason));
  if (job.signal.aborted) onJobAbort();
  else job.signal.addEventListener('abort', onJobAbort, { once: true });

  const startedAt = ctx.clock().getTime();
  const deadline = Math.min(startedAt + plan.timeoutMs, job.deadline.getTime() - DEADLINE_GRACE_MS);
  const backstop = setTimeout(
    () => stop('timeout'),
    Math.max(0, deadline - startedAt) + DEADLINE_GRACE_MS,
  );
  const heartbeat = startRunHeartbeat({
    domain,
    actor,
    runId: run.id,
    workerId: ctx.instanceId,
    intervalMs: ctx.options.heartbeatIntervalMs,
    onCancelRequested: () => stop('cancelled'),
    onLost: (reason) => {
      ctx.log.warn('the run was taken from this worker', { runId: run.id, reason });
      stop('lost');
    },
    onError: (error) =>
      ctx.log.warn('a run heartbeat failed', { runId: run.id, error: describeError(error) }),
  });
  const uploads = createStepArtifacts(ctx.deps.artifacts, run.id);

  let outcome: RunTestOutcome | null = null;
  let browserInUse: { readonly closed: boolean } | null = null;
  let engineError: unknown = null;
  try {
    const browser = await ctx.browsers.acquire(
      plan.browserConfig.browserConfig.browser,
      controller.signal,
    );
    browserInUse = browser;
    const runTest = ctx.deps.runTest ?? engineRunTest;
    outcome = await runTest({
      mode: plan.runType === 'AGENTIC' ? 'agentic' : 'replay',
      test: {
        description: plan.testCase.testDescription,
        extraRules: plan.testCase.extraRules,
        expectedOutcome: plan.recordedTraversal?.expectedOutcome ?? plan.testCase.expectedOutcome,
        startUrl: plan.testCase.urlRoute,
        allowedDomains: plan.testCase.allowedDomains,
      },
      projectUrl: plan.projectUrl,
      traversal: plan.recordedTraversal,
      model: plan.model.kind === 'ready' ? plan.model.model : null,
      repairPolicy: plan.testConfig?.repairPolicy ?? 'auto',
      browserConfig: plan.browserConfig.browserConfig,
      browser,
      secrets: secretValues,
      signal: controller.signal,
      deadline,
      limits: {
        ...(plan.testConfig
          ? {
              maxSteps: plan.testConfig.maxSteps,
              maxActionsPerStep: plan.testConfig.maxActionsPerStep,
              stepTimeoutMs: plan.testConfig.stepTimeoutMs,
            }
          : {}),
      },
      ...(ctx.options.llm?.vision ? { vision: true } : {}),
      ...(ctx.options.uploadDir ? { uploadDir: ctx.options.uploadDir } : {}),
      // Rendered below once the verdict is known: a passed run's GIF waits until someone opens it.
      ...(ctx.options.runGif === 'failures' ? { gif: false as const } : {}),
      onEvent: (event) => {
        events.engine(event as EngineEvent);
        if (event.type === 'step_finished') {
          uploads.upload(event.step, (key) => events.screenshot(event.step.idx, key));
        }
      },
      log: (entry) => {
        if (entry.level !== 'debug') events.log(entry.level, entry.message);
      },
    });
  } catch (error) {
    engineError = error;
  } finally {
    clearTimeout(backstop);
    job.signal.removeEventListener('abort', onJobAbort);
  }
  // From here on a cancel or a shutdown no longer changes the result: the engine is done.
  engineDone = true;
  const usedBrowser = browserInUse as { readonly closed: boolean } | null;
  try {
    await finishExecutedRun(ctx, plan, {
      outcome,
      engineError,
      // The shared browser went away under the run: a crash (closing it at shutdown comes with `stopping`).
      browserDied: usedBrowser !== null && usedBrowser.closed && cause !== 'stopping',
      cause,
      overDeadline: ctx.clock().getTime() >= deadline - 500,
      limitMs: deadline - startedAt,
      events,
      uploads,
      secretValues,
    });
  } finally {
    // The heartbeat runs until the run is recorded, so a long upload never looks like a dead worker.
    await heartbeat.stop();
    await events.flush();
  }
}

interface ExecutedRun {
  outcome: RunTestOutcome | null;
  engineError: unknown;
  browserDied: boolean;
  cause: StopCause | null;
  /** The run's own deadline had passed when the engine returned. */
  overDeadline: boolean;
  /** The time limit the run had: its test config's, or less when its job's own timeout came first. */
  limitMs: number;
  events: RunEventPublisher;
  uploads: ReturnType<typeof createStepArtifacts>;
  secretValues: Map<string, string>;
}

async function finishExecutedRun(
  ctx: WorkerContext,
  plan: RunPlan,
  done: ExecutedRun,
): Promise<void> {
  const { run, actor } = plan;
  if (done.cause === 'lost') {
    // Another worker (or the sweeper) owns this run now: writing anything would fight it.
    ctx.log.warn('abandoned a run that is no longer this worker’s', { runId: run.id });
    return;
  }
  const infrastructure = async (reason: string, retryable: boolean): Promise<void> => {
    try {
      await failAndRetryRun(ctx, actor, {
        runId: run.id,
        reason,
        retryable,
        workerId: ctx.instanceId,
      });
      ctx.counters.failed++;
    } catch (error) {
      // The database is out of reach too: hand the job back; its next delivery finds the run RUNNING and recovers it.
      throw new RetryableJobError(`the run could not be recorded: ${describeError(error)}`, {
        cause: error,
      });
    }
  };
  if (done.cause === 'stopping') {
    await infrastructure('the worker shut down while the run was in progress', true);
    return;
  }
  if (done.outcome === null) {
    const error = done.engineError;
    const transient = isTransientError(error);
    await infrastructure(
      transient
        ? `the browser was not available: ${describeError(error)}`
        : `the run could not be carried out: ${describeError(error)}`,
      transient,
    );
    return;
  }
  const outcome = done.outcome;
  const verdict = verdictOf(plan, outcome, done.cause, done.overDeadline, done.limitMs);
  // Recorded as it happened (history, screenshots), and another attempt may still pass.
  const retryable =
    verdict.failure?.kind === 'infrastructure' &&
    done.cause === null &&
    retryableOutcome(outcome, done.browserDied);
  const retry = retryable && plan.run.attempt < ctx.options.maxRunAttempts;
  if (verdict.failure && retryable) {
    verdict.failure.message += retryNote(plan.run.attempt, ctx.options.maxRunAttempts, true);
  }
  try {
    await persistRunOutcome(
      ctx,
      plan,
      {
        steps: outcome.steps,
        producedTraversal: outcome.producedTraversal,
        repairWasNeeded: outcome.repairWasNeeded,
        usage: outcome.usage,
        ...(await runGifOf(ctx, plan.run.id, outcome, verdict)),
      },
      verdict,
      done.uploads,
      done.secretValues,
    );
  } catch (error) {
    ctx.log.error('the run’s results could not be recorded', {
      runId: run.id,
      error: describeError(error),
    });
    await infrastructure(
      `the run’s results could not be recorded: ${describeError(error)}`,
      isTransientError(error),
    );
    return;
  }
  if (verdict.status === 'passed') ctx.counters.passed++;
  else ctx.counters.failed++;
  done.events.state(
    verdict.status === 'passed' ? 'PASSED' : 'FAILED',
    verdict.failure ?? undefined,
  );
  if (retry) {
    await queueRetryAttempt(ctx, actor, run.id).catch((error: unknown) =>
      ctx.log.error('could not queue another attempt of a run', {
        runId: run.id,
        error: describeError(error),
      }),
    );
  }
}
