// Runs the actions of one agent step in order: stops at a failure or a page change, judges done, records each.
import type { Frame, Page } from 'playwright-core';
import type { ActionErrorCode } from '../actions/action-errors.ts';
import { isAssertion, targetOf, type Action } from '../actions/action-schema.ts';
import { agentActionToAction, type AgentAction } from '../actions/agent-action-schema.ts';
import { executeAction, type ActionContext, type ActionResult } from '../actions/execute-action.ts';
import type { FoundBy } from '../actions/resolve-target.ts';
import { activePage, type BrowserSession } from '../browser/browser-session.ts';
import { captureScreenshot, type Screenshot } from '../browser/capture-screenshot.ts';
import type { BoundingBox } from '../fingerprint/element-fingerprint.ts';
import type { ElementRefs } from '../page-state/element-refs.ts';
import type { ExecutedStep, LocateMethod } from '../run/run-record.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { redactReport } from './redact-report.ts';
import type { AgentEvent } from './agent-events.ts';
import {
  refuseUnverifiedDone,
  updateVerification,
  type VerificationState,
} from './outcome-verification.ts';
import type { StepScope, StopCause } from './run-limits.ts';
import type { StepReport } from './step-report.ts';
import type { TraversalRecorder } from './traversal-recorder.ts';

export interface StepActionsInput {
  session: BrowserSession;
  /** Refs of the page state the model saw this step. */
  refs: ElementRefs;
  actions: readonly AgentAction[];
  /** The step's next_goal: the caption of its executed steps. */
  caption: string;
  isRepair: boolean;
  secrets: SecretValues;
  /** Context of every action (base URL, navigation policy, upload directory, timeout). */
  actionContext: Pick<ActionContext, 'baseUrl' | 'navigationPolicy' | 'uploadDir' | 'timeoutMs'>;
  scope: StepScope;
  /** Screenshots still run when the step ran out of time; they stop with the run only. */
  runSignal: AbortSignal;
  recorder: TraversalRecorder;
  report: StepReport;
  verification: VerificationState;
  emit: (event: AgentEvent) => Promise<void>;
}

export type StepEnd =
  /** Every action ran and passed (or the rest was left for the next step after a page change). */
  | { kind: 'completed' }
  | { kind: 'action_failed'; code: ActionErrorCode; message: string; stepIdx: number }
  /** The reply held actions that do not make valid actions: none was run. */
  | { kind: 'invalid_actions'; message: string }
  | { kind: 'done_accepted'; outcome: string; stepIdx: number }
  /** done(success: false): the agent judges the expected outcome unreachable. */
  | { kind: 'done_unreachable'; outcome: string; stepIdx: number }
  | { kind: 'done_rejected'; reason: string }
  | { kind: 'stopped'; cause: StopCause; stepIdx: number | null };

export interface StepActionsResult {
  end: StepEnd;
  verification: VerificationState;
}

const SCREENSHOT_TIMEOUT_MS = 10_000;

/** Converts every model-written action first: an invalid one means none of the step's actions runs. */
function convertAll(
  actions: readonly AgentAction[],
): { actions: Action[] } | { problems: string[] } {
  const converted: Action[] = [];
  const problems: string[] = [];
  actions.forEach((raw, i) => {
    try {
      converted.push(agentActionToAction(raw));
    } catch (error) {
      problems.push(`action ${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return problems.length > 0 ? { problems } : { actions: converted };
}

function refTargetOf(action: Action): string | null {
  const target = targetOf(action);
  return target && 'ref' in target ? target.ref : null;
}

/** Still meaningful on a page the model has not seen: checks and waits that address no element, and done. */
function runsAfterPageChange(action: Action): boolean {
  if (refTargetOf(action) !== null) return false;
  return isAssertion(action) || action.type === 'wait_for' || action.type === 'done';
}

function locateMethodOf(foundBy: FoundBy | null, isRepair: boolean): LocateMethod {
  switch (foundBy) {
    case null:
      return 'none';
    // An element the agent chose from its page state: a locator in an agentic run, a repair in a repair.
    case 'ref':
      return isRepair ? 'repaired' : 'locator';
    case 'locator':
      return 'locator';
    case 'similarity':
      return 'healed';
    case 'agent':
      return 'repaired';
  }
}

/** Watches one tab for a main-frame navigation while an action runs. */
function watchNavigation(page: Page | null): { navigated(): boolean; stop(): void } {
  let navigated = false;
  const onNavigated = (frame: Frame): void => {
    if (page && frame === page.mainFrame()) navigated = true;
  };
  page?.on('framenavigated', onNavigated);
  return { navigated: () => navigated, stop: () => void page?.off('framenavigated', onNavigated) };
}

async function screenshotAfter(
  input: StepActionsInput,
  action: Action,
  result: ActionResult,
  pageChanged: boolean,
): Promise<Screenshot | null> {
  const page = activePage(input.session);
  if (!page || input.runSignal.aborted) return null;
  const ref = refTargetOf(action);
  let element: ReturnType<ElementRefs['locatorFor']> | BoundingBox | null = null;
  if (!pageChanged)
    element = (ref !== null ? input.refs.locatorFor(ref) : undefined) ?? result.boundingBox;
  try {
    return await captureScreenshot(page, {
      element,
      signal: input.runSignal,
      timeoutMs: SCREENSHOT_TIMEOUT_MS,
    });
  } catch {
    // A missing screenshot costs the report a frame; it must not fail the run.
    return null;
  }
}

/**
 * Runs the step's actions. The step stops at the first failing action; after an action changed the page (a
 * navigation, another tab), only actions that need no ref of the old page state still run. `done(true)` is
 * judged by the outcome-verification rule before it runs; a refused one is not executed.
 */
export async function runStepActions(input: StepActionsInput): Promise<StepActionsResult> {
  const { session, report, recorder } = input;
  let verification = input.verification;
  if (input.actions.length === 0) {
    const message =
      'the reply had no actions, so nothing was run; every step needs at least one action';
    report.note(message);
    return { end: { kind: 'invalid_actions', message }, verification };
  }
  const converted = convertAll(input.actions);
  if ('problems' in converted) {
    const message = `no action of this step was run, because some are invalid: ${converted.problems.join('; ')}`;
    report.note(message);
    return { end: { kind: 'invalid_actions', message }, verification };
  }
  const actions = converted.actions;
  let pageChanged = false;
  for (let i = 0; i < actions.length; i++) {
    const action = actions[i] as Action;
    const position = i + 1;
    if (pageChanged && !runsAfterPageChange(action)) {
      for (let j = i; j < actions.length; j++) {
        report.notRun(
          j + 1,
          actions[j] as Action,
          'the page changed, so its ref may point elsewhere now',
        );
      }
      break;
    }
    if (action.type === 'done' && action.success) {
      const refusal = refuseUnverifiedDone(verification);
      if (refusal !== null) {
        report.notRun(position, action, refusal);
        return { end: { kind: 'done_rejected', reason: refusal }, verification };
      }
    }
    const stopped = input.scope.stopped();
    if (stopped !== null)
      return { end: { kind: 'stopped', cause: stopped, stepIdx: null }, verification };

    const stepIdx = recorder.nextStepIdx;
    const tentative = recorder.positionFor(true);
    await input.emit({
      type: 'step_started',
      stepIdx,
      brainStateIdx: tentative.brainStateIdx,
      actionIdx: tentative.actionIdx,
      action: redactReport(action, input.secrets),
      caption: input.caption,
      startedAt: new Date().toISOString(),
    });
    const pageBefore = activePage(session);
    const watch = watchNavigation(pageBefore);
    let result: ActionResult;
    try {
      result = await executeAction(session, action, {
        ...input.actionContext,
        secrets: input.secrets,
        refs: input.refs,
        signal: input.scope.signal,
      });
    } finally {
      watch.stop();
    }
    const changedNow =
      watch.navigated() ||
      result.urlAfter !== result.urlBefore ||
      result.newTabs.length > 0 ||
      activePage(session) !== pageBefore;
    pageChanged ||= changedNow;

    const recordedAction = result.recordedAction ?? redactReport(action, input.secrets);
    let passed = result.ok;
    let error = result.error?.message ?? null;
    let code: ActionErrorCode | null = result.error?.code ?? null;
    // An action that still addresses a ref could not be fingerprinted: replay could never find its element.
    const unrecordable = passed && action.type !== 'done' && refTargetOf(recordedAction) !== null;
    if (unrecordable) {
      passed = false;
      code = 'ELEMENT_NOT_FOUND';
      error =
        'the action ran, but its element could not be recorded (no fingerprint), so replay could not repeat it; ' +
        'address another element, or check without a ref';
    }
    const unreachable = action.type === 'done' && !action.success;
    if (unreachable) error = `the agent judged the expected outcome unreachable: ${action.outcome}`;

    const screenshot =
      code === 'CANCELLED' ? null : await screenshotAfter(input, action, result, changedNow);
    const where = recorder.recordAction(recordedAction, result.fingerprint, passed && !unreachable);
    const step: ExecutedStep = {
      idx: stepIdx,
      traversal: 'produced',
      brainStateIdx: where.brainStateIdx,
      actionIdx: where.actionIdx,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      passed: passed && !unreachable,
      locateMethod: locateMethodOf(result.foundBy, input.isRepair),
      healScore: result.score,
      error: error === null ? null : redactReport(error, input.secrets),
      caption: input.caption,
      screenshot: screenshot?.bytes ?? null,
      screenshotBox: screenshot?.elementBox ?? null,
      action: recordedAction,
    };
    recorder.recordStep(step);
    await input.emit({ type: 'step_finished', step });
    // An unrecordable action did run: for the verification rule it is neither "nothing done" nor a pass.
    verification = updateVerification(verification, action, {
      ok: passed,
      errorCode: unrecordable ? null : code,
    });
    if (unreachable)
      return { end: { kind: 'done_unreachable', outcome: action.outcome, stepIdx }, verification };

    if (passed) report.executed(position, action, result, changedNow);
    else
      report.executed(
        position,
        action,
        { ...result, ok: false, error: { code: code ?? 'BROWSER_ERROR', message: error ?? '' } },
        changedNow,
      );

    if (action.type === 'done')
      return { end: { kind: 'done_accepted', outcome: action.outcome, stepIdx }, verification };
    if (!passed) {
      const cause = code === 'CANCELLED' || code === 'TIMEOUT' ? input.scope.stopped() : null;
      if (cause !== null) return { end: { kind: 'stopped', cause, stepIdx }, verification };
      for (let j = i + 1; j < actions.length; j++) {
        report.notRun(j + 1, actions[j] as Action, 'an earlier action of the step failed');
      }
      return {
        end: {
          kind: 'action_failed',
          code: code ?? 'BROWSER_ERROR',
          message: step.error ?? 'the action failed',
          stepIdx,
        },
        verification,
      };
    }
  }
  return { end: { kind: 'completed' }, verification };
}
