// Stable error codes of action execution; messages are for people and never carry secret values.

export const ACTION_ERROR_CODES = [
  /** The action does not validate, or asks for something impossible (e.g. typing into a file input). */
  'INVALID_ACTION',
  /** The locator string does not parse. */
  'LOCATOR_INVALID',
  /** No element matches the target (or the ref is unknown or stale). */
  'ELEMENT_NOT_FOUND',
  /** Several elements match where exactly one is needed. */
  'ELEMENT_AMBIGUOUS',
  /** The element exists but stayed hidden, disabled, covered or moving until the timeout. */
  'ELEMENT_NOT_ACTIONABLE',
  /** No option of the select or dropdown has that label or value. */
  'OPTION_NOT_FOUND',
  'ASSERTION_FAILED',
  'NAVIGATION_FAILED',
  /** The URL is not allowed (scheme, or the run's domain policy). */
  'NAVIGATION_BLOCKED',
  'TAB_NOT_FOUND',
  /** No upload directory, or a file name that would leave it. */
  'UPLOAD_NOT_ALLOWED',
  'UPLOAD_FILE_NOT_FOUND',
  /** The text uses a <secret>name</secret> the project does not have. */
  'UNKNOWN_SECRET',
  'TIMEOUT',
  'CANCELLED',
  /** The session, tab or browser went away during the action. */
  'SESSION_CLOSED',
  /** Any other browser failure. */
  'BROWSER_ERROR',
] as const;
export type ActionErrorCode = (typeof ACTION_ERROR_CODES)[number];

export class ActionError extends Error {
  constructor(
    readonly code: ActionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ActionError';
  }
}
