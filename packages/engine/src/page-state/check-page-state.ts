// Independent check of an observation against the DOM: every visible interactive element has a working ref,
// every visible text is in the text. Used by the tests and by bench/page-state; it tags elements, so not for runs.
import type { Frame, Page } from 'playwright-core';
import type { PageObservation } from './observe-page.ts';

export interface PageStateCheck {
  /** Interactive elements a DOM query finds visible within the observed range. */
  interactive: number;
  /** Those without a ref resolving to them: short descriptions. */
  missingRefs: string[];
  /** Refs of the observation that did not resolve to exactly one element. */
  brokenRefs: string[];
  /** Visible text nodes within the observed range. */
  texts: number;
  /** Those whose text is not in the observation text (and not inside an element that has a ref). */
  missingTexts: string[];
}

const MARK = '__retraceCheckRef';

// Same visibility rules as the page state, written independently from the DOM (not the accessibility tree).
const FIND_VISIBLE_SOURCE = `(arg) => {
  const INTERACTIVE = 'a[href],button,input:not([type=hidden]),select,textarea,summary,' +
    '[role=button],[role=link],[role=checkbox],[role=radio],[role=tab],[role=menuitem],[role=menuitemcheckbox],' +
    '[role=menuitemradio],[role=option],[role=switch],[role=combobox],[role=textbox],[role=searchbox],' +
    '[role=slider],[role=spinbutton],[role=treeitem],[role=listbox],[tabindex]:not([tabindex="-1"]),' +
    '[contenteditable]:not([contenteditable=false]),[onclick]';
  const SKIP_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'OPTION', 'TITLE', 'TEXTAREA', 'SELECT']);
  const parentOf = (el) => el.parentElement || (el.getRootNode() instanceof ShadowRoot ? el.getRootNode().host : null);
  const screenOf = (r) => {
    const top = r.y + arg.offsetY, bottom = top + r.height;
    if (bottom > 0 && top < arg.viewportHeight) return 0;
    if (top >= arg.viewportHeight) return Math.floor((top - arg.viewportHeight) / arg.viewportHeight) + 1;
    return -(Math.floor(-bottom / arg.viewportHeight) + 1);
  };
  const hiddenByAncestors = (el, self) => {
    for (let e = el; e; e = parentOf(e)) {
      if (e.getAttribute('aria-hidden') === 'true' || e.inert) return true;
      if (e !== el || self) {
        const r = e.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) {
          const s = getComputedStyle(e);
          if (s.overflow !== 'visible' || s.clip !== 'auto') return true;
        }
      }
    }
    return false;
  };
  // For an element, its own box is r; for a text, its parent also clips it.
  const visibleBox = (el, r, min, self) => {
    if (!el.checkVisibility({ visibilityProperty: true })) return false;
    if (r.width <= min || r.height <= min) return false;
    if (r.x + r.width <= -scrollX || r.y + r.height <= -scrollY) return false;
    if (Math.abs(screenOf(r)) > arg.maxScreens) return false;
    if (getComputedStyle(el).pointerEvents === 'none') return false;
    return !hiddenByAncestors(el, self);
  };
  const describe = (el) => (el.localName + (el.id ? '#' + el.id : '') + ' "' + (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 40) + '"');
  const missing = [];
  let interactive = 0;
  const texts = [];
  const all = [];
  const collect = (root) => {
    for (const el of root.querySelectorAll('*')) {
      all.push(el);
      if (el.shadowRoot) collect(el.shadowRoot);
    }
  };
  collect(document);
  for (const el of all) {
    const own = getComputedStyle(el).cursor === 'pointer';
    const parent = parentOf(el);
    const newPointer = own && !(parent && getComputedStyle(parent).cursor === 'pointer');
    if (!el.matches(INTERACTIVE) && !newPointer) continue;
    if (el.localName === 'option' && el.closest('select')) continue;
    if (!visibleBox(el, el.getBoundingClientRect(), 0, false)) continue;
    interactive += 1;
    if (!el[arg.mark]) missing.push(describe(el));
  }
  const inMarked = (el) => { for (let e = el; e; e = parentOf(e)) if (e[arg.mark]) return true; return false; };
  const roots = [document, ...all.filter((el) => el.shadowRoot).map((el) => el.shadowRoot)];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
      const parent = node.parentElement;
      if (!text || !parent || SKIP_TEXT.has(parent.tagName)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      if (!visibleBox(parent, r, 1, true)) continue;
      texts.push({ text, inElement: inMarked(parent) });
    }
  }
  return { interactive, missing, texts };
}`;

interface FrameResult {
  interactive: number;
  missing: string[];
  texts: { text: string; inElement: boolean }[];
}

async function offsetOf(frame: Frame): Promise<number> {
  if (!frame.parentFrame()) return 0;
  const element = await frame.frameElement();
  const box = await element.boundingBox();
  await element.dispose();
  return box?.y ?? 0;
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Checks an observation taken with `maxScreens` (tags elements with an expando: checking only). */
export async function checkPageState(
  page: Page,
  observation: PageObservation,
  options: { maxScreens: number },
): Promise<PageStateCheck> {
  const brokenRefs: string[] = [];
  for (const element of observation.elements) {
    const locator = observation.refs.locatorFor(element.ref);
    const count = locator ? await locator.count() : 0;
    if (!locator || count !== 1) {
      brokenRefs.push(element.ref);
      continue;
    }
    await locator.evaluate(
      (el, mark) => Object.defineProperty(el, mark, { value: true, configurable: true }),
      MARK,
    );
  }
  const viewportHeight = observation.scroll.viewportHeight;
  const output = normalize(observation.text);
  let interactive = 0;
  const missingRefs: string[] = [];
  const missingTexts: string[] = [];
  let texts = 0;
  for (const frame of page.frames()) {
    let result: FrameResult;
    try {
      const offsetY = await offsetOf(frame);
      result = (await frame.evaluate(
        `(${FIND_VISIBLE_SOURCE})(${JSON.stringify({
          mark: MARK,
          offsetY,
          viewportHeight,
          maxScreens: options.maxScreens,
        })})`,
      )) as FrameResult;
    } catch {
      continue; // a frame that went away (or about:blank without a document)
    }
    interactive += result.interactive;
    missingRefs.push(...result.missing);
    for (const { text, inElement } of result.texts) {
      texts += 1;
      const found = output.includes(text) || output.includes(JSON.stringify(text).slice(1, -1));
      if (!found && !inElement) missingTexts.push(text);
    }
  }
  return { interactive, missingRefs, brokenRefs, texts, missingTexts };
}
