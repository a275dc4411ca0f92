// In-page entry points: fingerprint one element, every candidate of a frame, or an iframe element (for frame paths).
import type { AriaHelpers } from './page-aria-names.ts';
import type { DomHelpers } from './page-dom-helpers.ts';
import type { LocatorHelpers } from './page-locator-helpers.ts';

export interface PageLibraries {
  dom: DomHelpers;
  aria: AriaHelpers;
  locators: LocatorHelpers;
}

/** What the page reports for one element; the Node side adds the frame chain and offsets the box. */
export interface RawFingerprint {
  tag: string;
  role: string | null;
  accessibleName: string | null;
  text: string | null;
  id: string | null;
  name: string | null;
  type: string | null;
  placeholder: string | null;
  label: string | null;
  testIds: Record<string, string>;
  href: string | null;
  alt: string | null;
  title: string | null;
  classes: string[];
  value: string | null;
  cssPath: string;
  xpath: string;
  idXpath: string | null;
  boundingBox: { x: number; y: number; width: number; height: number } | null;
  neighborTexts: string[];
  shadowPath: string[];
  /** The locator within this frame (no frame prefix). */
  locator: string;
}

export interface FingerprintScriptOptions {
  /** Fingerprinting one element only: index just its surroundings. */
  single?: boolean;
  maxNeighbors: number;
  /** Neighbours farther than this (CSS px, box to box) are not neighbours. */
  neighborRadius: number;
}

export interface CandidateScriptOptions extends FingerprintScriptOptions {
  /** Only these tag names (lower case); null for the default candidate rule. */
  tags: string[] | null;
  maxCandidates: number;
}

/** Fingerprints in the page's own frame. Self-contained: sent as source text with the libraries. */
export function createFingerprinter(libs: PageLibraries, options: FingerprintScriptOptions) {
  const { dom, aria, locators } = libs;
  const TEST_ID_ATTRIBUTES = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-cy'];
  const MAX_TEXT = 200;
  const MAX_NEIGHBOR_TEXT = 80;
  const MAX_SPAN_BUCKETS = 16;
  /**
   * Visible elements with their own text, in columns (plain number arrays keep the neighbour loop fast),
   * bucketed by vertical position so a search only scans the rows within reach.
   */
  interface TextIndex {
    elements: Element[];
    texts: string[];
    lefts: number[];
    rights: number[];
    tops: number[];
    bottoms: number[];
    buckets: Map<number, number[]>;
    size: number;
  }
  let textIndex: TextIndex | null = null;

  function round(n: number): number {
    return Math.round(n * 100) / 100;
  }

  /** With `near`, only texts within the neighbour radius of that box are indexed (one-element captures). */
  function buildTextIndex(near?: {
    left: number;
    right: number;
    top: number;
    bottom: number;
  }): TextIndex {
    const index: TextIndex = {
      elements: [],
      texts: [],
      lefts: [],
      rights: [],
      tops: [],
      bottoms: [],
      buckets: new Map(),
      size: Math.max(50, options.neighborRadius / 2),
    };
    for (const element of dom.deepElements(document)) {
      if (
        ['script', 'style', 'noscript', 'template', 'title', 'option'].includes(element.localName)
      )
        continue;
      const { left, right, top, bottom } = dom.rectOf(element);
      if (near) {
        const reach = options.neighborRadius;
        if (
          left > near.right + reach ||
          right < near.left - reach ||
          top > near.bottom + reach ||
          bottom < near.top - reach
        )
          continue;
      }
      const own = dom.ownText(element);
      if (own === '' || !dom.isVisible(element)) continue;
      const position = index.elements.length;
      index.elements.push(element);
      index.texts.push(dom.cap(own, MAX_NEIGHBOR_TEXT) ?? '');
      index.lefts.push(left);
      index.rights.push(right);
      index.tops.push(top);
      index.bottoms.push(bottom);
      const first = Math.floor(top / index.size);
      const last = Math.min(Math.floor(bottom / index.size), first + MAX_SPAN_BUCKETS);
      for (let b = first; b <= last; b++) {
        const bucket = index.buckets.get(b);
        if (bucket) bucket.push(position);
        else index.buckets.set(b, [position]);
      }
    }
    return index;
  }

  let visitStamp: Int32Array | null = null;
  let stamp = 0;

  /** Texts of the nearest visible text elements within the radius (box to box), nearest first, deduplicated. */
  function neighbors(element: Element, rect: DOMRect, ownTexts: Set<string>): string[] {
    textIndex ??= buildTextIndex(options.single ? rect : undefined);
    const { elements, texts, lefts, rights, tops, bottoms, buckets, size } = textIndex;
    if (!visitStamp || visitStamp.length < elements.length)
      visitStamp = new Int32Array(elements.length);
    stamp++;
    const radius = options.neighborRadius;
    const limit = radius * radius;
    // The nearest few, kept sorted by insertion: a handful of slots beats sorting every item in range.
    const keep = options.maxNeighbors * 3;
    const nearest: number[] = [];
    const distances: number[] = [];
    // Plain numbers: DOMRect getters are calls into the browser, too slow for the inner loop.
    const { left, right, top, bottom } = rect;
    const first = Math.floor((top - radius) / size);
    const last = Math.floor((bottom + radius) / size);
    for (let b = first; b <= last; b++) {
      const bucket = buckets.get(b);
      if (!bucket) continue;
      for (let i = 0; i < bucket.length; i++) {
        const index = bucket[i] as number;
        if (visitStamp[index] === stamp) continue;
        visitStamp[index] = stamp;
        const dx = Math.max(0, (lefts[index] as number) - right, left - (rights[index] as number));
        const dy = Math.max(0, (tops[index] as number) - bottom, top - (bottoms[index] as number));
        const squared = dx * dx + dy * dy;
        if (squared > limit) continue;
        if (nearest.length === keep && squared >= (distances[keep - 1] as number)) continue;
        if (ownTexts.has(texts[index] as string)) continue;
        // Overlapping boxes may be the element itself or its own descendants: their text is the element's text.
        const other = elements[index] as Element;
        if (squared === 0 && (other === element || element.contains(other))) continue;
        let at = nearest.length;
        while (at > 0 && (distances[at - 1] as number) > squared) at--;
        nearest.splice(at, 0, index);
        distances.splice(at, 0, squared);
        if (nearest.length > keep) {
          nearest.pop();
          distances.pop();
        }
      }
    }
    const found: string[] = [];
    for (const index of nearest) {
      const text = texts[index] as string;
      if (!found.includes(text)) found.push(text);
      if (found.length >= options.maxNeighbors) break;
    }
    return found;
  }

  function valueOf(element: Element): string | null {
    if (element instanceof HTMLInputElement) {
      // Password values never leave the page; a file input's value is a fake path.
      if (element.type === 'password' || element.type === 'file') return null;
      return dom.cap(element.value, MAX_TEXT);
    }
    if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement)
      return dom.cap(element.value, MAX_TEXT);
    return null;
  }

  function typeOf(element: Element): string | null {
    if (element instanceof HTMLInputElement || element instanceof HTMLButtonElement)
      return element.type;
    return element.getAttribute('type');
  }

  function shadowPath(element: Element): string[] {
    const hosts: string[] = [];
    for (
      let root = element.getRootNode();
      root instanceof ShadowRoot;
      root = root.host.getRootNode()
    )
      hosts.unshift(dom.cssPath(root.host));
    return hosts;
  }

  function fingerprint(element: Element): RawFingerprint {
    const rect = dom.rectOf(element);
    const testIds: Record<string, string> = {};
    for (const attribute of TEST_ID_ATTRIBUTES) {
      const value = element.getAttribute(attribute);
      if (value !== null) testIds[attribute] = value;
    }
    const text = dom.visibleText(element, MAX_TEXT);
    const accessibleName = dom.cap(aria.accessibleName(element), MAX_TEXT);
    const hasBox = rect.width > 0 || rect.height > 0;
    return {
      tag: element.localName,
      role: aria.roleOf(element),
      accessibleName,
      text,
      id: element.id || null,
      name: element.getAttribute('name'),
      type: typeOf(element),
      placeholder: dom.cap(element.getAttribute('placeholder'), MAX_TEXT),
      label: dom.cap(aria.labelText(element), MAX_TEXT),
      testIds,
      href: element.getAttribute('href'),
      alt: element.getAttribute('alt'),
      title: dom.cap(element.getAttribute('title'), MAX_TEXT),
      classes: Array.from(element.classList).slice(0, 30),
      value: valueOf(element),
      cssPath: dom.cssPath(element),
      xpath: dom.xpath(element),
      idXpath: dom.idXpath(element),
      boundingBox: hasBox
        ? {
            x: round(rect.x),
            y: round(rect.y),
            width: round(rect.width),
            height: round(rect.height),
          }
        : null,
      neighborTexts: hasBox
        ? neighbors(
            element,
            rect,
            new Set(
              [text, dom.cap(dom.ownText(element), MAX_NEIGHBOR_TEXT)].filter(
                (t): t is string => t !== null,
              ),
            ),
          )
        : [],
      shadowPath: shadowPath(element),
      locator: locators.locatorFor(element),
    };
  }

  const INTERACTIVE_TAGS = new Set([
    'a',
    'button',
    'input',
    'select',
    'textarea',
    'summary',
    'label',
    'img',
    'details',
    'video',
    'audio',
    'iframe',
  ]);
  const INTERACTIVE_ROLES = new Set([
    'button',
    'link',
    'checkbox',
    'radio',
    'textbox',
    'searchbox',
    'combobox',
    'listbox',
    'option',
    'menuitem',
    'menuitemcheckbox',
    'menuitemradio',
    'tab',
    'switch',
    'slider',
    'spinbutton',
    'treeitem',
    'gridcell',
    'img',
  ]);
  const NEVER = new Set([
    'html',
    'head',
    'body',
    'script',
    'style',
    'noscript',
    'template',
    'br',
    'meta',
    'link',
    'title',
    'base',
    'slot',
  ]);

  /** Elements a recorded action could have targeted: visible, and interactive or carrying their own text. */
  function isCandidate(element: Element, tags: Set<string> | null): boolean {
    const tag = element.localName;
    if (NEVER.has(tag)) return false;
    if (
      tags
        ? !tags.has(tag)
        : !(
            INTERACTIVE_TAGS.has(tag) ||
            INTERACTIVE_ROLES.has(aria.roleOf(element) ?? '') ||
            element.hasAttribute('onclick') ||
            element.hasAttribute('tabindex') ||
            element.hasAttribute('contenteditable') ||
            element.hasAttribute('data-testid') ||
            element.hasAttribute('aria-label') ||
            dom.ownText(element) !== ''
          )
    )
      return false;
    if (tag === 'input' && (element as HTMLInputElement).type === 'hidden') return false;
    return dom.isVisible(element);
  }

  function candidates(tags: string[] | null, max: number): Element[] {
    const wanted = tags ? new Set(tags.map((t) => t.toLowerCase())) : null;
    const found: Element[] = [];
    for (const element of dom.deepElements(document)) {
      if (isCandidate(element, wanted)) found.push(element);
      if (found.length >= max) break;
    }
    return found;
  }

  return { fingerprint, candidates };
}

/** Entry: one element (locator.evaluate). */
export function fingerprintElementInPage(
  libs: PageLibraries,
  element: Element,
  options: FingerprintScriptOptions,
): RawFingerprint & { isTopFrame: boolean } {
  const fingerprinter = createFingerprinter(libs, { ...options, single: true });
  return { ...fingerprinter.fingerprint(element), isTopFrame: window.top === window };
}

/**
 * Entry: the elements a locator matches (locator.evaluateAll): their count, and the fingerprint of the element
 * when there is exactly one — a recorded locator checked and its element described in one round trip.
 */
export function fingerprintOnlyElementInPage(
  libs: PageLibraries,
  elements: Element[],
  options: FingerprintScriptOptions,
): { count: number; raw: (RawFingerprint & { isTopFrame: boolean }) | null } {
  const only = elements.length === 1 ? elements[0] : undefined;
  if (!only) return { count: elements.length, raw: null };
  const fingerprinter = createFingerprinter(libs, { ...options, single: true });
  return {
    count: 1,
    raw: { ...fingerprinter.fingerprint(only), isTopFrame: window.top === window },
  };
}

/** Entry: every candidate of this frame (frame.evaluateHandle). The elements stay in the page for later use. */
export function fingerprintCandidatesInPage(
  libs: PageLibraries,
  options: CandidateScriptOptions,
): { json: string; elements: Element[] } {
  const fingerprinter = createFingerprinter(libs, options);
  const elements = fingerprinter.candidates(options.tags, options.maxCandidates);
  return {
    json: JSON.stringify(elements.map((element) => fingerprinter.fingerprint(element))),
    elements,
  };
}

/** Entry: an iframe element in its parent frame: a selector for it, its name and its content-box offset. */
export function describeFrameElementInPage(
  libs: PageLibraries,
  frameElement: Element,
): { selector: string; name: string | null; x: number; y: number } {
  const { dom } = libs;
  const rect = frameElement.getBoundingClientRect();
  const style = getComputedStyle(frameElement);
  const x = rect.left + frameElement.clientLeft + (Number.parseFloat(style.paddingLeft) || 0);
  const y = rect.top + frameElement.clientTop + (Number.parseFloat(style.paddingTop) || 0);
  const name = frameElement.getAttribute('name');
  const tag = frameElement.localName;
  const all = dom.deepElements(document);
  const unique = (selector: string): boolean => all.filter((e) => e.matches(selector)).length === 1;
  const attempts: string[] = [];
  if (name) attempts.push(`${tag}[name=${JSON.stringify(name)}]`);
  if (frameElement.id) attempts.push(`#${CSS.escape(frameElement.id)}`);
  const title = frameElement.getAttribute('title');
  if (title) attempts.push(`${tag}[title=${JSON.stringify(title)}]`);
  const selector = attempts.find(unique) ?? dom.cssPath(frameElement);
  return { selector, name, x, y };
}
