// What replayTraversal needs: the traversal, the open session and its ports, the settings, and the repair it may call.
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { AgentEvent } from '../agent/agent-events.ts';
import type {
  AgentLimits,
  AgentLogEntry,
  AgentModelOptions,
  AgentTask,
  BlockedRequestSource,
} from '../agent/agent-options.ts';
import type { BrowserSession } from '../browser/browser-session.ts';
import type { UsageMeter } from '../llm/usage-meter.ts';
import type { CountTokens } from '../page-state/token-count.ts';
import type { RelocationPolicy } from '../relocation/choose-candidate.ts';
import type { RecordedTraversal } from '../run/run-record.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { DEFAULT_RELOCATION_WAIT_MS } from './relocate-element.ts';
import { ReplayError } from './replay-error.ts';

/** Timing and relocation knobs of a replay. Waits are for conditions (actionability, a settled page), never fixed. */
export interface ReplaySettings {
  /** Budget of one interaction: relocating, waiting for actionability, acting. */
  actionTimeoutMs: number;
  /** How long a recorded assertion retries when it does not say. */
  assertionTimeoutMs: number;
  /** Upper bound of the settled-page wait after an action that may change the page. */
  settleCapMs: number;
  /** How long network and DOM must stay quiet for the page to count as settled. */
  settleQuietMs: number;
  /** How long relocation keeps looking for an element that may still be rendering. */
  relocationWaitMs: number;
  relocationPolicy: Partial<RelocationPolicy>;
  /** JPEG quality of the step screenshots (1–100): they feed the GIF, which is 256 colours anyway. */
  screenshotQuality: number;
}

export const REPLAY_SETTING_DEFAULTS: Readonly<ReplaySettings> = Object.freeze({
  actionTimeoutMs: 10_000,
  assertionTimeoutMs: 5_000,
  settleCapMs: 5_000,
  // Long enough to see the request a click starts or the re-render it schedules, short enough to cost little:
  // every step that changes the DOM pays it (the agent's page observation uses 200 ms).
  settleQuietMs: 25,
  relocationWaitMs: DEFAULT_RELOCATION_WAIT_MS,
  relocationPolicy: {},
  screenshotQuality: 60,
});

/** When repair runs: `auto` lets the agent take over where replay failed; `never` fails the run there. */
export type RepairPolicy = 'auto' | 'never';

/** The agent that may repair a failed replay (DESIGN §3), and what it is told. */
export interface ReplayRepairOptions {
  model: LanguageModelV3;
  policy: RepairPolicy;
  /** The test as the agent is told it: description, rules, expected outcome, start URL, allowed domains. */
  task: AgentTask;
  limits?: Partial<AgentLimits>;
  llm?: AgentModelOptions;
  vision?: boolean;
  countTokens?: CountTokens;
}

/** Live progress of a run: the agent's events, plus the moment a replay hands over to repair. */
export type RunEvent =
  | AgentEvent
  | {
      type: 'repair_started';
      /** Index of the executed step that failed (null when no step had run). */
      stepIdx: number | null;
      /** Why replay stopped, as the agent is told it (secret-free). */
      reason: string;
      /** The remaining recorded goals given to the agent as hints. */
      hints: string[];
    };

export interface ReplayTraversalOptions {
  /** An open session on the page where the traversal starts (replay never navigates there itself). */
  session: BrowserSession;
  traversal: RecordedTraversal;
  /** Secret values by name, substituted only when an action runs; redacted from everything reported. */
  secrets?: SecretValues;
  /** Base for relative URLs of navigate actions (the project's URL). */
  baseUrl?: string;
  /** Refuses navigations outside the allowed domains (the domain guard's check). */
  navigationPolicy?: (url: URL) => string | null;
  uploadDir?: string;
  /** Cancels the replay (and a repair): the run fails as cancelled. */
  signal?: AbortSignal;
  /** Absolute clock time (ms) when the run must end: a timeout failure. Default: now + 10 minutes. */
  deadline?: number;
  /** Live progress; awaited, and a failing listener is logged, never fatal. */
  onEvent?: (event: RunEvent) => void | Promise<void>;
  settings?: Partial<ReplaySettings>;
  /** The agent to call when a step fails (policy `auto`); absent = no repair. */
  repair?: ReplayRepairOptions;
  /** Requests the domain guard blocked, reported to a repairing agent. */
  blockedRequests?: BlockedRequestSource;
  /** Usage of every model call (repair); RunOutcome.usage is its content. */
  meter?: UsageMeter;
  log?: (entry: AgentLogEntry) => void;
}

export const DEFAULT_REPLAY_TIMEOUT_MS = 10 * 60_000;

export function resolveReplaySettings(
  settings: Partial<ReplaySettings> | undefined,
): ReplaySettings {
  const resolved: ReplaySettings = { ...REPLAY_SETTING_DEFAULTS };
  for (const [key, value] of Object.entries(settings ?? {}) as [keyof ReplaySettings, unknown][]) {
    if (value === undefined) continue;
    if (key === 'relocationPolicy') {
      resolved.relocationPolicy = value as Partial<RelocationPolicy>;
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ReplayError(
        'REPLAY_OPTIONS_INVALID',
        `replay setting ${key} must be a non-negative number (got ${String(value)})`,
      );
    }
    resolved[key] = value;
  }
  resolved.screenshotQuality = Math.min(100, Math.max(1, Math.round(resolved.screenshotQuality)));
  return resolved;
}
