// Observes the active tab for one agent step, retrying while a navigation replaces the document.
import type { Page } from 'playwright-core';
import { isBrowserError } from '../browser/browser-errors.ts';
import type { BrowserSession } from '../browser/browser-session.ts';
import { waitForSettledPage } from '../browser/settle-page.ts';
import {
  observePage,
  PageObservationError,
  type PageObservation,
} from '../page-state/observe-page.ts';
import type { SecretValues } from '../secrets/secret-text.ts';

const ATTEMPTS = 3;
const SETTLE_BETWEEN_ATTEMPTS_MS = 2_000;
const MAX_OBSERVATION_MS = 30_000;

export interface ObserveStepPageInput {
  session: BrowserSession;
  secrets: SecretValues;
  tokenBudget: number;
  includeScreenshot: boolean;
  /** The previous step's observation: passed on when it is of the same tab, so the model sees what changed. */
  previous: { page: Page; observation: PageObservation } | null;
  signal: AbortSignal;
  timeLeft: () => number;
}

export type ObservedStepPage =
  | { ok: true; page: Page; observation: PageObservation }
  /** `gone`: the session or every tab closed; `failed`: the page could not be read; `stopped`: the signal fired. */
  | { ok: false; reason: 'gone' | 'failed' | 'stopped'; message: string; cause: unknown };

/**
 * Changes are worth showing within one document (a dialog opened, a row appeared). After a navigation the
 * old page's elements and refs would only be noise (and their refs collide with the new page's).
 */
function isSameDocument(previous: ObserveStepPageInput['previous'], page: Page): boolean {
  if (!previous || previous.page !== page) return false;
  const strip = (url: string): string => url.replace(/#.*$/s, '');
  return strip(previous.observation.url) === strip(page.url());
}

export async function observeStepPage(input: ObserveStepPageInput): Promise<ObservedStepPage> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (input.signal.aborted)
      return { ok: false, reason: 'stopped', message: 'stopped', cause: input.signal.reason };
    let page: Page;
    try {
      page = input.session.page;
    } catch (error) {
      return {
        ok: false,
        reason: 'gone',
        message: 'the browser session has no open tab',
        cause: error,
      };
    }
    try {
      const observation = await observePage(page, {
        secrets: input.secrets,
        tokenBudget: input.tokenBudget,
        includeScreenshot: input.includeScreenshot,
        ...(isSameDocument(input.previous, page) ? { previous: input.previous?.observation } : {}),
        signal: input.signal,
        timeoutMs: Math.max(1, Math.min(MAX_OBSERVATION_MS, input.timeLeft())),
      });
      return { ok: true, page, observation };
    } catch (error) {
      lastError = error;
      if (input.signal.aborted)
        return { ok: false, reason: 'stopped', message: 'stopped', cause: error };
      if (input.session.closed || page.isClosed() || isBrowserError(error, 'SESSION_CLOSED')) {
        return {
          ok: false,
          reason: 'gone',
          message: 'the page or the browser closed',
          cause: error,
        };
      }
      if (error instanceof PageObservationError && error.code !== 'OBSERVATION_FAILED') {
        // Its own time cap, not our signal: the page is too slow or too big to read.
        return { ok: false, reason: 'failed', message: error.message, cause: error };
      }
      // Usually a navigation replaced the document while it was read: let it finish, then read again.
      await waitForSettledPage(page, {
        capMs: SETTLE_BETWEEN_ATTEMPTS_MS,
        signal: input.signal,
      }).catch(() => undefined);
    }
  }
  return {
    ok: false,
    reason: 'failed',
    message: `the page could not be read for the model after ${ATTEMPTS} attempts`,
    cause: lastError,
  };
}
