// Short element ids for the model, mapped to Playwright aria refs that resolve to exactly one element.
import type { Locator, Page } from 'playwright-core';
import type { AriaChild } from './aria-snapshot.ts';
import type { ElementRefs } from './element-refs.ts';

/**
 * Playwright prefixes the refs of every document after the first with its frame sequence ("f3e12"), which
 * costs the model tokens on every element. The top document's prefix is dropped and its "e": element 12
 * of the top document is shown as "12"; elements inside iframes keep the full ref ("f5e2").
 */
export class RefNames {
  private readonly topPrefix: string;

  constructor(roots: readonly AriaChild[]) {
    const first = roots.find((n) => typeof n !== 'string' && n.ref !== undefined);
    const ref = typeof first === 'string' ? undefined : first?.ref;
    const match = ref ? /^(f\d+)?e\d+$/.exec(ref) : null;
    this.topPrefix = `${match?.[1] ?? ''}e`;
  }

  /** The id shown to the model for a Playwright ref. */
  display(ariaRef: string): string {
    if (ariaRef.startsWith(this.topPrefix)) {
      const rest = ariaRef.slice(this.topPrefix.length);
      if (/^\d+$/.test(rest)) return rest;
    }
    return ariaRef;
  }

  /** The Playwright ref of an id the model wrote ("12", "[12]", "e12" and "f5e2" are all understood). */
  resolve(id: string): string {
    const trimmed = id.trim().replace(/^\[(.*)\]$/, '$1');
    if (/^\d+$/.test(trimmed)) return `${this.topPrefix}${trimmed}`;
    if (/^e\d+$/.test(trimmed)) return `${this.topPrefix}${trimmed.slice(1)}`;
    return trimmed;
  }
}

/** The refs of one observation. Anything that is not one of its refs resolves to undefined. */
export class ObservationRefs implements ElementRefs {
  constructor(
    private readonly page: Page,
    private readonly names: RefNames,
    private readonly known: ReadonlySet<string>,
  ) {}

  locatorFor(ref: string): Locator | undefined {
    const ariaRef = this.names.resolve(ref);
    // Only refs of this snapshot: a model-written string never reaches the selector engine otherwise.
    if (!this.known.has(ariaRef)) return undefined;
    return this.page.locator(`aria-ref=${ariaRef}`);
  }
}
