// Records a traversal from a steps file: runs it once in a browser, capturing each element's fingerprint, no model involved.
import type { ActionErrorCode } from '../actions/action-errors.ts';
import { actionSchema, type Action, type ActionInput } from '../actions/action-schema.ts';
import { classifyActionError } from '../actions/classify-error.ts';
import { executeAction, type ActionContext, type ActionResult } from '../actions/execute-action.ts';
import { describeAction } from '../agent/agent-history.ts';
import type { BrowserSession } from '../browser/browser-session.ts';
import { buildLocator } from '../locators/build-locator.ts';
import { resolveStartUrl } from '../run/run-agentic.ts';
import type { RecordedBrainState, RecordedTraversal } from '../run/run-record.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import type { StepsFile, StepsFileStep } from './parse-steps-file.ts';
import { StepsFileError, formatIssue, type StepsFileIssue } from './steps-file-error.ts';
import type { PlannedAction } from './steps-to-actions.ts';

export interface RecordTraversalFromStepsOptions {
  /** An open session; recording opens the steps file's start URL in it first. */
  session: BrowserSession;
  /** The project's base URL: the start URL and relative navigations resolve against it. */
  baseUrl: string;
  /** Values of the secrets the steps use; substituted only when typed, never recorded. */
  secrets?: SecretValues;
  navigationPolicy?: (url: URL) => string | null;
  uploadDir?: string;
  signal?: AbortSignal;
  /** Budget of each interaction (finding the element included). Default 10 s. */
  actionTimeoutMs?: number;
  /** How long each assertion retries when the step does not say. Default 5 s. */
  assertionTimeoutMs?: number;
  /** Called after each executed action, for progress output. */
  onAction?: (progress: { step: number; goal: string; action: Action; ok: boolean }) => void;
}

/** What to do about a failed step, by error code (the message says what happened). */
function adviceFor(code: ActionErrorCode): string {
  switch (code) {
    case 'ELEMENT_NOT_FOUND':
      return 'fix the locator so that it matches exactly one element on this page';
    case 'ELEMENT_AMBIGUOUS':
      return "make the locator match exactly one element (e.g. add exact: true, .filter({ hasText: '…' }) or .nth(…))";
    case 'ELEMENT_NOT_ACTIONABLE':
      return 'the element exists but cannot take this action now: wait for it, or do what enables it first';
    case 'ASSERTION_FAILED':
      return 'the page does not show what the assertion expects: check the expected value, or the steps before it';
    case 'UNKNOWN_SECRET':
      return 'pass a value for every <secret>name</secret> the steps use';
    case 'NAVIGATION_BLOCKED':
      return 'add the host to allowedDomains, or navigate within the application';
    default:
      return 'check the step against the page';
  }
}

function stepFailed(
  step: StepsFileStep,
  line: number | null,
  action: ActionInput | string,
  code: ActionErrorCode,
  message: string,
): StepsFileError {
  const label = typeof action === 'string' ? action : describeAction(actionSchema.parse(action));
  const issue: StepsFileIssue = {
    line,
    step: step.number,
    path: `steps[${step.number - 1}]`,
    message: `${label} failed (${code}): ${message} — ${adviceFor(code)}`,
  };
  return new StepsFileError('STEPS_STEP_FAILED', formatIssue(issue), [issue]);
}

function stopped(signal: AbortSignal | undefined): StepsFileError | null {
  return signal?.aborted
    ? new StepsFileError('STEPS_RECORDING_STOPPED', 'recording the steps file was cancelled')
    : null;
}

class StepsRecorder {
  readonly brainStates: RecordedBrainState[] = [];

  constructor(
    private readonly options: RecordTraversalFromStepsOptions,
    private readonly context: ActionContext,
  ) {}

  private async run(
    step: StepsFileStep,
    line: number | null,
    input: ActionInput,
  ): Promise<ActionResult> {
    const result = await executeAction(this.options.session, input, this.context);
    const action = result.recordedAction ?? actionSchema.parse(input);
    this.options.onAction?.({ step: step.number, goal: step.goal, action, ok: result.ok });
    if (!result.ok) {
      throw (
        stopped(this.options.signal) ??
        stepFailed(
          step,
          line,
          input,
          result.error?.code ?? 'BROWSER_ERROR',
          result.error?.message ?? '',
        )
      );
    }
    const state = this.brainStates[this.brainStates.length - 1] as RecordedBrainState;
    state.actions.push({ idx: state.actions.length, action, domElementData: result.fingerprint });
    return result;
  }

  /** check/uncheck: a click only when the control is not in that state yet, then an assertion that it is. */
  private async check(step: StepsFileStep, planned: Extract<PlannedAction, { kind: 'check' }>) {
    const target = { locator: planned.locator };
    const state = planned.checked ? 'checked' : 'unchecked';
    const timeout = this.options.actionTimeoutMs ?? 10_000;
    let checked: boolean;
    const locator = buildLocator(this.options.session.page, planned.locator, this.context.secrets);
    try {
      await locator.waitFor({ state: 'visible', timeout, signal: this.options.signal });
      checked = await locator.isChecked({ timeout });
    } catch (error) {
      const classified = await classifyActionError(error, {
        locator,
        targetLabel: planned.locator,
        signal: this.options.signal,
        secrets: this.context.secrets,
      });
      const label = `${planned.checked ? 'check' : 'uncheck'} ${planned.locator}`;
      throw (
        stopped(this.options.signal) ??
        stepFailed(step, planned.line, label, classified.code, classified.message)
      );
    }
    if (checked !== planned.checked) await this.run(step, planned.line, { type: 'click', target });
    await this.run(step, planned.line, {
      type: 'assert_element',
      target,
      state,
      ...(planned.timeoutMs === undefined ? {} : { timeoutMs: planned.timeoutMs }),
    });
  }

  async record(step: StepsFileStep): Promise<void> {
    this.brainStates.push({
      idx: this.brainStates.length,
      valid: true,
      evaluationPreviousGoal:
        this.brainStates.length === 0
          ? 'Recorded from a steps file, starting on the start page.'
          : 'The previous step passed.',
      memory: '',
      nextGoal: step.goal,
      actions: [],
    });
    for (const planned of step.actions) {
      const error = stopped(this.options.signal);
      if (error) throw error;
      if (planned.kind === 'check') await this.check(step, planned);
      else await this.run(step, planned.line, planned.action);
    }
  }
}

/**
 * Executes a steps file once, from its start URL, to record the traversal it describes: one brain state per
 * step (its goal as next_goal), each action with the fingerprint of its element, secrets kept as placeholders.
 * A locator must match exactly one element; any failing step stops the recording with a StepsFileError
 * (STEPS_STEP_FAILED) naming the step, its line and what to fix. The result replays like an agent's traversal.
 */
export async function recordTraversalFromSteps(
  stepsFile: StepsFile,
  options: RecordTraversalFromStepsOptions,
): Promise<RecordedTraversal> {
  const context: ActionContext = {
    secrets: options.secrets ?? new Map(),
    captureFingerprint: true,
    timeoutMs: options.actionTimeoutMs,
    assertionTimeoutMs: options.assertionTimeoutMs,
    signal: options.signal,
    baseUrl: options.baseUrl,
    navigationPolicy: options.navigationPolicy,
    uploadDir: options.uploadDir,
  };
  let start: URL;
  try {
    start = resolveStartUrl(stepsFile.startUrl, options.baseUrl);
  } catch (error) {
    const issue = { line: null, step: null, path: 'startUrl', message: (error as Error).message };
    throw new StepsFileError('STEPS_FILE_INVALID', formatIssue(issue), [issue], { cause: error });
  }
  const opened = await executeAction(
    options.session,
    { type: 'navigate', url: start.href },
    context,
  );
  if (!opened.ok) {
    const issue = {
      line: null,
      step: null,
      path: 'startUrl',
      message: `the start URL could not be opened: ${opened.error?.message ?? 'unknown error'}`,
    };
    throw (
      stopped(options.signal) ??
      new StepsFileError('STEPS_STEP_FAILED', formatIssue(issue), [issue])
    );
  }
  const recorder = new StepsRecorder(options, context);
  for (const step of stepsFile.steps) await recorder.record(step);
  const traversal: RecordedTraversal = {
    expectedOutcome: stepsFile.expectedOutcome,
    brainStates: recorder.brainStates,
    secretNames: [...stepsFile.secretNames],
  };
  return traversal;
}

/** Whether an error is a failing step (as opposed to an invalid file or a cancellation). */
export function isStepFailure(
  error: unknown,
): error is StepsFileError & { code: 'STEPS_STEP_FAILED' } {
  return error instanceof StepsFileError && error.code === 'STEPS_STEP_FAILED';
}
