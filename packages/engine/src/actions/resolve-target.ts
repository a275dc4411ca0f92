// Turns an action's target into a Locator: refs through the page state, locator strings through the parser.
import type { Locator, Page } from 'playwright-core';
import type { BoundingBox } from '../fingerprint/element-fingerprint.ts';
import { buildLocator } from '../locators/build-locator.ts';
import type { ElementRefs } from '../page-state/element-refs.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { ActionError } from './action-errors.ts';
import type { Action, ActionTarget } from './action-schema.ts';

/** How the element was found: the replay engine adds similarity-based relocation and agent repair. */
export type FoundBy = 'ref' | 'locator' | 'similarity' | 'agent';

export interface ResolvedTarget {
  locator: Locator;
  foundBy: FoundBy;
  /** Confidence of a relocation (0..1); null when the element was addressed directly. */
  score: number | null;
  /** A short explanation for reports, e.g. the relocation's runner-up margin. */
  detail?: string;
  /** The element's box as the resolver just measured it (viewport CSS px), so acting needs no second read. */
  boundingBox?: BoundingBox | null;
}

export interface ResolveTargetInfo {
  action: Action;
  signal?: AbortSignal;
  /** The run's secret values: a locator holding a secret's placeholder is filled with it when built. */
  secrets?: SecretValues;
}

/** The hook executeAction calls for every element target; throw ActionError to refuse (e.g. ELEMENT_AMBIGUOUS). */
export type ResolveTarget = (
  target: ActionTarget,
  page: Page,
  info: ResolveTargetInfo,
) => Promise<ResolvedTarget>;

/** A human-readable name of a target for messages. */
export function describeTarget(target: ActionTarget): string {
  return 'ref' in target ? `element ${target.ref}` : target.locator;
}

/**
 * The default resolver: `{ ref }` through the latest page observation's refs, `{ locator }` parsed (never
 * evaluated) and built on the active page. Waiting and strictness are left to the action itself.
 */
export function createDefaultResolver(refs?: ElementRefs): ResolveTarget {
  return async (target, page, info) => {
    if ('ref' in target) {
      const locator = refs?.locatorFor(target.ref);
      if (!locator) {
        throw new ActionError(
          'ELEMENT_NOT_FOUND',
          `element ${target.ref} is not in the latest page state (the page changed, or the ref is wrong); observe the page again`,
        );
      }
      return { locator, foundBy: 'ref', score: null };
    }
    return {
      locator: buildLocator(page, target.locator, info.secrets),
      foundBy: 'locator',
      score: null,
    };
  };
}
