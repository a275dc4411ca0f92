// Starts a local Chromium or connects to a remote browser (Playwright server or CDP); one browser serves many sessions.
import { fileURLToPath } from 'node:url';
import { chromium, firefox, webkit, type Browser, type BrowserType } from 'playwright-core';
import type { BrowserName } from './browser-config.ts';
import { BrowserError, firstLine } from './browser-errors.ts';
import { raceWithSignal, throwIfCancelled } from './cancellation.ts';
import { findChromiumExecutable, isExecutableFile, isHeadlessShell } from './find-chromium.ts';

/** Arguments every local Chromium gets: quiet, sandbox-free for containers, no background traffic. */
export const CHROMIUM_LAUNCH_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * Chromium features every local launch turns off, on top of Playwright's own list. Headless Chromium opens a
 * browser window per context and preloads the omnibox popup's WebUI pages into it: a renderer that parses and
 * runs their scripts, ≈ 0.5 CPU-seconds and ≈ 150 MB per context that no test ever sees (measured on
 * Chromium 156; unknown names are ignored by other versions).
 */
export const CHROMIUM_DISABLED_FEATURES: readonly string[] = [
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
  'WebUIOmniboxFullPopup',
];

/**
 * Chromium keeps only the last `--disable-features` switch, and Playwright passes its own list before ours: the
 * launcher script starts the real executable with repeated feature switches merged, so both lists apply.
 */
export const CHROMIUM_LAUNCHER = fileURLToPath(new URL('./chromium-launcher.sh', import.meta.url));
const LAUNCHER_EXECUTABLE_ENV = 'RETRACE_CHROMIUM_EXECUTABLE';

export const DEFAULT_LAUNCH_TIMEOUT_MS = 30_000;

/** A browser somewhere else: a Playwright server (`launchServer`, `npx playwright run-server`) or a CDP endpoint. */
export type RemoteBrowserEndpoint =
  | { protocol: 'playwright'; wsEndpoint: string; headers?: Record<string, string> }
  | { protocol: 'cdp'; endpointURL: string; headers?: Record<string, string> };

export interface LaunchBrowserOptions {
  /** Default chromium; firefox and webkit only through a remote Playwright server. */
  browser?: BrowserName;
  /** Local Chromium executable; found on the system when absent. */
  executablePath?: string;
  /** Connect instead of launching. */
  remote?: RemoteBrowserEndpoint;
  headless?: boolean;
  /**
   * More Chromium arguments after CHROMIUM_LAUNCH_ARGS. A `--disable-features`/`--enable-features` list here is
   * merged with Playwright's and CHROMIUM_DISABLED_FEATURES by the launcher, not put in their place.
   */
  extraArgs?: readonly string[];
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The only places to look when executablePath is absent (default: the usual install paths, then Playwright's). */
  executableCandidates?: readonly string[];
}

/** A running or connected browser. Sessions each open their own context in it. */
export interface LaunchedBrowser {
  readonly browser: Browser;
  readonly name: BrowserName;
  readonly remote: boolean;
  /** The local executable, or null for a remote browser. */
  readonly executablePath: string | null;
  readonly closed: boolean;
  /** Closes a launched browser, or disconnects from a remote one. Safe to call twice. */
  close(): Promise<void>;
}

const BROWSER_TYPES: Record<BrowserName, BrowserType> = { chromium, firefox, webkit };

const INSTALL_HINT =
  'Install Chromium (Debian: `apt-get install chromium chromium-headless-shell`), set the browser executable path in the ' +
  'configuration, or configure a remote browser endpoint (a Playwright server or a CDP URL).';

function wrap(
  browser: Browser,
  name: BrowserName,
  remote: boolean,
  executablePath: string | null,
): LaunchedBrowser {
  let closing: Promise<void> | undefined;
  let disconnected = false;
  browser.once('disconnected', () => {
    disconnected = true;
  });
  return {
    browser,
    name,
    remote,
    executablePath,
    get closed() {
      return disconnected || closing !== undefined;
    },
    close() {
      closing ??= browser.close().catch(() => undefined);
      return closing;
    },
  };
}

async function connectRemote(
  name: BrowserName,
  remote: RemoteBrowserEndpoint,
  timeout: number,
  signal: AbortSignal | undefined,
): Promise<LaunchedBrowser> {
  const where = remote.protocol === 'cdp' ? remote.endpointURL : remote.wsEndpoint;
  if (remote.protocol === 'cdp' && name !== 'chromium') {
    throw new BrowserError(
      'BROWSER_UNSUPPORTED',
      `${name} cannot be driven over CDP; use a Playwright server endpoint (protocol "playwright") for ${name}.`,
    );
  }
  const connecting =
    remote.protocol === 'cdp'
      ? chromium.connectOverCDP(remote.endpointURL, { timeout, headers: remote.headers })
      : BROWSER_TYPES[name].connect(remote.wsEndpoint, { timeout, headers: remote.headers });
  try {
    const browser = await raceWithSignal(connecting, signal, `connecting to ${name}`, (b) =>
      b.close(),
    );
    return wrap(browser, name, true, null);
  } catch (error) {
    if (error instanceof BrowserError) throw error;
    throw new BrowserError(
      'BROWSER_CONNECT_FAILED',
      `Could not connect to the remote ${name} browser at ${redactEndpoint(where)}: ${firstLine(error)}. ` +
        'Check that the browser server is running and reachable from this worker, and that the endpoint URL is right.',
      { cause: error },
    );
  }
}

/** Endpoints may carry tokens in the query string (browser grids do): keep them out of messages. */
function redactEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    url.search = url.search ? '?…' : '';
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return '(invalid URL)';
  }
}

async function launchLocal(
  options: LaunchBrowserOptions,
  timeout: number,
): Promise<LaunchedBrowser> {
  const name = options.browser ?? 'chromium';
  if (name !== 'chromium') {
    throw new BrowserError(
      'BROWSER_UNSUPPORTED',
      `${name} is not available locally: only Chromium runs on the worker. Configure a remote browser ` +
        `endpoint (a Playwright server started with \`npx playwright run-server\` that has ${name}) to run ${name} tests.`,
    );
  }
  let executablePath = options.executablePath;
  if (executablePath !== undefined && !isExecutableFile(executablePath)) {
    throw new BrowserError(
      'BROWSER_NOT_FOUND',
      `No executable browser at the configured path ${executablePath}. ${INSTALL_HINT}`,
    );
  }
  const headless = options.headless ?? true;
  executablePath ??=
    (options.executableCandidates
      ? findChromiumExecutable({
          candidates: options.executableCandidates,
          includePlaywrightManaged: false,
        })
      : findChromiumExecutable({ headless })) ?? undefined;
  if (executablePath === undefined) {
    throw new BrowserError(
      'BROWSER_NOT_FOUND',
      `No Chromium found on this machine. ${INSTALL_HINT}`,
    );
  }
  if (!headless && isHeadlessShell(executablePath)) {
    throw new BrowserError(
      'BROWSER_UNSUPPORTED',
      `${executablePath} is Chromium's headless shell, which cannot show a window: configure the full ` +
        'Chromium executable for a headed browser, or run headless.',
    );
  }
  // Without the launcher (a copy that lost its executable bit), our feature switch would replace Playwright's.
  const merged = isExecutableFile(CHROMIUM_LAUNCHER);
  const launching = chromium.launch({
    executablePath: merged ? CHROMIUM_LAUNCHER : executablePath,
    env: merged ? { ...process.env, [LAUNCHER_EXECUTABLE_ENV]: executablePath } : process.env,
    headless,
    args: [
      ...CHROMIUM_LAUNCH_ARGS,
      ...(merged ? [`--disable-features=${CHROMIUM_DISABLED_FEATURES.join(',')}`] : []),
      ...(options.extraArgs ?? []),
    ],
    timeout,
    // The worker owns signal handling (graceful shutdown closes sessions itself); Playwright's exit hook
    // still kills the browser if the process exits without closing it.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  try {
    const browser = await raceWithSignal(launching, options.signal, 'launching Chromium', (b) =>
      b.close(),
    );
    return wrap(browser, name, false, executablePath);
  } catch (error) {
    if (error instanceof BrowserError) throw error;
    throw new BrowserError(
      'BROWSER_LAUNCH_FAILED',
      `Chromium at ${executablePath} could not be started: ${firstLine(error)}. ${INSTALL_HINT}`,
      { cause: error },
    );
  }
}

/** Launches a local Chromium, or connects to `remote`. The caller closes it (sessions close only their context). */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<LaunchedBrowser> {
  throwIfCancelled(options.signal, 'launching the browser');
  const timeout = options.timeoutMs ?? DEFAULT_LAUNCH_TIMEOUT_MS;
  if (options.remote)
    return connectRemote(options.browser ?? 'chromium', options.remote, timeout, options.signal);
  return launchLocal(options, timeout);
}
