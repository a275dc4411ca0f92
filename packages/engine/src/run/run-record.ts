// What a run produces, shared by agentic runs, replay and repair: the recorded traversal, executed steps, the outcome.
import type { Action } from '../actions/action-schema.ts';
import type { BoundingBox, ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import type { ModelUsage } from '../llm/usage-meter.ts';

/** Why a run failed (DESIGN §3, STYLE §5). Every consumer switches over this exhaustively. */
export const FAILURE_KINDS = [
  'assertion_failed',
  'element_not_found',
  'ambiguous_element',
  'navigation_blocked',
  'outcome_unreachable',
  'timeout',
  'infrastructure',
  'cancelled',
  'budget_exceeded',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface RunFailure {
  kind: FailureKind;
  /** Says what happened and, where it can, what to fix. Never contains a secret value. */
  message: string;
  /** Index into `RunOutcome.steps` of the step that failed, when one did. */
  stepIdx: number | null;
}

/** One action as stored in a traversal: placeholders for secrets, a locator instead of an ephemeral ref. */
export interface RecordedAction {
  idx: number;
  action: Action;
  domElementData: ElementFingerprint | null;
}

/** One agent step (the spec's BrainState). `valid: false` for failed or superseded steps: replay skips them. */
export interface RecordedBrainState {
  idx: number;
  valid: boolean;
  evaluationPreviousGoal: string;
  memory: string;
  nextGoal: string;
  actions: RecordedAction[];
}

/** A traversal as the engine records it; the worker saves it as a new version. */
export interface RecordedTraversal {
  expectedOutcome: string;
  brainStates: RecordedBrainState[];
  /** Names (never values) of the secrets the path types. */
  secretNames: string[];
}

/** How the element of an executed step was found (the history element's locate method). */
export type LocateMethod = 'locator' | 'healed' | 'repaired' | 'none';

/** One executed action (the spec's HistoryElement), in execution order. */
export interface ExecutedStep {
  idx: number;
  /**
   * Which traversal holds the executed action: `replayed` = the traversal the run replayed, `produced` = the one
   * this run recorded (agentic) or saved as version N+1 (repair). The positions address the action inside it.
   */
  traversal: 'replayed' | 'produced';
  brainStateIdx: number;
  actionIdx: number;
  startedAt: string;
  finishedAt: string;
  passed: boolean;
  locateMethod: LocateMethod;
  /** Similarity score when the element was healed. */
  healScore: number | null;
  /** Error message of a failed step, secret-free. */
  error: string | null;
  /** The step's goal (the brain state's next_goal), used as the GIF caption. */
  caption: string;
  /** JPEG screenshot after the action (or at failure). */
  screenshot: Uint8Array | null;
  /** The acted element's box in screenshot pixels. */
  screenshotBox: BoundingBox | null;
  /** The recorded action (placeholders, never values), for display. */
  action: Action;
}

export interface RunOutcome {
  status: 'passed' | 'failed';
  failure: RunFailure | null;
  steps: ExecutedStep[];
  /** The traversal this run recorded (agentic) or repaired (version N+1); null for a plain replay. */
  producedTraversal: RecordedTraversal | null;
  repairWasNeeded: boolean;
  /** Token usage of every model call made by the run (failed attempts included), per model; empty when none. */
  usage: ModelUsage[];
  /**
   * The run GIF (steps' screenshots, acted element outlined, goal captions, pass/fail badge), set by runTest;
   * null when no step had a screenshot or rendering failed. Absent from outcomes of the lower-level runners.
   */
  gif?: Uint8Array | null;
}
