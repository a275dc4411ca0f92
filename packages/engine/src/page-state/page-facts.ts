// DOM facts the accessibility tree lacks (password fields, required, editable, click handlers, scroll), per frame.
import type { Frame } from 'playwright-core';
import type { AriaBox } from './aria-snapshot.ts';

export const FACT = {
  password: 1,
  required: 2,
  readonly: 4,
  editable: 8,
  onclick: 16,
  tabindex: 32,
  summary: 64,
  ariaHidden: 128,
  inert: 256,
  file: 512,
  open: 1024,
  collapsed: 2048,
  clipped: 4096,
} as const;

/** What the DOM says about one element that may be interactive. */
export interface ElementFacts {
  box: AriaBox;
  /** Bit set of FACT values. */
  flags: number;
  /** Lower-case tag name. */
  tag: string;
  /** The `type` of an input, else empty. */
  type: string;
  /** Progress or meter value as "value/max", else empty. */
  amount: string;
  /** An iframe's title (or name): the accessibility tree gives iframes no name. */
  label: string;
}

export interface FrameViewport {
  width: number;
  height: number;
  scrollX: number;
  scrollY: number;
  scrollWidth: number;
  scrollHeight: number;
}

export interface FrameFacts {
  viewport: FrameViewport;
  elements: ElementFacts[];
  /**
   * Current values of the frame's password fields. Kept only in memory to recognise those fields in the
   * accessibility tree (which reports their value as text); never rendered, logged or stored.
   */
  passwordValues: string[];
}

// In-page code is a plain string: transpilers may add helpers (e.g. esbuild's __name) that do not exist in
// the page, and a string keeps the code independent of how the engine itself is run.
const COLLECT_FACTS_SOURCE = `(() => {
  const SELECTOR = 'a[href],button,input,select,textarea,summary,[role],[tabindex],[onclick],[contenteditable],progress,meter,iframe';
  const elements = [];
  const passwordValues = [];
  const parentOf = (el) => el.parentElement || (el.getRootNode() instanceof ShadowRoot ? el.getRootNode().host : null);
  const hasAncestor = (el, test) => {
    for (let e = el; e; e = parentOf(e)) if (test(e)) return true;
    return false;
  };
  const record = (el) => {
    const tag = el.localName;
    const type = tag === 'input' ? (el.getAttribute('type') || 'text').toLowerCase() : '';
    if (type === 'password' && el.value) passwordValues.push(el.value);
    if (type === 'hidden') return;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return;
    let flags = 0;
    if (type === 'password') flags |= 1;
    if (el.required || el.getAttribute('aria-required') === 'true') flags |= 2;
    if (el.readOnly || el.getAttribute('aria-readonly') === 'true') flags |= 4;
    if (el.isContentEditable && !(el.parentElement && el.parentElement.isContentEditable)) flags |= 8;
    if (el.hasAttribute('onclick')) flags |= 16;
    if (el.hasAttribute('tabindex') && el.tabIndex >= 0) flags |= 32;
    if (tag === 'summary') flags |= 64;
    if (hasAncestor(el, (e) => e.getAttribute('aria-hidden') === 'true')) flags |= 128;
    if (hasAncestor(el, (e) => e.inert === true)) flags |= 256;
    if (type === 'file') flags |= 512;
    if (tag === 'summary' && el.parentElement && el.parentElement.open) flags |= 1024;
    if (el.getAttribute('aria-expanded') === 'false') flags |= 2048;
    // Inside a collapsed box that clips its overflow (zero-size wrappers, visually-hidden patterns).
    for (let e = parentOf(el); e; e = parentOf(e)) {
      const pr = e.getBoundingClientRect();
      if (pr.width > 1 && pr.height > 1) continue;
      const style = getComputedStyle(e);
      if (style.overflow !== 'visible' || style.clip !== 'auto') { flags |= 4096; break; }
    }
    let amount = '';
    if (tag === 'progress' || tag === 'meter') amount = el.value + '/' + el.max;
    else if (el.getAttribute('role') === 'progressbar' && el.hasAttribute('aria-valuenow'))
      amount = el.getAttribute('aria-valuenow') + '/' + (el.getAttribute('aria-valuemax') || '100');
    const label = tag === 'iframe' ? (el.getAttribute('title') || el.getAttribute('name') || '') : '';
    elements.push([r.x, r.y, r.width, r.height, flags, tag, type, amount, label]);
  };
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) visit(el.shadowRoot);
      if (el.matches(SELECTOR)) record(el);
    }
  };
  visit(document);
  const scroller = document.scrollingElement || document.documentElement;
  return {
    viewport: {
      width: window.innerWidth, height: window.innerHeight,
      scrollX: window.scrollX, scrollY: window.scrollY,
      scrollWidth: scroller ? scroller.scrollWidth : window.innerWidth,
      scrollHeight: scroller ? scroller.scrollHeight : window.innerHeight,
    },
    elements,
    passwordValues,
  };
})()`;

type RawElement = [number, number, number, number, number, string, string, string, string];

interface RawFacts {
  viewport: FrameViewport;
  elements: RawElement[];
  passwordValues: string[];
}

/** Collects the facts of one frame in a single evaluation (open shadow roots included). */
export async function collectFrameFacts(frame: Frame): Promise<FrameFacts> {
  const raw = (await frame.evaluate(COLLECT_FACTS_SOURCE)) as RawFacts;
  return {
    viewport: raw.viewport,
    passwordValues: raw.passwordValues,
    elements: raw.elements.map(([x, y, width, height, flags, tag, type, amount, label]) => ({
      box: { x, y, width, height },
      flags,
      tag,
      type,
      amount,
      label,
    })),
  };
}

/** The key under which an element is found by its box: both sides measure getBoundingClientRect(). */
export function boxKey(box: AriaBox): string {
  return `${Math.round(box.x)},${Math.round(box.y)},${Math.round(box.width)},${Math.round(box.height)}`;
}

export function indexFactsByBox(facts: readonly ElementFacts[]): Map<string, ElementFacts[]> {
  const index = new Map<string, ElementFacts[]>();
  for (const fact of facts) {
    const key = boxKey(fact.box);
    const list = index.get(key);
    if (list) list.push(fact);
    else index.set(key, [fact]);
  }
  return index;
}
