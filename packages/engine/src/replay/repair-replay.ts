// Repair: the agent continues a failed replay from the current page; its path counts only if it still proves the outcome.
import { isAssertion, type Action } from '../actions/action-schema.ts';
import type { AgentEvent } from '../agent/agent-events.ts';
import type { AgentLogEntry, BlockedRequestSource } from '../agent/agent-options.ts';
import { runAgent } from '../agent/run-agent.ts';
import type { UsageMeter } from '../llm/usage-meter.ts';
import { failureKindOfActionError } from '../run/classify-run-failure.ts';
import type {
  ExecutedStep,
  RecordedAction,
  RecordedBrainState,
  RecordedTraversal,
  RunFailure,
  RunOutcome,
} from '../run/run-record.ts';
import { secretNamesIn } from '../secrets/secret-text.ts';
import {
  describeReplayStop,
  outcomeAssertions,
  remainingGoals,
  repairPrefix,
  sameAssertion,
  type ReplayedAction,
  type ReplayPosition,
} from './repair-plan.ts';
import type { ReplayRepairOptions } from './replay-options.ts';
import type { ReplayReporter } from './replay-report.ts';
import { replayStep, type ReplayContext } from './replay-step.ts';

/** Caption (and next_goal) of the brain state that re-runs the recorded outcome assertions after a repair. */
export const REVERIFY_GOAL = 'Verify the recorded expected outcome again';

export interface RepairReplayInput {
  context: ReplayContext;
  reporter: ReplayReporter;
  repair: ReplayRepairOptions;
  meter: UsageMeter;
  blockedRequests: BlockedRequestSource | undefined;
  log: ((entry: AgentLogEntry) => void) | undefined;
  /** The replayed traversal's valid brain states, in order. */
  valid: readonly RecordedBrainState[];
  /** The actions that passed before the failure. */
  replayed: readonly ReplayedAction[];
  failedAt: ReplayPosition;
  /** The replay failure that triggered the repair. */
  failure: RunFailure;
  /** The failed step's own error message. */
  failedError: string;
  /** The executed steps so far, the failed one last. */
  steps: readonly ExecutedStep[];
  /** The caller's cancellation (the agent tells it apart from the deadline). */
  signal: AbortSignal | undefined;
}

function secretNamesOf(brainStates: readonly RecordedBrainState[]): string[] {
  const names: string[] = [];
  for (const state of brainStates) {
    if (!state.valid) continue;
    for (const name of secretNamesIn(JSON.stringify(state.actions.map((a) => a.action))))
      if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The failure of a repair that did not prove the outcome, keeping the replay failure that started it. */
function repairFailure(input: RepairReplayInput, failure: RunFailure): RunFailure {
  return {
    ...failure,
    message: `${failure.message} (repair after: ${input.failure.message.split('\n')[0] ?? ''})`,
  };
}

/** Re-runs the recorded outcome assertions on the final page, as one brain state of the repaired traversal. */
async function reverifyOutcome(
  input: RepairReplayInput,
  assertions: readonly RecordedAction[],
  brainStateIdx: number,
  firstStepIdx: number,
): Promise<{ state: RecordedBrainState; steps: ExecutedStep[]; failure: RunFailure | null }> {
  const state: RecordedBrainState = {
    idx: brainStateIdx,
    valid: true,
    evaluationPreviousGoal: 'The repaired path reached the page where the expected outcome shows.',
    memory: '',
    nextGoal: REVERIFY_GOAL,
    actions: [],
  };
  const steps: ExecutedStep[] = [];
  for (const [i, assertion] of assertions.entries()) {
    const recorded: RecordedAction = { ...assertion, idx: i };
    const done = await replayStep(input.context, {
      recorded,
      stepIdx: firstStepIdx + steps.length,
      traversal: 'produced',
      brainStateIdx,
      actionIdx: i,
      caption: REVERIFY_GOAL,
    });
    steps.push(done.step);
    state.actions.push(recorded);
    if (!done.result.ok) {
      state.valid = false;
      const code = done.result.error?.code ?? 'ASSERTION_FAILED';
      const failure: RunFailure = {
        kind: failureKindOfActionError(code),
        message:
          `the repaired path does not pass the recorded outcome assertion ${JSON.stringify(describeRecorded(assertion.action))}: ` +
          `${done.result.error?.message ?? code}`,
        stepIdx: done.step.idx,
      };
      return { state, steps, failure };
    }
  }
  return { state, steps, failure: null };
}

function describeRecorded(action: Action): string {
  return 'text' in action ? `${action.type} "${action.text}"` : action.type;
}

/**
 * Lets the agent take over where replay failed: from the current page, with the test's goal, the replayed
 * prefix as its history and the remaining recorded goals as hints. A verified outcome is accepted only if
 * (1) when the failed step was an assertion, the agent's path ran that same assertion and it passed, and
 * (2) the recorded outcome assertions (those after the traversal's last interaction) pass again on the final
 * page. Then the repaired traversal = prefix + the agent's steps + the re-verification, and the run passes
 * with repairWasNeeded. Anything else — the agent judging the outcome unreachable, running out of budget, or
 * failing (1) or (2) — fails the run: a repair never turns a real bug into a pass.
 */
export async function repairReplay(input: RepairReplayInput): Promise<RunOutcome> {
  const { context, reporter, repair, valid, failedAt } = input;
  const failedAction = valid[failedAt.statePos]?.actions[failedAt.actionPos]?.action;
  const outcome = outcomeAssertions(valid);
  const reason = failedAction
    ? describeReplayStop(input.failedError, failedAction, outcome)
    : input.failure.message;
  const hints = remainingGoals(valid, failedAt);
  // The failed step's screenshot shows the page the agent starts from: taken before the agent acts.
  await context.pendingScreenshots;
  reporter.log('info', 'replay handed over to repair', { kind: input.failure.kind });
  await reporter.emit({
    type: 'repair_started',
    stepIdx: input.failure.stepIdx,
    reason,
    hints,
  });
  const agent = await runAgent({
    session: context.session,
    model: repair.model,
    task: repair.task,
    secrets: context.secrets,
    limits: repair.limits,
    signal: input.signal,
    deadline: context.scope.deadline,
    // The run ends after the re-verification, so the agent's own end is not the run's.
    onEvent: (event: AgentEvent) =>
      event.type === 'run_finished' ? undefined : context.emit(event),
    repair: { priorBrainStates: repairPrefix(valid, input.replayed, failedAt), hints, reason },
    blockedRequests: input.blockedRequests,
    navigationPolicy: context.navigationPolicy,
    baseUrl: context.baseUrl,
    uploadDir: context.uploadDir,
    meter: input.meter,
    firstStepIdx: input.steps.length,
    llm: repair.llm,
    vision: repair.vision,
    countTokens: repair.countTokens,
    log: input.log,
  });
  const steps = [...input.steps, ...agent.steps];
  const produced: RecordedTraversal = agent.producedTraversal ?? {
    expectedOutcome: repair.task.expectedOutcome,
    brainStates: [],
    secretNames: [],
  };
  const finish = async (
    failure: RunFailure | null,
    traversal: RecordedTraversal,
    all: ExecutedStep[],
  ): Promise<RunOutcome> => {
    await context.pendingScreenshots;
    return reporter.finish({
      failure,
      steps: all,
      producedTraversal: traversal,
      repairWasNeeded: true,
    });
  };

  if (agent.status === 'failed' || agent.failure !== null) {
    const failure = agent.failure ?? {
      kind: 'infrastructure',
      message: 'the repair failed without a reason',
      stepIdx: null,
    };
    return finish(repairFailure(input, failure), produced, steps);
  }
  if (failedAction && isAssertion(failedAction)) {
    const passedAgain = agent.steps.some((s) => s.passed && sameAssertion(failedAction, s.action));
    if (!passedAgain) {
      const failure: RunFailure = {
        kind: 'assertion_failed',
        message:
          `the repair did not pass the recorded assertion that failed (${describeRecorded(failedAction)}) again: ` +
          'the application no longer behaves as the test expects',
        stepIdx: input.failure.stepIdx,
      };
      return finish(repairFailure(input, failure), produced, steps);
    }
  }
  const check = await reverifyOutcome(input, outcome, produced.brainStates.length, steps.length);
  const brainStates =
    check.state.actions.length > 0 ? [...produced.brainStates, check.state] : produced.brainStates;
  const repaired: RecordedTraversal = {
    expectedOutcome: produced.expectedOutcome,
    brainStates,
    secretNames: secretNamesOf(brainStates),
  };
  const all = [...steps, ...check.steps];
  return finish(check.failure && repairFailure(input, check.failure), repaired, all);
}
