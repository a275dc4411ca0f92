// Turns whatever an action threw (Playwright, our own errors) into an ActionError with a stable code.
import type { Locator } from 'playwright-core';
import { BrowserError } from '../browser/browser-errors.ts';
import { LocatorSyntaxError } from '../locators/parse-locator.ts';
import { redactSecrets, UnknownSecretError, type SecretValues } from '../secrets/secret-text.ts';
import { ActionError, type ActionErrorCode } from './action-errors.ts';

export interface ClassifyContext {
  /** The element the action was about, if any: counting it tells "not found" from "not actionable". */
  locator?: Locator;
  /** How the target was written, for messages (a locator string or a ref). */
  targetLabel?: string;
  signal?: AbortSignal;
  secrets?: SecretValues;
}

const BROWSER_CODES: Partial<Record<BrowserError['code'], ActionErrorCode>> = {
  CANCELLED: 'CANCELLED',
  TIMEOUT: 'TIMEOUT',
  SESSION_CLOSED: 'SESSION_CLOSED',
  TAB_NOT_FOUND: 'TAB_NOT_FOUND',
};

/** Playwright's reasons an element is not actionable, as they appear in its call log. */
const NOT_ACTIONABLE_REASONS = [
  /element is not visible/,
  /element is not enabled/,
  /element is not editable/,
  /element is not stable/,
  /element is outside of the viewport/,
  /<[^>]{0,300}> (?:from <[^>]{0,300}> subtree )?intercepts pointer events/,
  /element is not attached to the DOM/,
];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function lastReason(message: string): string | null {
  const lines = message.split('\n').reverse();
  for (const line of lines) {
    for (const reason of NOT_ACTIONABLE_REASONS) {
      const match = reason.exec(line);
      if (match) return match[0];
    }
  }
  return null;
}

function firstLineOf(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/^\w+(?:\.\w+)*: /, '').slice(0, 300);
}

async function countOf(locator: Locator | undefined): Promise<number | null> {
  if (!locator) return null;
  try {
    return await locator.count();
  } catch {
    return null;
  }
}

async function classify(error: unknown, context: ClassifyContext): Promise<ActionError> {
  if (error instanceof ActionError) return error;
  const what = context.targetLabel ?? 'the element';
  if (context.signal?.aborted || (error instanceof Error && error.name === 'AbortError'))
    return new ActionError('CANCELLED', 'the action was cancelled', { cause: error });
  if (error instanceof LocatorSyntaxError)
    return new ActionError('LOCATOR_INVALID', error.message, { cause: error });
  if (error instanceof UnknownSecretError)
    return new ActionError('UNKNOWN_SECRET', error.message, { cause: error });
  if (error instanceof BrowserError)
    return new ActionError(BROWSER_CODES[error.code] ?? 'BROWSER_ERROR', error.message, {
      cause: error,
    });
  const message = messageOf(error);
  if (
    /Target page, context or browser has been closed|Browser has been closed|Target closed/i.test(
      message,
    )
  )
    return new ActionError('SESSION_CLOSED', 'the page or browser closed during the action', {
      cause: error,
    });
  const strict = /strict mode violation: .*? resolved to (\d+) elements/.exec(message);
  if (strict)
    return new ActionError(
      'ELEMENT_AMBIGUOUS',
      `${what} matches ${strict[1]} elements; it must match exactly one`,
      { cause: error },
    );
  if (/net::ERR_BLOCKED_BY_CLIENT/.test(message))
    return new ActionError(
      'NAVIGATION_BLOCKED',
      `the navigation was blocked: ${firstLineOf(message)}`,
      { cause: error },
    );
  if (/net::ERR_|NS_ERROR_|Navigation failed|navigation to .* failed/i.test(message))
    return new ActionError('NAVIGATION_FAILED', `the navigation failed: ${firstLineOf(message)}`, {
      cause: error,
    });
  if (
    /Unknown key|Keyboard\.press|is not a valid key/i.test(message) &&
    /key/i.test(firstLineOf(message))
  )
    return new ActionError('INVALID_ACTION', firstLineOf(message), { cause: error });
  if (
    /Element is not an <input>|Not an input element|Element is not a <select>|not a checkbox or radio/i.test(
      message,
    )
  )
    return new ActionError(
      'ELEMENT_NOT_ACTIONABLE',
      `${what} cannot take this action: ${firstLineOf(message)}`,
      { cause: error },
    );
  const isTimeout =
    error instanceof Error &&
    (error.name === 'TimeoutError' || /Timeout \d+ms exceeded/.test(message));
  if (isTimeout) {
    const count = await countOf(context.locator);
    if (count === 0)
      return new ActionError('ELEMENT_NOT_FOUND', `no element matches ${what}`, { cause: error });
    if (count !== null && count > 1)
      return new ActionError(
        'ELEMENT_AMBIGUOUS',
        `${what} matches ${count} elements; it must match exactly one`,
        { cause: error },
      );
    const reason = lastReason(message);
    if (count === 1)
      return new ActionError(
        'ELEMENT_NOT_ACTIONABLE',
        `${what} was found but never became actionable${reason ? `: ${reason}` : ''}`,
        { cause: error },
      );
    return new ActionError('TIMEOUT', `the action timed out: ${firstLineOf(message)}`, {
      cause: error,
    });
  }
  return new ActionError('BROWSER_ERROR', firstLineOf(message) || 'the browser failed', {
    cause: error,
  });
}

/** The ActionError for an error, its message redacted of every secret value. */
export async function classifyActionError(
  error: unknown,
  context: ClassifyContext,
): Promise<ActionError> {
  const classified = await classify(error, context);
  if (!context.secrets || context.secrets.size === 0) return classified;
  const redacted = redactSecrets(classified.message, context.secrets);
  return redacted === classified.message
    ? classified
    : new ActionError(classified.code, redacted, { cause: classified.cause });
}
