// In-page DOM helpers for fingerprints (paths, texts, visibility). Runs inside the browser: no imports, no module scope.

/**
 * Creates the helpers with per-evaluation caches. Everything here must stay self-contained: it is sent to the
 * page as source text and composed with the other page libraries (see page-libraries.ts).
 */
export function createDomHelpers() {
  const XHTML = 'http://www.w3.org/1999/xhtml';
  const idCounts = new Map<Node, Map<string, number>>();
  const rects = new Map<Element, DOMRect>();
  const visibility = new Map<Element, boolean>();

  function normalize(text: string | null | undefined): string {
    return (text ?? '')
      .replace(/[\u200b\u00ad]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  }

  function cap(text: string | null | undefined, max: number): string | null {
    const normalized = normalize(text);
    if (normalized === '') return null;
    return normalized.length > max ? `${normalized.slice(0, max - 1)}…` : normalized;
  }

  /** The parent element, or the shadow host for the top element of a shadow tree. */
  function parentOrHost(element: Element): Element | null {
    if (element.parentElement) return element.parentElement;
    const parent = element.parentNode;
    return parent instanceof ShadowRoot ? parent.host : null;
  }

  function rootOf(element: Element): Document | ShadowRoot {
    const root = element.getRootNode();
    return root instanceof ShadowRoot ? root : element.ownerDocument;
  }

  /** Every element under root, descending into open shadow roots. */
  function deepElements(root: Document | ShadowRoot | Element): Element[] {
    const out: Element[] = [];
    const visit = (scope: Document | ShadowRoot | Element): void => {
      for (const element of scope.querySelectorAll('*')) {
        out.push(element);
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    if (root instanceof Element && root.shadowRoot) visit(root.shadowRoot);
    visit(root);
    return out;
  }

  function rectOf(element: Element): DOMRect {
    let rect = rects.get(element);
    if (!rect) {
      rect = element.getBoundingClientRect();
      rects.set(element, rect);
    }
    return rect;
  }

  /** Rendered with a non-empty box and not hidden by display, visibility or content-visibility. */
  function isVisible(element: Element): boolean {
    let visible = visibility.get(element);
    if (visible === undefined) {
      const rect = rectOf(element);
      visible =
        rect.width > 0 &&
        rect.height > 0 &&
        element.checkVisibility({
          visibilityProperty: true,
          contentVisibilityAuto: false,
        } as CheckVisibilityOptions);
      visibility.set(element, visible);
    }
    return visible;
  }

  function idCount(root: Document | ShadowRoot, id: string): number {
    let counts = idCounts.get(root);
    if (!counts) {
      counts = new Map();
      for (const element of root.querySelectorAll('[id]'))
        counts.set(element.id, (counts.get(element.id) ?? 0) + 1);
      idCounts.set(root, counts);
    }
    return counts.get(id) ?? 0;
  }

  const typeIndexes = new Map<Element, number>();

  /** 1-based position among same-tag siblings, or 0 when the element is the only one of its tag. */
  function typeIndex(element: Element): number {
    let index = typeIndexes.get(element);
    if (index === undefined) {
      // Index all children of the parent at once: paths of sibling candidates reuse it.
      const parent = element.parentNode as ParentNode | null;
      const siblings = parent ? parent.children : [element];
      const counts = new Map<string, number>();
      for (const sibling of siblings)
        counts.set(sibling.localName, (counts.get(sibling.localName) ?? 0) + 1);
      const seen = new Map<string, number>();
      for (const sibling of siblings) {
        const position = (seen.get(sibling.localName) ?? 0) + 1;
        seen.set(sibling.localName, position);
        typeIndexes.set(sibling, (counts.get(sibling.localName) ?? 0) > 1 ? position : 0);
      }
      index = typeIndexes.get(element) ?? 0;
    }
    return index;
  }

  /** A unique CSS path within the element's document or shadow root, anchored at the nearest unique id. */
  function cssPath(element: Element): string {
    const root = rootOf(element);
    const parts: string[] = [];
    for (let current: Element | null = element; current; current = current.parentElement) {
      if (current.id && idCount(root, current.id) === 1) {
        parts.unshift(`#${CSS.escape(current.id)}`);
        break;
      }
      const index = typeIndex(current);
      parts.unshift(CSS.escape(current.localName) + (index ? `:nth-of-type(${index})` : ''));
    }
    return parts.join(' > ');
  }

  function xpathStep(element: Element): string {
    const name =
      element.namespaceURI === XHTML ? element.localName : `*[name()='${element.localName}']`;
    const index = typeIndex(element);
    return index ? `${name}[${index}]` : name;
  }

  /** Absolute XPath; for shadow content the path goes through the hosts (a similarity signal, not evaluable). */
  function xpath(element: Element): string {
    const parts: string[] = [];
    for (let current: Element | null = element; current; current = parentOrHost(current))
      parts.unshift(xpathStep(current));
    return `/${parts.join('/')}`;
  }

  /** XPath from the nearest ancestor-or-self with an id inside the same document or shadow root. */
  function idXpath(element: Element): string | null {
    const parts: string[] = [];
    for (let current: Element | null = element; current; current = current.parentElement) {
      if (current.id) {
        const id = current.id;
        const quoted = !id.includes('"') ? `"${id}"` : !id.includes("'") ? `'${id}'` : null;
        if (quoted === null) return null;
        return [`//*[@id=${quoted}]`, ...parts].join('/');
      }
      parts.unshift(xpathStep(current));
    }
    return null;
  }

  /** Text of the element's own text nodes (not its descendants'). */
  function ownText(element: Element): string {
    let text = '';
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === Node.TEXT_NODE) text += `${child.nodeValue ?? ''} `;
    }
    return normalize(text);
  }

  /** What a user reads on the element. Long containers use textContent (innerText would force costly layout). */
  function visibleText(element: Element, max: number): string | null {
    const tag = element.localName;
    if (tag === 'input') {
      const input = element as HTMLInputElement;
      return ['submit', 'button', 'reset'].includes(input.type) ? cap(input.value, max) : null;
    }
    if (tag === 'textarea') return null;
    if (tag === 'select') {
      const select = element as HTMLSelectElement;
      return cap(select.selectedOptions[0]?.textContent ?? '', max);
    }
    const raw = element.textContent ?? '';
    // Leaves read their text content (cheap, and immune to cosmetic text-transform); containers use
    // innerText so hidden descendants do not count, unless they are too long for a layout-bound read.
    if (element.childElementCount === 0 || raw.length > 4000 || !(element instanceof HTMLElement))
      return cap(raw.length > max * 4 ? raw.slice(0, max * 4) : raw, max);
    let text = element.innerText;
    if (element.shadowRoot && normalize(text) === '') text = element.shadowRoot.textContent ?? '';
    return cap(text, max);
  }

  return {
    normalize,
    cap,
    parentOrHost,
    rootOf,
    deepElements,
    rectOf,
    isVisible,
    idCount,
    cssPath,
    xpath,
    idXpath,
    ownText,
    visibleText,
  };
}

export type DomHelpers = ReturnType<typeof createDomHelpers>;
