// Opens the guarded browser session a test runs in and its start page; says why when that fails (as a run failure).
import { executeAction } from '../actions/execute-action.ts';
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
import type { SecretValues } from '../secrets/secret-text.ts';
import { failureKindOfActionError, failureKindOfBrowserError } from './classify-run-failure.ts';
import { DEFAULT_START_NAVIGATION_TIMEOUT_MS } from './run-agentic.ts';
import type { RunFailure } from './run-record.ts';

export interface OpenTestSessionOptions {
  /** The start URL, already resolved against the project URL. */
  start: URL;
  projectUrl: string;
  allowedDomains: readonly string[];
  browserConfig?: BrowserConfigInput;
  browser?: LaunchedBrowser;
  launch?: OpenBrowserSessionOptions['launch'];
  secrets: SecretValues;
  signal?: AbortSignal;
  deadline: number;
  startNavigationTimeoutMs?: number;
  /** How long network and DOM must stay quiet for the start page to count as settled (default: executeAction's). */
  startSettleQuietMs?: number;
  onSessionOpened?: (session: BrowserSession) => void | Promise<void>;
}

export type OpenedTestSession =
  | {
      ok: true;
      session: BrowserSession;
      guard: DomainGuard | undefined;
      /** The check navigate actions call: null to allow, or why the URL is refused. */
      navigationPolicy: (url: URL) => string | null;
    }
  | { ok: false; failure: RunFailure };

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 300);
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

const failed = (kind: RunFailure['kind'], message: string): OpenedTestSession => ({
  ok: false,
  failure: { kind, message, stepIdx: null },
});

/**
 * Opens a session whose whole context is guarded (only the project's host, the start URL's host and the allowed
 * domains are reachable) and opens the start URL in it, settled. On failure nothing is left open.
 */
export async function openTestSession(options: OpenTestSessionOptions): Promise<OpenedTestSession> {
  const { signal } = options;
  let allowedHosts: string[];
  try {
    allowedHosts = allowedHostsOf(options.projectUrl, options.start, options.allowedDomains);
  } catch (error) {
    return failed('infrastructure', `the test's allowed domains are invalid: ${firstLine(error)}`);
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
      { type: 'navigate', url: options.start.href },
      {
        secrets: options.secrets,
        signal,
        navigationPolicy,
        baseUrl: options.projectUrl,
        ...(options.startSettleQuietMs !== undefined && {
          settle: { quietMs: options.startSettleQuietMs },
        }),
        timeoutMs: Math.min(
          options.startNavigationTimeoutMs ?? DEFAULT_START_NAVIGATION_TIMEOUT_MS,
          Math.max(1, options.deadline - Date.now()),
        ),
      },
    );
    if (!opened.ok) {
      await session.close();
      if (signal?.aborted) return failed('cancelled', 'the run was cancelled');
      const code = opened.error?.code ?? 'BROWSER_ERROR';
      return failed(
        failureKindOfActionError(code),
        `the start URL could not be opened: ${opened.error?.message ?? code}`,
      );
    }
    guard?.drainBlocked();
    return { ok: true, session, guard, navigationPolicy };
  } catch (error) {
    await session.close();
    if (signal?.aborted) return failed('cancelled', 'the run was cancelled');
    return failed('infrastructure', `the start page could not be opened: ${firstLine(error)}`);
  }
}
