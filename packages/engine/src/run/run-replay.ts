// A REPLAY run from start to end: a guarded session, the start page, the recorded traversal (and repair), the session closed.
import type { AgentLogEntry } from '../agent/agent-options.ts';
import { redactReport } from '../agent/redact-report.ts';
import type { BrowserConfigInput } from '../browser/browser-config.ts';
import type { BrowserSession, OpenBrowserSessionOptions } from '../browser/browser-session.ts';
import type { LaunchedBrowser } from '../browser/launch-browser.ts';
import type { UsageMeter } from '../llm/usage-meter.ts';
import type { ReplayRepairOptions, ReplaySettings, RunEvent } from '../replay/replay-options.ts';
import { DEFAULT_REPLAY_TIMEOUT_MS, resolveReplaySettings } from '../replay/replay-options.ts';
import { replayTraversal } from '../replay/replay-traversal.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { openTestSession } from './open-test-session.ts';
import { resolveStartUrl, type AgenticTestSpec } from './run-agentic.ts';
import type { RecordedTraversal, RunFailure, RunOutcome } from './run-record.ts';

export interface RunReplayTestOptions {
  /** The test case's fields and the traversal's expected outcome (the repair agent is told them). */
  test: AgenticTestSpec;
  /** The project's base URL (or the test config's override): its host is always allowed. */
  projectUrl: string;
  /** The traversal to replay (the latest version for the browser config). */
  traversal: RecordedTraversal;
  browserConfig?: BrowserConfigInput;
  browser?: LaunchedBrowser;
  launch?: OpenBrowserSessionOptions['launch'];
  secrets?: SecretValues;
  /** Cancels the run: the session closes and the run fails as cancelled. */
  signal?: AbortSignal;
  /** Absolute clock time (ms) when the run must end. */
  deadline?: number;
  onEvent?: (event: RunEvent) => void | Promise<void>;
  uploadDir?: string;
  meter?: UsageMeter;
  settings?: Partial<ReplaySettings>;
  /** The agent that may repair a failed step; its task comes from `test`. Absent: no repair. */
  repair?: Omit<ReplayRepairOptions, 'task'>;
  log?: (entry: AgentLogEntry) => void;
  startNavigationTimeoutMs?: number;
  onSessionOpened?: (session: BrowserSession) => void | Promise<void>;
}

function failedBeforeReplay(failure: RunFailure): RunOutcome {
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
 * Replays a traversal in a fresh guarded session: opens the start URL (settled), replays (repairing when asked
 * and allowed), and closes the session on every path. Launch failures and a start page that cannot be opened
 * fail as infrastructure (or cancelled / timeout); never throws for what happens during the run.
 */
export async function runReplayTest(options: RunReplayTestOptions): Promise<RunOutcome> {
  const { test, signal } = options;
  const secrets: SecretValues = options.secrets ?? new Map();
  const deadline = options.deadline ?? Date.now() + DEFAULT_REPLAY_TIMEOUT_MS;
  let start: URL;
  try {
    start = resolveStartUrl(test.startUrl, options.projectUrl);
  } catch (error) {
    return failedBeforeReplay({
      kind: 'infrastructure',
      message: error instanceof Error ? error.message : String(error),
      stepIdx: null,
    });
  }
  const opened = await openTestSession({
    start,
    projectUrl: options.projectUrl,
    allowedDomains: test.allowedDomains ?? [],
    browserConfig: options.browserConfig,
    browser: options.browser,
    launch: options.launch,
    secrets,
    signal,
    deadline,
    startNavigationTimeoutMs: options.startNavigationTimeoutMs,
    // The start page is settled as every replayed step is.
    startSettleQuietMs: resolveReplaySettings(options.settings).settleQuietMs,
    onSessionOpened: options.onSessionOpened,
  });
  if (!opened.ok) {
    const failure = redactReport(opened.failure, secrets);
    options.log?.({
      level: 'warn',
      message: `replay failed before it started: ${failure.message}`,
    });
    try {
      await options.onEvent?.({ type: 'run_finished', status: 'failed', failure });
    } catch {
      // A failing listener is never fatal; there is nothing left to report it to.
    }
    return failedBeforeReplay(failure);
  }
  const { session } = opened;
  try {
    return await replayTraversal({
      session,
      traversal: options.traversal,
      secrets,
      baseUrl: options.projectUrl,
      navigationPolicy: opened.navigationPolicy,
      uploadDir: options.uploadDir,
      signal,
      deadline,
      onEvent: options.onEvent,
      settings: options.settings,
      repair: options.repair && {
        ...options.repair,
        task: {
          description: test.description,
          extraRules: test.extraRules,
          expectedOutcome: test.expectedOutcome,
          startUrl: start.href,
          allowedDomains: test.allowedDomains ?? [],
        },
      },
      blockedRequests: opened.guard,
      meter: options.meter,
      log: options.log,
    });
  } finally {
    await session.close();
  }
}
