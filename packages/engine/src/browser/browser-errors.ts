// Errors of browser launch, connection and sessions, each with a stable code and a message that names the fix.

export type BrowserErrorCode =
  /** No browser executable at the configured path or in the usual places. */
  | 'BROWSER_NOT_FOUND'
  /** An executable exists but did not start as a browser. */
  | 'BROWSER_LAUNCH_FAILED'
  /** The requested browser cannot run this way (e.g. firefox without a remote endpoint). */
  | 'BROWSER_UNSUPPORTED'
  /** A remote endpoint (Playwright server or CDP) could not be reached. */
  | 'BROWSER_CONNECT_FAILED'
  /** The browser config failed validation. */
  | 'BROWSER_CONFIG_INVALID'
  /** The context could not be prepared (the onContextCreated hook or the first tab failed). */
  | 'CONTEXT_SETUP_FAILED'
  /** The session (or its browser) is already closed. */
  | 'SESSION_CLOSED'
  /** switchTab found no such tab, or every tab is closed. */
  | 'TAB_NOT_FOUND'
  | 'CANCELLED'
  | 'TIMEOUT';

export class BrowserError extends Error {
  constructor(
    readonly code: BrowserErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BrowserError';
  }
}

export function isBrowserError(error: unknown, code?: BrowserErrorCode): error is BrowserError {
  return error instanceof BrowserError && (code === undefined || error.code === code);
}

/** The first line of an error's message: Playwright appends long call logs that do not belong in ours. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').trim().slice(0, 300);
}
