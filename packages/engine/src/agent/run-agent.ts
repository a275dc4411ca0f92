// The agent loop: observe the page, ask the model for a brain state and actions, run them, record, repeat.
import type { ModelMessage } from 'ai';
import { agentActionToAction } from '../actions/agent-action-schema.ts';
import type { Action } from '../actions/action-schema.ts';
import { generateStructured } from '../llm/generate-structured.ts';
import { isLlmError } from '../llm/llm-error.ts';
import type { PageObservation } from '../page-state/observe-page.ts';
import { estimateTokens } from '../page-state/token-count.ts';
import {
  failureKindOfActionError,
  failureKindOfLlmError,
  isFatalActionError,
} from '../run/classify-run-failure.ts';
import { renderHistory, type HistoryEntry } from './agent-history.ts';
import type { RunAgentOptions } from './agent-options.ts';
import {
  AGENT_SYSTEM_PROMPT,
  renderRepairSection,
  renderStatusSection,
  renderStepMessage,
  renderTaskSection,
} from './agent-prompt.ts';
import { AGENT_REPLY_SCHEMA_NAME, agentReplySchema, type AgentReply } from './agent-reply.ts';
import {
  AgentRunState,
  firstLine,
  stopFailure,
  type AgentOutcome,
  type StepVerdict,
} from './agent-run-state.ts';
import { observeStepPage } from './observe-step-page.ts';
import { redactReport } from './redact-report.ts';
import type { StepScope } from './run-limits.ts';
import { runStepActions, type StepEnd } from './run-step-actions.ts';
import { StepReport } from './step-report.ts';

export type { AgentOutcome } from './agent-run-state.ts';

/** The user message of a step, with the viewport screenshot for vision models. */
function stepMessages(text: string, observation: PageObservation): ModelMessage[] {
  const shot = observation.screenshot;
  if (!shot) return [{ role: 'user', content: text }];
  return [
    {
      role: 'user',
      content: [
        { type: 'text', text },
        { type: 'image', image: shot.data, mediaType: shot.mimeType },
      ],
    },
  ];
}

/** Actions that convert cleanly, for the brain_state event (invalid ones are reported with the step). */
function plannedActions(reply: AgentReply): Action[] {
  const actions: Action[] = [];
  for (const raw of reply.actions) {
    try {
      actions.push(agentActionToAction(raw));
    } catch {
      // reported by runStepActions
    }
  }
  return actions;
}

/** The latest step's actions are in <previous_step> with their full results: the history need not repeat them. */
function withLatestInPreviousStep(history: readonly HistoryEntry[]): HistoryEntry[] {
  const last = history[history.length - 1];
  if (!last || last.label.startsWith('replayed')) return [...history];
  return [...history.slice(0, -1), { ...last, actionsInPreviousStep: true }];
}

function describeEnd(end: StepEnd): string {
  switch (end.kind) {
    case 'completed':
      return 'ok';
    case 'action_failed':
      return `failed: ${end.code}`;
    case 'invalid_actions':
      return 'failed: nothing run';
    case 'done_accepted':
      return 'finished: success verified';
    case 'done_unreachable':
      return 'finished: outcome unreachable';
    case 'done_rejected':
      return 'done refused: outcome not verified';
    case 'stopped':
      return `stopped: ${end.cause.replace('_', ' ')}`;
  }
}

interface StepContext {
  state: AgentRunState;
  options: RunAgentOptions;
  stepNumber: number;
  scope: StepScope;
  taskSection: string;
  repairSection: string | null;
}

/** Asks the model for the step's reply, or says what it means for the run when no usable reply came. */
async function askModel(
  step: StepContext,
  observation: PageObservation,
): Promise<{ reply: AgentReply } | { verdict: StepVerdict }> {
  const { state, options, scope, stepNumber } = step;
  const { limits } = state;
  const text = renderStepMessage({
    task: step.taskSection,
    repair: step.repairSection,
    history: renderHistory(
      withLatestInPreviousStep(state.history),
      limits.historyTokens,
      options.countTokens ?? estimateTokens,
    ),
    previousStep: state.previousStep,
    status: renderStatusSection({
      stepNumber,
      maxSteps: limits.maxSteps,
      maxActionsPerStep: limits.maxActionsPerStep,
      timeLeftMs: state.run.timeLeft(),
      rejectedDones: state.rejectedDones,
      maxRejectedDones: limits.maxRejectedDones,
    }),
    pageState: observation.text,
  });
  state.modelSteps += 1;
  try {
    const result = await generateStructured({
      model: options.model,
      schema: agentReplySchema,
      schemaName: AGENT_REPLY_SCHEMA_NAME,
      system: AGENT_SYSTEM_PROMPT,
      messages: stepMessages(state.redact(text), observation),
      signal: scope.signal,
      deadline: scope.deadline,
      timeoutMs: limits.llmCallTimeoutMs,
      meter: state.meter,
      ...options.llm,
    });
    // Belt and braces: the model never saw a secret value, so it cannot have written one.
    return { reply: redactReport(result.object, state.secrets) };
  } catch (error) {
    if (!isLlmError(error)) throw error;
    state.log('warn', `model call failed: ${error.message}`, {
      code: error.code,
      step: stepNumber,
    });
    const stopped = await state.stopped(scope.stopped(), stepNumber, null, '');
    if (stopped !== undefined) return { verdict: stopped };
    if (error.code !== 'LLM_INVALID_OUTPUT') {
      const verdict = await state.fail(
        failureKindOfLlmError(error.code),
        `the model call failed: ${error.message}`,
      );
      return { verdict };
    }
    state.previousStep =
      `Your previous reply could not be used and nothing was run: ${error.message}. ` +
      'Reply with one JSON object in the required format.';
    const verdict = await state.stepFailed(
      stepNumber,
      {
        kind: 'infrastructure',
        message: `the model kept replying in an invalid format: ${error.message}`,
        stepIdx: null,
      },
      'the model reply did not match the required format',
    );
    return { verdict };
  }
}

/** What the step's end means for the run. */
async function judgeStepEnd(
  step: StepContext,
  end: StepEnd,
  report: StepReport,
): Promise<StepVerdict> {
  const { state, stepNumber, options } = step;
  switch (end.kind) {
    case 'completed':
      state.consecutiveFailures = 0;
      return null;
    case 'done_accepted':
      return state.finish(null, end.outcome);
    case 'done_unreachable':
      return state.finish(
        {
          kind: 'outcome_unreachable',
          message: `the agent judged the expected outcome unreachable: ${end.outcome}`,
          stepIdx: end.stepIdx,
        },
        end.outcome,
      );
    case 'done_rejected': {
      state.rejectedDones += 1;
      await state.emit({
        type: 'done_rejected',
        stepNumber,
        reason: end.reason,
        rejections: state.rejectedDones,
      });
      if (state.rejectedDones <= state.limits.maxRejectedDones) return null;
      return state.fail(
        'assertion_failed',
        `the agent declared success ${state.rejectedDones} times without verifying the expected outcome with a passing assertion`,
      );
    }
    case 'stopped':
      return (await state.stopped(end.cause, stepNumber, end.stepIdx, report.render())) ?? null;
    case 'action_failed': {
      const stopped = await state.stopped(
        step.scope.stopped(),
        stepNumber,
        end.stepIdx,
        report.render(),
      );
      if (stopped !== undefined) return stopped;
      if (isFatalActionError(end.code) || options.session.closed) {
        return state.fail(
          'infrastructure',
          `the browser went away during an action: ${end.message}`,
          end.stepIdx,
        );
      }
      const failure = {
        kind: failureKindOfActionError(end.code),
        message: end.message,
        stepIdx: end.stepIdx,
      };
      return state.stepFailed(stepNumber, failure, end.message);
    }
    case 'invalid_actions':
      return state.stepFailed(
        stepNumber,
        {
          kind: 'infrastructure',
          message: `the model kept writing unusable actions: ${end.message}`,
          stepIdx: null,
        },
        end.message,
      );
  }
}

/** One step: observe, ask, act, record. */
async function runStep(step: StepContext): Promise<StepVerdict> {
  const { state, options, scope, stepNumber } = step;
  const { limits, recorder } = state;
  const seen = await observeStepPage({
    session: options.session,
    secrets: state.secrets,
    tokenBudget: limits.pageStateTokens,
    includeScreenshot: options.vision === true,
    previous: state.lastSeen,
    signal: scope.signal,
    timeLeft: () => scope.timeLeft(),
  });
  if (!seen.ok) {
    const stopped = await state.stopped(scope.stopped(), stepNumber, null, '');
    if (stopped !== undefined) return stopped;
    return state.fail(
      'infrastructure',
      seen.reason === 'gone' ? `the browser went away: ${seen.message}` : seen.message,
    );
  }
  state.lastSeen = { page: seen.page, observation: seen.observation };

  const asked = await askModel(step, seen.observation);
  if ('verdict' in asked) return asked.verdict;
  const { reply } = asked;
  const texts = {
    evaluationPreviousGoal: reply.evaluation_previous_goal,
    memory: reply.memory,
    nextGoal: reply.next_goal,
  };
  const brainStateIdx = recorder.beginBrainState(texts);
  await state.emit({
    type: 'brain_state',
    stepNumber,
    brainStateIdx,
    ...texts,
    plannedActions: plannedActions(reply),
  });

  const report = new StepReport(state.secrets);
  let actions = reply.actions;
  if (actions.length > limits.maxActionsPerStep) {
    report.note(
      `You asked for ${actions.length} actions; only the first ${limits.maxActionsPerStep} were considered.`,
    );
    actions = actions.slice(0, limits.maxActionsPerStep);
  }
  const { end, verification } = await runStepActions({
    session: options.session,
    refs: seen.observation.refs,
    actions,
    caption: texts.nextGoal,
    isRepair: state.isRepair,
    secrets: state.secrets,
    actionContext: {
      baseUrl: options.baseUrl,
      navigationPolicy: options.navigationPolicy,
      uploadDir: options.uploadDir,
      timeoutMs: limits.actionTimeoutMs,
    },
    scope,
    runSignal: state.run.signal,
    recorder,
    report,
    verification: state.verification,
    emit: (event) => state.emit(event),
  });
  state.verification = verification;
  recorder.finishBrainState();
  report.blocked(options.blockedRequests?.drainBlocked() ?? []);
  state.history.push({
    label: `step ${stepNumber}`,
    ...texts,
    actions: report.renderActionLines(),
    outcome: describeEnd(end),
  });
  state.previousStep = report.empty ? 'All actions ran.' : report.render();
  return judgeStepEnd(step, end, report);
}

/**
 * Runs the agent on the session's current page until it finishes with an accepted done, judges the outcome
 * unreachable, or a limit, a cancellation or an infrastructure error ends the run. Never navigates first
 * (runAgenticTest does; a repair starts where replay stopped) and never closes the session. Never throws for
 * anything that happens during the run: the outcome says it (AgentError only for invalid options).
 */
export async function runAgent(options: RunAgentOptions): Promise<AgentOutcome> {
  const state = new AgentRunState(options);
  const { limits, run } = state;
  const taskSection = renderTaskSection(options.task, [...state.secrets.keys()]);
  const repairSection = options.repair ? renderRepairSection(options.repair) : null;
  try {
    state.log('info', options.repair ? 'agent repair started' : 'agent run started', {
      maxSteps: limits.maxSteps,
    });
    for (let stepNumber = 1; ; stepNumber++) {
      const cause = run.stopped();
      if (cause !== null) return await state.finish(stopFailure(cause, null));
      if (stepNumber > limits.maxSteps) {
        return await state.fail(
          'budget_exceeded',
          `the agent used all ${limits.maxSteps} steps without verifying the expected outcome`,
        );
      }
      const scope = run.step(limits.stepTimeoutMs);
      try {
        const verdict = await runStep({
          state,
          options,
          stepNumber,
          scope,
          taskSection,
          repairSection,
        });
        if (verdict) return verdict;
      } finally {
        scope.dispose();
      }
    }
  } catch (error) {
    const cause = run.stopped();
    if (cause !== null) return state.finish(stopFailure(cause, null));
    state.log('warn', `the agent loop failed: ${firstLine(error)}`);
    return state.fail('infrastructure', `the agent loop failed unexpectedly: ${firstLine(error)}`);
  } finally {
    run.dispose();
  }
}
