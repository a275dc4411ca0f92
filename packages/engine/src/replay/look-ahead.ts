// Relocating the next step's element while the current step's page settles, kept only if the page did not change after.
import type { Page } from 'playwright-core';
import { isAssertion, targetOf } from '../actions/action-schema.ts';
import type { ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import type { RelocationPolicy } from '../relocation/choose-candidate.ts';
import type { RecordedAction } from '../run/run-record.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { checkRecordedLocator, type ElementFound } from './relocate-element.ts';
import { readPage, sameReading, type PageReading } from './settle-step.ts';

/**
 * The next action's recorded locator checked ahead of time: what it found, and the page's readings (mutation
 * clock, scroll, document size, URL) just before and just after the check.
 */
export interface LookAhead {
  recorded: RecordedAction;
  page: Page;
  checked: Promise<{
    found: ElementFound;
    before: PageReading | null;
    after: PageReading | null;
  } | null>;
}

export interface LookAheadOptions {
  secrets: SecretValues;
  policy: Partial<RelocationPolicy> | undefined;
}

/**
 * The recorded locator and fingerprint of an action whose element replay relocates with the strict rule (exactly
 * one agreeing element for its recorded locator): interactions recorded with both. Null for assertions and
 * waits, which read the page as it is when they run, so nothing is looked up ahead for them.
 */
function strictTarget(
  recorded: RecordedAction,
): { locator: string; fingerprint: ElementFingerprint } | null {
  const action = recorded.action;
  if (isAssertion(action) || action.type === 'wait_for') return null;
  const target = targetOf(action);
  const fingerprint = recorded.domElementData;
  if (!target || !('locator' in target) || fingerprint === null) return null;
  return { locator: target.locator, fingerprint };
}

/**
 * Starts checking `recorded`'s locator on `page` now, while the page may still be settling: reads the page,
 * checks the locator, reads the page again. Null when the action is not one that is looked up ahead. Never
 * rejects: a page that cannot be read gives null.
 */
export function startLookAhead(
  page: Page,
  recorded: RecordedAction,
  options: LookAheadOptions,
): LookAhead | null {
  const target = strictTarget(recorded);
  if (target === null) return null;
  const checked = (async () => {
    const before = await readPage(page);
    if (before === null) return null;
    const found = await checkRecordedLocator(page, target.fingerprint, {
      locator: target.locator,
      policy: options.policy,
      secrets: options.secrets,
    });
    if (found === null) return null;
    return { found, before, after: await readPage(page) };
  })().catch(() => null);
  return { recorded, page, checked };
}

/**
 * What the look ahead found for `recorded`, when it still holds: it was made for this action on this page, and
 * the page read the same before the check, after it and `now` (just before the action): no DOM mutation, scroll,
 * layout size or URL change since the check began, so the element it found is the one relocation would find
 * now. Null otherwise: the caller relocates as usual.
 */
export async function takeLookAhead(
  lookAhead: LookAhead | null,
  recorded: RecordedAction,
  page: Page,
  now: PageReading | null,
): Promise<ElementFound | null> {
  if (lookAhead === null || lookAhead.recorded !== recorded || lookAhead.page !== page) return null;
  if (now === null) return null;
  const checked = await lookAhead.checked;
  if (checked === null) return null;
  if (!sameReading(checked.before, checked.after) || !sameReading(checked.after, now)) return null;
  return checked.found;
}
