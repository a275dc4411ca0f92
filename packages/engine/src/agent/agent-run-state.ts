// The state of one agent run across its steps: recorder, history, counters, and how the run ends.
import type { Page } from 'playwright-core';
import { createUsageMeter, type UsageMeter } from '../llm/usage-meter.ts';
import type { PageObservation } from '../page-state/observe-page.ts';
import type { FailureKind, RunFailure, RunOutcome } from '../run/run-record.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import type { AgentEvent } from './agent-events.ts';
import { historyOfRecordedBrainStates, type HistoryEntry } from './agent-history.ts';
import {
  resolveLimits,
  type AgentLimits,
  type AgentLogEntry,
  type RunAgentOptions,
} from './agent-options.ts';
import { initialVerification, type VerificationState } from './outcome-verification.ts';
import { redactReport } from './redact-report.ts';
import { RunScope, type StopCause } from './run-limits.ts';
import { TraversalRecorder } from './traversal-recorder.ts';

/** What runAgent returns: the run's outcome, plus what the loop itself knows. */
export interface AgentOutcome extends RunOutcome {
  /** Model steps taken (each one model call, with the LLM layer's own retries). */
  modelSteps: number;
  /** The agent's last word: the `outcome` of its accepted or unreachable done; null otherwise. */
  doneOutcome: string | null;
}

/** A step either ends the run (its outcome) or lets it go on (null). */
export type StepVerdict = AgentOutcome | null;

export function stopFailure(cause: StopCause, stepIdx: number | null): RunFailure {
  switch (cause) {
    case 'cancelled':
      return { kind: 'cancelled', message: 'the run was cancelled', stepIdx };
    case 'run_timeout':
      return {
        kind: 'timeout',
        message: 'the run ran out of time before the outcome was verified',
        stepIdx,
      };
    case 'step_timeout':
      return { kind: 'timeout', message: 'the step ran out of time', stepIdx };
  }
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 300);
}

export class AgentRunState {
  readonly limits: AgentLimits;
  readonly secrets: SecretValues;
  readonly meter: UsageMeter;
  readonly recorder: TraversalRecorder;
  readonly history: HistoryEntry[];
  readonly run: RunScope;
  verification: VerificationState = initialVerification();
  consecutiveFailures = 0;
  rejectedDones = 0;
  modelSteps = 0;
  /** What the next step message says about the step before it. */
  previousStep: string;
  /** The previous observation, so the model sees what changed within a page. */
  lastSeen: { page: Page; observation: PageObservation } | null = null;

  constructor(private readonly options: RunAgentOptions) {
    const clock = options.clock ?? Date.now;
    this.limits = resolveLimits(options.limits);
    this.secrets = options.secrets ?? new Map();
    this.meter = options.meter ?? createUsageMeter();
    const prior = options.repair?.priorBrainStates ?? [];
    this.recorder = new TraversalRecorder(
      options.task.expectedOutcome,
      prior,
      options.firstStepIdx ?? 0,
    );
    this.history = options.repair ? historyOfRecordedBrainStates(prior) : [];
    this.run = new RunScope(
      options.signal,
      options.deadline ?? clock() + this.limits.totalTimeoutMs,
      clock,
    );
    this.previousStep = options.repair
      ? 'This is your first step of the repair: nothing has run yet. Start by evaluating the page where replay stopped.'
      : 'This is the first step: nothing has run yet.';
  }

  get isRepair(): boolean {
    return this.options.repair !== undefined;
  }

  redact(text: string): string {
    return redactReport(text, this.secrets);
  }

  log(level: AgentLogEntry['level'], message: string, fields?: AgentLogEntry['fields']): void {
    this.options.log?.({
      level,
      message: this.redact(message),
      ...(fields ? { fields: redactReport(fields, this.secrets) } : {}),
    });
  }

  /** Hands an event to the listener; a failing listener is logged, never fatal. */
  async emit(event: AgentEvent): Promise<void> {
    if (!this.options.onEvent) return;
    try {
      await this.options.onEvent(redactReport(event, this.secrets));
    } catch (error) {
      this.log('warn', `an event listener failed: ${firstLine(error)}`, { event: event.type });
    }
  }

  /** Ends the run: passed when `failure` is null. Everything handed out is redacted of secret values. */
  async finish(
    failure: RunFailure | null,
    doneOutcome: string | null = null,
  ): Promise<AgentOutcome> {
    const outcome = redactReport<AgentOutcome>(
      {
        status: failure === null ? 'passed' : 'failed',
        failure,
        steps: this.recorder.executedSteps(),
        producedTraversal: this.recorder.traversal(),
        repairWasNeeded: this.isRepair,
        usage: this.meter.byModel(),
        modelSteps: this.modelSteps,
        doneOutcome,
      },
      this.secrets,
    );
    const summary = outcome.failure
      ? `agent run failed: ${outcome.failure.message}`
      : 'agent run passed';
    this.log(outcome.failure ? 'warn' : 'info', summary, {
      kind: outcome.failure?.kind ?? null,
      modelSteps: this.modelSteps,
      executedSteps: outcome.steps.length,
    });
    await this.emit({ type: 'run_finished', status: outcome.status, failure: outcome.failure });
    return outcome;
  }

  fail(kind: FailureKind, message: string, stepIdx: number | null = null): Promise<AgentOutcome> {
    return this.finish({ kind, message, stepIdx });
  }

  /** A step that failed without ending the run by itself: the run fails once too many fail in a row. */
  async stepFailed(stepNumber: number, failure: RunFailure, reason: string): Promise<StepVerdict> {
    this.consecutiveFailures += 1;
    await this.emit({ type: 'step_failed', stepNumber, reason: this.redact(reason) });
    if (this.consecutiveFailures < this.limits.maxConsecutiveFailures) return null;
    return this.fail(
      failure.kind,
      `the agent failed ${this.consecutiveFailures} steps in a row; the last failure: ${failure.message}`,
      failure.stepIdx,
    );
  }

  /**
   * When the step was stopped: a cancellation or the run's deadline ends the run; a step out of time is a
   * failed step the model hears about. Returns undefined when nothing stopped the step.
   */
  async stopped(
    cause: StopCause | null,
    stepNumber: number,
    stepIdx: number | null,
    report: string,
  ): Promise<StepVerdict | undefined> {
    if (cause === null) return undefined;
    if (cause !== 'step_timeout') return this.finish(stopFailure(cause, stepIdx));
    const note =
      'Your previous step ran out of time before it finished; the page may have changed since.';
    this.previousStep = report ? `${report}\n${note}` : note;
    return this.stepFailed(stepNumber, stopFailure(cause, stepIdx), 'the step ran out of time');
  }
}
