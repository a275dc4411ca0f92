// REPLAY: runs a recorded traversal's valid actions in order without a model, relocating elements, and repairs on request.
import type { ActionResult } from '../actions/execute-action.ts';
import { describeAction } from '../agent/agent-history.ts';
import { stopFailure } from '../agent/agent-run-state.ts';
import { initialVerification, updateVerification } from '../agent/outcome-verification.ts';
import { RunScope } from '../agent/run-limits.ts';
import { createUsageMeter } from '../llm/usage-meter.ts';
import { failureKindOfActionError } from '../run/classify-run-failure.ts';
import type {
  ExecutedStep,
  FailureKind,
  RecordedAction,
  RecordedBrainState,
  RunFailure,
  RunOutcome,
} from '../run/run-record.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { SecretFields } from './mask-secret-fields.ts';
import { repairReplay } from './repair-replay.ts';
import type { ReplayedAction } from './repair-plan.ts';
import {
  DEFAULT_REPLAY_TIMEOUT_MS,
  resolveReplaySettings,
  type ReplayRepairOptions,
  type ReplayTraversalOptions,
} from './replay-options.ts';
import { firstLine, ReplayReporter } from './replay-report.ts';
import { replayStep, type ReplayContext } from './replay-step.ts';

/** Failures an agent may get past: the page changed under the recording. Not cancellation, policy or a dead browser. */
const REPAIRABLE: ReadonlySet<FailureKind> = new Set<FailureKind>([
  'assertion_failed',
  'element_not_found',
  'ambiguous_element',
  'timeout',
]);

/** The brain states replay runs: the valid ones, in recorded order. */
export function replayableBrainStates(
  brainStates: readonly RecordedBrainState[],
): RecordedBrainState[] {
  return [...brainStates].filter((s) => s.valid).sort((a, b) => a.idx - b.idx);
}

/** The run failure of a failed step; an action stopped by the run's own signal or deadline says so instead. */
function stepFailure(result: ActionResult, step: ExecutedStep, scope: RunScope): RunFailure {
  const code = result.error?.code ?? 'BROWSER_ERROR';
  if (code === 'CANCELLED' || code === 'TIMEOUT') {
    const cause = scope.stopped();
    if (cause !== null) return stopFailure(cause, step.idx);
  }
  return {
    kind: failureKindOfActionError(code),
    message: `step ${step.idx + 1} (${describeAction(step.action)}) failed: ${result.error?.message ?? code}`,
    stepIdx: step.idx,
  };
}

function canRepair(
  repair: ReplayRepairOptions | undefined,
  failure: RunFailure,
  scope: RunScope,
): boolean {
  return (
    repair !== undefined &&
    repair.policy === 'auto' &&
    REPAIRABLE.has(failure.kind) &&
    scope.stopped() === null
  );
}

/** The action replayed after the one at (statePos, actionPos), if any. */
function nextRecorded(
  valid: readonly RecordedBrainState[],
  statePos: number,
  actionPos: number,
): RecordedAction | null {
  const here = valid[statePos]?.actions[actionPos + 1];
  if (here) return here;
  for (const state of valid.slice(statePos + 1)) if (state.actions[0]) return state.actions[0];
  return null;
}

/**
 * Replays a traversal on an open session whose page is where the traversal starts. Runs every action of every
 * valid brain state in order, without a model: each element is relocated (recorded locator if it still finds
 * the same element, else a confident similarity match, else a refusal), Playwright's actionability waits apply,
 * and the page is settled (network and DOM quiet, capped) after actions that change it — never a recorded
 * interval. Secret placeholders are substituted only as actions run. PASSED only when every action passed and
 * the last interaction was followed by a passing assertion. When a step fails and `repair` allows it, the
 * agent continues from the current page (see repairReplay). Never throws for what happens during the run.
 */
export async function replayTraversal(options: ReplayTraversalOptions): Promise<RunOutcome> {
  const settings = resolveReplaySettings(options.settings);
  const secrets: SecretValues = options.secrets ?? new Map();
  const meter = options.meter ?? createUsageMeter();
  const reporter = new ReplayReporter(secrets, meter, options.onEvent, options.log);
  const scope = new RunScope(
    options.signal,
    options.deadline ?? Date.now() + DEFAULT_REPLAY_TIMEOUT_MS,
    Date.now,
  );
  const context: ReplayContext = {
    session: options.session,
    secrets,
    settings,
    scope,
    baseUrl: options.baseUrl,
    navigationPolicy: options.navigationPolicy,
    uploadDir: options.uploadDir,
    emit: reporter.emit,
    pendingScreenshots: Promise.resolve(),
    lastShot: null,
    lookAhead: null,
    secretFields: new SecretFields(),
  };
  const steps: ExecutedStep[] = [];
  const replayed: ReplayedAction[] = [];
  const finish = async (failure: RunFailure | null): Promise<RunOutcome> => {
    await context.pendingScreenshots;
    return reporter.finish({ failure, steps, producedTraversal: null, repairWasNeeded: false });
  };
  const fail = (failure: RunFailure): Promise<RunOutcome> => finish(failure);
  let verification = initialVerification();
  try {
    const valid = replayableBrainStates(options.traversal.brainStates);
    reporter.log('info', 'replay started', {
      brainStates: valid.length,
      actions: valid.reduce((n, s) => n + s.actions.length, 0),
    });
    for (let statePos = 0; statePos < valid.length; statePos++) {
      const state = valid[statePos] as RecordedBrainState;
      for (let actionPos = 0; actionPos < state.actions.length; actionPos++) {
        const cause = scope.stopped();
        if (cause !== null) return await fail(stopFailure(cause, null));
        const recorded = state.actions[actionPos];
        if (!recorded) continue;
        const done = await replayStep(context, {
          recorded,
          stepIdx: steps.length,
          traversal: 'replayed',
          brainStateIdx: state.idx,
          actionIdx: recorded.idx,
          caption: state.nextGoal,
          next: nextRecorded(valid, statePos, actionPos),
        });
        steps.push(done.step);
        verification = updateVerification(verification, recorded.action, {
          ok: done.result.ok,
          errorCode: done.result.error?.code ?? null,
        });
        if (done.result.ok) {
          replayed.push({ statePos, actionPos, found: done.found });
          continue;
        }
        const failure = stepFailure(done.result, done.step, scope);
        if (!canRepair(options.repair, failure, scope) || !options.repair)
          return await fail(failure);
        return await repairReplay({
          context,
          reporter,
          repair: options.repair,
          meter,
          blockedRequests: options.blockedRequests,
          log: options.log,
          valid,
          replayed,
          failedAt: { statePos, actionPos },
          failure,
          failedError: done.result.error?.message ?? failure.message,
          steps,
          signal: options.signal,
        });
      }
    }
    if (!verification.verified) {
      return await fail({
        kind: 'assertion_failed',
        message:
          'the traversal has no passing assertion after its last interaction, so nothing verified the expected ' +
          'outcome: record it again with an assertion that checks the outcome',
        stepIdx: null,
      });
    }
    return await finish(null);
  } catch (error) {
    const cause = scope.stopped();
    if (cause !== null) return fail(stopFailure(cause, null));
    reporter.log('warn', `replay failed unexpectedly: ${firstLine(error)}`);
    return fail({
      kind: 'infrastructure',
      message: `the replay failed unexpectedly: ${firstLine(error)}`,
      stepIdx: null,
    });
  } finally {
    scope.dispose();
  }
}
