// What runAgent needs: the task, the ports it uses (session, model, guard, events), its limits and the repair entry.
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { BrowserSession } from '../browser/browser-session.ts';
import type { RetryPolicy, Sleep } from '../llm/retry-delay.ts';
import type { UsageMeter } from '../llm/usage-meter.ts';
import type { CountTokens } from '../page-state/token-count.ts';
import type { RecordedBrainState } from '../run/run-record.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { AgentError } from './agent-error.ts';
import type { AgentEvent } from './agent-events.ts';

/** The test as the agent is told it (the test case and the traversal's expected outcome). */
export interface AgentTask {
  /** What to do, in the test author's words. */
  description: string;
  /** Extra rules of the test case (may be empty). */
  extraRules?: string;
  /** What must hold at the end; the agent must verify it with an assertion before finishing. */
  expectedOutcome: string;
  /** Where the test starts (shown to the model; runAgent itself never navigates there). */
  startUrl: string;
  /** Hosts the test may visit besides the application's own (shown to the model; the guard enforces them). */
  allowedDomains?: readonly string[];
}

/** Limits of one agent loop. Every one has a default (AGENT_LIMIT_DEFAULTS). */
export interface AgentLimits {
  /** Model steps (one model call each, invalid replies fed back included) before the run fails with budget_exceeded. */
  maxSteps: number;
  /** Actions run per step; more are dropped and the model is told. */
  maxActionsPerStep: number;
  /** Steps in a row that fail (a failed action, an unusable reply, a step out of time) before the run fails. */
  maxConsecutiveFailures: number;
  /** `done(success: true)` refused for lack of a passing assertion this many times, then the run fails. */
  maxRejectedDones: number;
  /** Time for one step: observing the page, the model call and the actions. */
  stepTimeoutMs: number;
  /** Time for the whole loop when no `deadline` is given. */
  totalTimeoutMs: number;
  /** Time for one model call (each retry gets its own), within the step's time. */
  llmCallTimeoutMs: number;
  /** Budget of one interaction (resolving, waiting for actionability, acting); assertions have their own. */
  actionTimeoutMs: number;
  /** Tokens of the page state shown to the model. */
  pageStateTokens: number;
  /** Tokens of the brain-state history shown to the model; older steps are summarised, then omitted. */
  historyTokens: number;
}

export const AGENT_LIMIT_DEFAULTS: Readonly<AgentLimits> = Object.freeze({
  maxSteps: 40,
  maxActionsPerStep: 6,
  maxConsecutiveFailures: 4,
  maxRejectedDones: 2,
  stepTimeoutMs: 180_000,
  totalTimeoutMs: 20 * 60_000,
  llmCallTimeoutMs: 90_000,
  actionTimeoutMs: 10_000,
  pageStateTokens: 4_000,
  historyTokens: 2_500,
});

/** A blocked request as the domain guard reports it (URL query strings already trimmed by the guard). */
export interface BlockedRequestReport {
  url: string;
  kind: string;
  reason: string;
  host?: string;
  /** False when the guard saw the request but could not stop it; stopped when absent. */
  blocked?: boolean;
}

/** The part of the domain guard the loop uses: what was blocked since the last call. */
export interface BlockedRequestSource {
  drainBlocked(): readonly BlockedRequestReport[];
}

/**
 * Starting the loop as a repair, from the page where replay stopped (DESIGN §3). The session is the replay's;
 * nothing is navigated first.
 */
export interface AgentRepairStart {
  /**
   * The replayed prefix, in order, as recorded (texts, actions, validity). Shown to the model as its history, and
   * copied at the start of the produced traversal, so the repaired path = this prefix + the agent's new steps.
   */
  priorBrainStates: readonly RecordedBrainState[];
  /** The remaining recorded next_goals, in order: shown as hints that may no longer be accurate. */
  hints: readonly string[];
  /** Why replay stopped (secret-free), e.g. "no element matched getByRole('button', { name: 'Pay' })". */
  reason?: string;
}

export type AgentLogLevel = 'debug' | 'info' | 'warn';

/** A log line of the loop; messages and fields never hold secret values, page texts or prompts. */
export interface AgentLogEntry {
  level: AgentLogLevel;
  message: string;
  fields?: Record<string, string | number | boolean | null>;
}

/** Options of the model calls (the LLM layer's knobs). */
export interface AgentModelOptions {
  retry?: Partial<RetryPolicy>;
  maxValidationRetries?: number;
  temperature?: number;
  maxOutputTokens?: number;
  /** Injected for tests (retry back-off). */
  sleep?: Sleep;
}

export interface RunAgentOptions {
  /** An open session on the page to start from; runAgent never closes it. */
  session: BrowserSession;
  model: LanguageModelV3;
  task: AgentTask;
  /** Secret values by name: the model sees only the names; values are typed, never shown nor recorded. */
  secrets?: SecretValues;
  limits?: Partial<AgentLimits>;
  /** Cancels the loop: the model call and the browser action in flight stop, and the run fails as cancelled. */
  signal?: AbortSignal;
  /** Absolute clock time (ms) when the run must end (a timeout failure); defaults to now + totalTimeoutMs. */
  deadline?: number;
  /** Live progress for the worker; awaited, and its errors are logged, never fatal. */
  onEvent?: (event: AgentEvent) => void | Promise<void>;
  /** Set to start as a repair (no navigation; prior brain states and hints). */
  repair?: AgentRepairStart;
  /** Reports requests blocked by the domain guard; they are shown to the model with the step's results. */
  blockedRequests?: BlockedRequestSource;
  /** Refuses navigate actions to URLs outside the allowed domains (the guard's checkNavigationUrl). */
  navigationPolicy?: (url: URL) => string | null;
  /** Base for relative URLs of navigate actions (the project's URL). */
  baseUrl?: string;
  /** The only directory upload_file may take files from. */
  uploadDir?: string;
  /** Usage of every model call is recorded here; a new meter when absent. RunOutcome.usage is its content. */
  meter?: UsageMeter;
  /** Send a screenshot of the viewport with the page state (for vision models). Default false. */
  vision?: boolean;
  /** Index of the first ExecutedStep (a repair continues the replay's numbering). Default 0. */
  firstStepIdx?: number;
  llm?: AgentModelOptions;
  /** Token counter for the history budget; the page state's estimate by default. */
  countTokens?: CountTokens;
  log?: (entry: AgentLogEntry) => void;
  /** Injected for tests. */
  clock?: () => number;
}

export function resolveLimits(limits: Partial<AgentLimits> | undefined): AgentLimits {
  const resolved = { ...AGENT_LIMIT_DEFAULTS };
  for (const [key, value] of Object.entries(limits ?? {}) as [
    keyof AgentLimits,
    number | undefined,
  ][]) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) {
      throw new AgentError(
        'AGENT_OPTIONS_INVALID',
        `agent limit ${key} must be a positive number (got ${String(value)})`,
      );
    }
    resolved[key] = Math.floor(value);
  }
  return resolved;
}
