// The resolveTarget hook of replayed actions: element relocation for recorded locators, with what it found kept for the report.
import type { Page } from 'playwright-core';
import { ActionError } from '../actions/action-errors.ts';
import { isAssertion, type Action } from '../actions/action-schema.ts';
import type { ResolveTarget } from '../actions/resolve-target.ts';
import { buildLocator } from '../locators/build-locator.ts';
import type { RecordedAction } from '../run/run-record.ts';
import {
  relocateElement,
  relocationError,
  type ElementFound,
  type RelocateElementOptions,
} from './relocate-element.ts';

/**
 * Actions whose target may rightly be absent (or many): the recorded locator is used as is, since relocating
 * "the element that must not be there" would turn a passing check into a refusal.
 */
function checksAbsenceOrCount(action: Action): boolean {
  switch (action.type) {
    case 'assert_text_not_visible':
    case 'assert_count':
      return true;
    case 'assert_element':
      return action.state === 'hidden';
    case 'wait_for':
      return (
        action.until.kind === 'element' &&
        (action.until.state === 'hidden' || action.until.state === 'detached')
      );
    default:
      return false;
  }
}

export interface ReplayResolverOptions extends Pick<
  RelocateElementOptions,
  'policy' | 'secrets' | 'waitMs' | 'signal' | 'deadline'
> {
  /** Called with what relocation found (the step report's locate method and heal score come from it). */
  onFound?: (found: ElementFound) => void;
  /**
   * Awaited once the element is known and before the action may touch the page (not for assertions, which only
   * read it): replay lets the previous step's screenshot finish here, so it overlaps the relocation.
   */
  beforeAct?: () => Promise<void>;
  /**
   * For interactions: the element as a look ahead found it, when that still holds (look-ahead.ts); null sends
   * the action through relocateElement as usual.
   */
  presumed?: (page: Page) => Promise<ElementFound | null>;
}

/**
 * A resolver for one recorded action. A `{ locator }` target with a recorded fingerprint goes through
 * relocateElement: interactions need exactly one agreeing element or a confident heal; assertion scopes accept
 * the recorded locator whenever it matches something (what it shows is for the assertion to judge). Targets
 * without a fingerprint, and checks of absence or count, use the recorded locator directly. A refusal throws
 * ELEMENT_NOT_FOUND or ELEMENT_AMBIGUOUS with the top candidates and their scores.
 */
export function createReplayResolver(
  recorded: RecordedAction,
  options: ReplayResolverOptions = {},
): ResolveTarget {
  return async (target, page, info) => {
    if ('ref' in target) {
      throw new ActionError(
        'INVALID_ACTION',
        'a recorded action addresses a page-state ref, which only exists while the agent runs: record the traversal again',
      );
    }
    const fingerprint = recorded.domElementData;
    const readsOnly = isAssertion(info.action);
    if (fingerprint === null || checksAbsenceOrCount(info.action)) {
      const locator = buildLocator(page, target.locator, options.secrets);
      if (!readsOnly) await options.beforeAct?.();
      return { locator, foundBy: 'locator', score: null };
    }
    const { onFound: _onFound, beforeAct: _beforeAct, presumed, ...relocation } = options;
    const result =
      (readsOnly ? null : await presumed?.(page)) ??
      (await relocateElement(page, fingerprint, {
        ...relocation,
        signal: info.signal ?? options.signal,
        locator: target.locator,
        locatorMatch: readsOnly ? 'any' : 'one_agreeing',
      }));
    if (result.kind === 'refused') throw relocationError(result);
    options.onFound?.(result);
    if (!readsOnly) await options.beforeAct?.();
    return {
      locator: result.locator,
      foundBy: result.method === 'healed' ? 'similarity' : 'locator',
      score: result.method === 'healed' ? result.score : null,
      detail: result.detail,
      boundingBox: result.fingerprint?.boundingBox ?? null,
    };
  };
}
