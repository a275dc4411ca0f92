// The one entry the worker calls to run a test: replay the traversal (repairing per policy) or let the agent record one.
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { AgentLimits, AgentLogEntry, AgentModelOptions } from '../agent/agent-options.ts';
import type { BrowserConfigInput } from '../browser/browser-config.ts';
import type { BrowserSession, OpenBrowserSessionOptions } from '../browser/browser-session.ts';
import type { LaunchedBrowser } from '../browser/launch-browser.ts';
import type { RunGifOptions } from '../gif/run-gif.ts';
import type { UsageMeter } from '../llm/usage-meter.ts';
import type { CountTokens } from '../page-state/token-count.ts';
import type { RepairPolicy, ReplaySettings, RunEvent } from '../replay/replay-options.ts';
import { replayableBrainStates } from '../replay/replay-traversal.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { renderOutcomeGif } from './render-outcome-gif.ts';
import { runAgenticTest, type AgenticTestSpec } from './run-agentic.ts';
import type { RecordedTraversal, RunFailure, RunOutcome } from './run-record.ts';
import { runReplayTest } from './run-replay.ts';

/** `auto`: replay the traversal when there is one, else record one with the agent. */
export type RunMode = 'auto' | 'agentic' | 'replay';
/** The spec's TestRun.run_type. */
export type RunType = 'AGENTIC' | 'REPLAY';

export interface RunTestOptions {
  mode?: RunMode;
  test: AgenticTestSpec;
  /** The project's base URL (or the test config's environment override). */
  projectUrl: string;
  /** The latest traversal of the test case for this browser config, if any. */
  traversal?: RecordedTraversal | null;
  /** The configured model; null/absent when the project has no LLM key (replay still runs, without repair). */
  model?: LanguageModelV3 | null;
  /** The test config's repair policy (default auto): repair needs a model as well. */
  repairPolicy?: RepairPolicy;
  browserConfig?: BrowserConfigInput;
  browser?: LaunchedBrowser;
  launch?: OpenBrowserSessionOptions['launch'];
  secrets?: SecretValues;
  /** Cancels the run: the session closes at once and the run fails as cancelled. */
  signal?: AbortSignal;
  /** Absolute clock time (ms) when the run must end. */
  deadline?: number;
  /** Live progress (steps, brain states, the hand-over to repair, the end). */
  onEvent?: (event: RunEvent) => void | Promise<void>;
  uploadDir?: string;
  /** Usage of every model call; the outcome's usage is its content (the Cost row). */
  meter?: UsageMeter;
  /** Limits of the agent (agentic runs and repairs). */
  limits?: Partial<AgentLimits>;
  llm?: AgentModelOptions;
  vision?: boolean;
  countTokens?: CountTokens;
  replay?: Partial<ReplaySettings>;
  /** Options of the run GIF, or false for none. */
  gif?: Omit<RunGifOptions, 'signal'> | false;
  log?: (entry: AgentLogEntry) => void;
  startNavigationTimeoutMs?: number;
  onSessionOpened?: (session: BrowserSession) => void | Promise<void>;
}

export interface RunTestOutcome extends RunOutcome {
  runType: RunType;
  gif: Uint8Array | null;
}

function hasReplayableActions(traversal: RecordedTraversal | null | undefined): boolean {
  return (
    traversal !== null &&
    traversal !== undefined &&
    replayableBrainStates(traversal.brainStates).some((s) => s.actions.length > 0)
  );
}

/** Which kind of run the options call for, or why none can run. */
export function chooseRunType(
  options: Pick<RunTestOptions, 'mode' | 'traversal' | 'model'>,
): RunType | { refused: string } {
  const mode = options.mode ?? 'auto';
  const replayable = hasReplayableActions(options.traversal);
  const model = options.model !== null && options.model !== undefined;
  switch (mode) {
    case 'replay':
      return replayable ? 'REPLAY' : { refused: 'there is no recorded traversal to replay' };
    case 'agentic':
      return model ? 'AGENTIC' : { refused: 'an agentic run needs a configured model' };
    case 'auto':
      if (replayable) return 'REPLAY';
      return model
        ? 'AGENTIC'
        : {
            refused:
              'the test has no recorded traversal yet and no model is configured: configure an LLM provider, or record the test from a steps file',
          };
  }
}

function refusedOutcome(failure: RunFailure): RunOutcome {
  return {
    status: 'failed',
    failure,
    steps: [],
    producedTraversal: null,
    repairWasNeeded: false,
    usage: [],
  };
}

/**
 * Runs a test once and says what happened. REPLAY: replays the traversal in a fresh guarded session; a failed
 * step is repaired by the agent when the policy is `auto` and a model is configured (a verified repair gives a
 * new traversal version in `producedTraversal`). AGENTIC: the agent performs the test and records a traversal.
 * The session is opened and closed inside, on every path; the GIF is rendered from the steps' screenshots.
 * Never throws for what happens during the run: the outcome says it, classified.
 */
export async function runTest(options: RunTestOptions): Promise<RunTestOutcome> {
  const chosen = chooseRunType(options);
  const log = options.log;
  let outcome: RunOutcome;
  let runType: RunType;
  if (typeof chosen !== 'string') {
    // The kind of run it would have been: what the mode asks for, or in auto mode what the traversal allows.
    runType =
      options.mode === 'replay' ||
      (options.mode !== 'agentic' && hasReplayableActions(options.traversal))
        ? 'REPLAY'
        : 'AGENTIC';
    outcome = refusedOutcome({ kind: 'infrastructure', message: chosen.refused, stepIdx: null });
    try {
      await options.onEvent?.({ type: 'run_finished', status: 'failed', failure: outcome.failure });
    } catch {
      // A failing listener is never fatal.
    }
  } else if (chosen === 'REPLAY') {
    runType = 'REPLAY';
    const model = options.model ?? null;
    outcome = await runReplayTest({
      test: options.test,
      projectUrl: options.projectUrl,
      traversal: options.traversal as RecordedTraversal,
      browserConfig: options.browserConfig,
      browser: options.browser,
      launch: options.launch,
      secrets: options.secrets,
      signal: options.signal,
      deadline: options.deadline,
      onEvent: options.onEvent,
      uploadDir: options.uploadDir,
      meter: options.meter,
      settings: options.replay,
      repair:
        model !== null && (options.repairPolicy ?? 'auto') === 'auto'
          ? {
              model,
              policy: 'auto',
              limits: options.limits,
              llm: options.llm,
              vision: options.vision,
              countTokens: options.countTokens,
            }
          : undefined,
      log,
      startNavigationTimeoutMs: options.startNavigationTimeoutMs,
      onSessionOpened: options.onSessionOpened,
    });
  } else {
    runType = 'AGENTIC';
    const agentic = await runAgenticTest({
      test: options.test,
      projectUrl: options.projectUrl,
      model: options.model as LanguageModelV3,
      browserConfig: options.browserConfig,
      browser: options.browser,
      launch: options.launch,
      secrets: options.secrets,
      limits: options.limits,
      signal: options.signal,
      deadline: options.deadline,
      onEvent: options.onEvent,
      uploadDir: options.uploadDir,
      meter: options.meter,
      vision: options.vision,
      llm: options.llm,
      countTokens: options.countTokens,
      log,
      startNavigationTimeoutMs: options.startNavigationTimeoutMs,
      onSessionOpened: options.onSessionOpened,
    });
    const { modelSteps: _steps, doneOutcome: _done, ...rest } = agentic;
    outcome = rest;
  }
  const gif =
    options.gif === false
      ? null
      : await renderOutcomeGif(outcome.steps, {
          ...options.gif,
          signal: options.signal,
          onError: (error) =>
            log?.({
              level: 'warn',
              message: `the run GIF could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
            }),
        });
  return { ...outcome, runType, gif };
}
