// An AGENTIC run from start to end: a guarded browser session, the start page, the agent loop, the session closed.
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { executeAction } from '../actions/execute-action.ts';
import { AgentError } from '../agent/agent-error.ts';
import type { AgentEvent } from '../agent/agent-events.ts';
import {
  resolveLimits,
  type AgentLimits,
  type AgentLogEntry,
  type AgentModelOptions,
} from '../agent/agent-options.ts';
import { redactReport } from '../agent/redact-report.ts';
import { runAgent, type AgentOutcome } from '../agent/run-agent.ts';
import type { BrowserConfigInput } from '../browser/browser-config.ts';
import { isBrowserError } from '../browser/browser-errors.ts';
import {
  openBrowserSession,
  type BrowserSession,
  type OpenBrowserSessionOptions,
} from '../browser/browser-session.ts';
import type { LaunchedBrowser } from '../browser/launch-browser.ts';
import { installDomainGuard, type DomainGuard } from '../guard/domain-guard.ts';
import {
  buildAllowedHosts,
  checkNavigationUrl,
  compileHostAllowlist,
} from '../guard/host-patterns.ts';
import type { UsageMeter } from '../llm/usage-meter.ts';
import type { CountTokens } from '../page-state/token-count.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { failureKindOfActionError, failureKindOfBrowserError } from './classify-run-failure.ts';
import type { FailureKind } from './run-record.ts';

export const DEFAULT_START_NAVIGATION_TIMEOUT_MS = 30_000;

/** The test to perform: the test case's fields and the traversal's expected outcome. */
export interface AgenticTestSpec {
  description: string;
  extraRules?: string;
  expectedOutcome: string;
  /** The test case's url_route: absolute, or relative to the project URL. */
  startUrl: string;
  /** The test case's allowed_domains (host patterns: `example.com`, `*.example.com`, optional `:port`). */
  allowedDomains?: readonly string[];
}

export interface RunAgenticTestOptions {
  test: AgenticTestSpec;
  /** The project's base URL (default_url_route, or the test config's override): its host is always allowed. */
  projectUrl: string;
  model: LanguageModelV3;
  /** The browser config of the traversal (desktop Chromium when absent). */
  browserConfig?: BrowserConfigInput;
  /** A launched browser to open the session's context in (the worker shares one); launched when absent. */
  browser?: LaunchedBrowser;
  /** How to launch (or connect to) a browser when none is passed: executable path, remote endpoint… */
  launch?: OpenBrowserSessionOptions['launch'];
  secrets?: SecretValues;
  limits?: Partial<AgentLimits>;
  /** Cancels the run: the browser session closes at once and the run fails as cancelled. */
  signal?: AbortSignal;
  /** Absolute clock time (ms) when the run must end; now + limits.totalTimeoutMs by default. */
  deadline?: number;
  onEvent?: (event: AgentEvent) => void | Promise<void>;
  uploadDir?: string;
  meter?: UsageMeter;
  vision?: boolean;
  llm?: AgentModelOptions;
  countTokens?: CountTokens;
  log?: (entry: AgentLogEntry) => void;
  /** Time to open the start URL (default 30 s). */
  startNavigationTimeoutMs?: number;
  /** Called once the session is open and guarded, before the start URL is opened (tracing, tests). */
  onSessionOpened?: (session: BrowserSession) => void | Promise<void>;
}

/** Resolves the start URL against the project URL; throws AgentError for a URL that is not http(s). */
export function resolveStartUrl(startUrl: string, projectUrl: string): URL {
  let url: URL;
  try {
    url = new URL(startUrl, projectUrl);
  } catch (error) {
    throw new AgentError(
      'AGENT_OPTIONS_INVALID',
      `the start URL ${JSON.stringify(startUrl)} is not a URL`,
      {
        cause: error,
      },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AgentError(
      'AGENT_OPTIONS_INVALID',
      `the start URL must be http or https, not ${url.protocol}`,
    );
  }
  return url;
}

/** The project's host, the start URL's host when it is elsewhere, then the test's allowed domains. */
function allowedHostsOf(
  projectUrl: string,
  start: URL,
  allowedDomains: readonly string[],
): string[] {
  const hosts = buildAllowedHosts(projectUrl, allowedDomains);
  const startHost = start.port !== '' ? `${start.hostname}:${start.port}` : start.hostname;
  if (!compileHostAllowlist(hosts).allowsUrl(start)) hosts.splice(1, 0, startHost);
  return hosts;
}

function failedBeforeAgent(
  spec: AgenticTestSpec,
  kind: FailureKind,
  message: string,
): AgentOutcome {
  return {
    status: 'failed',
    failure: { kind, message, stepIdx: null },
    steps: [],
    producedTraversal: { expectedOutcome: spec.expectedOutcome, brainStates: [], secretNames: [] },
    repairWasNeeded: false,
    usage: [],
    modelSteps: 0,
    doneOutcome: null,
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 300);
}

/**
 * Performs a test with the agent and records its traversal. Opens a session whose whole context is guarded
 * (only the project's host, the start URL's host and the allowed domains are reachable), opens the start URL,
 * runs the agent, and closes the session on every path. PASSED only when the agent's done was accepted (its
 * outcome verified by a passing assertion). Launch failures and browser crashes fail as `infrastructure`;
 * never throws for what happens during the run (AgentError only for invalid options).
 */
export async function runAgenticTest(options: RunAgenticTestOptions): Promise<AgentOutcome> {
  const { test, signal } = options;
  const limits = resolveLimits(options.limits);
  const deadline = options.deadline ?? Date.now() + limits.totalTimeoutMs;
  const secrets: SecretValues = options.secrets ?? new Map();
  const start = resolveStartUrl(test.startUrl, options.projectUrl);
  const log = (level: AgentLogEntry['level'], message: string): void =>
    options.log?.({ level, message: redactReport(message, secrets) });
  /** A run that ends before the agent started still reports its end, as runAgent does. */
  const failed = async (kind: FailureKind, message: string): Promise<AgentOutcome> => {
    const outcome = failedBeforeAgent(test, kind, redactReport(message, secrets));
    log('warn', `agentic run failed before the agent started: ${outcome.failure?.message ?? ''}`);
    try {
      await options.onEvent?.({ type: 'run_finished', status: 'failed', failure: outcome.failure });
    } catch (error) {
      log('warn', `an event listener failed: ${firstLine(error)}`);
    }
    return outcome;
  };

  let allowedHosts: string[];
  try {
    allowedHosts = allowedHostsOf(options.projectUrl, start, test.allowedDomains ?? []);
  } catch (error) {
    return await failed(
      'infrastructure',
      `the test's allowed domains are invalid: ${firstLine(error)}`,
    );
  }

  let guard: DomainGuard | undefined;
  let session: BrowserSession;
  try {
    session = await openBrowserSession({
      config: options.browserConfig,
      browser: options.browser,
      launch: options.launch,
      signal,
      baseURL: options.projectUrl,
      onContextCreated: async (context) => {
        guard = await installDomainGuard(context, { allowedHosts });
      },
    });
  } catch (error) {
    if (signal?.aborted) return failed('cancelled', 'the run was cancelled');
    if (isBrowserError(error)) return failed(failureKindOfBrowserError(error.code), error.message);
    return failed('infrastructure', `the browser session could not be opened: ${firstLine(error)}`);
  }

  try {
    await options.onSessionOpened?.(session);
    const activeGuard = guard;
    const navigationPolicy = (url: URL): string | null => {
      const check = checkNavigationUrl(url.href, activeGuard?.allowlist ?? allowedHosts);
      return check.allowed ? null : check.reason;
    };
    const opened = await executeAction(
      session,
      { type: 'navigate', url: start.href },
      {
        secrets,
        signal,
        navigationPolicy,
        baseUrl: options.projectUrl,
        timeoutMs: Math.min(
          options.startNavigationTimeoutMs ?? DEFAULT_START_NAVIGATION_TIMEOUT_MS,
          Math.max(1, deadline - Date.now()),
        ),
      },
    );
    if (!opened.ok) {
      if (signal?.aborted) return failed('cancelled', 'the run was cancelled');
      const code = opened.error?.code ?? 'BROWSER_ERROR';
      return failed(
        failureKindOfActionError(code),
        `the start URL could not be opened: ${opened.error?.message ?? code}`,
      );
    }
    const blockedAtStart = activeGuard?.drainBlocked() ?? [];
    if (blockedAtStart.length > 0)
      log('info', `the start page tried ${blockedAtStart.length} blocked requests`);

    return await runAgent({
      session,
      model: options.model,
      task: {
        description: test.description,
        extraRules: test.extraRules,
        expectedOutcome: test.expectedOutcome,
        startUrl: start.href,
        allowedDomains: test.allowedDomains ?? [],
      },
      secrets,
      limits,
      signal,
      deadline,
      onEvent: options.onEvent,
      blockedRequests: activeGuard,
      navigationPolicy,
      baseUrl: options.projectUrl,
      uploadDir: options.uploadDir,
      meter: options.meter,
      vision: options.vision,
      llm: options.llm,
      countTokens: options.countTokens,
      log: options.log,
    });
  } catch (error) {
    if (signal?.aborted) return failed('cancelled', 'the run was cancelled');
    return failed('infrastructure', `the run failed unexpectedly: ${firstLine(error)}`);
  } finally {
    await session.close();
  }
}
