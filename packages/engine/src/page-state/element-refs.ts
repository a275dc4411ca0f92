// The contract between the page state shown to the model and the action executor: a short ref resolves to a Locator.
import type { Locator } from 'playwright-core';

/** Resolves the short element ids (refs) of one page observation, e.g. "e12", to Playwright locators. */
export interface ElementRefs {
  /** The locator of a ref from the latest observation, or undefined if the ref is unknown or stale. */
  locatorFor(ref: string): Locator | undefined;
}
