// In-page generation of a unique Playwright locator for an element (getByTestId / getByRole / getByLabel / … / CSS).
import type { AriaHelpers } from './page-aria-names.ts';
import type { DomHelpers } from './page-dom-helpers.ts';

/**
 * Creates the generator. Uniqueness is checked the way Playwright resolves each locator kind (getByRole skips
 * elements hidden from assistive technology; the attribute and text kinds do not), against indexes built once
 * per evaluation. Self-contained: sent to the page as source text.
 */
export function createLocatorHelpers(dom: DomHelpers, aria: AriaHelpers) {
  const MAX_NAME = 100;
  const UNNAMED_ROLES_WORTH_USING = new Set([
    'textbox',
    'searchbox',
    'combobox',
    'checkbox',
    'radio',
    'button',
    'slider',
    'spinbutton',
    'switch',
    'listbox',
    'dialog',
    'navigation',
    'main',
    'banner',
    'contentinfo',
    'img',
    'table',
    'list',
  ]);
  const NAMED_ROLES_WORTH_USING = new Set([
    ...UNNAMED_ROLES_WORTH_USING,
    'link',
    'heading',
    'option',
    'menuitem',
    'menuitemcheckbox',
    'menuitemradio',
    'tab',
    'treeitem',
    'cell',
    'gridcell',
    'columnheader',
    'rowheader',
    'row',
    'alert',
    'alertdialog',
    'status',
    'region',
    'form',
    'complementary',
    'group',
    'radiogroup',
    'tablist',
    'tabpanel',
    'menu',
    'menubar',
    'toolbar',
    'tooltip',
    'progressbar',
    'meter',
    'figure',
    'article',
    'search',
    'listitem',
  ]);
  const LABELABLE = new Set([
    'input',
    'select',
    'textarea',
    'button',
    'meter',
    'output',
    'progress',
  ]);
  let all: Element[] | null = null;
  let roleGroups: Map<string, Element[]> | null = null;
  const attributeIndex = new Map<string, [Element, string][]>();
  let labelIndex: [Element, string[]][] | null = null;
  let textIndex: Map<string, number> | null = null;

  function allElements(): Element[] {
    all ??= dom.deepElements(document);
    return all;
  }

  function quote(text: string): string {
    let out = "'";
    for (const ch of text) {
      const code = ch.codePointAt(0) ?? 0;
      if (ch === "'") out += "\\'";
      else if (ch === '\\') out += '\\\\';
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (code < 0x20 || code === 0x2028 || code === 0x2029 || code === 0x7f)
        out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += ch;
    }
    return `${out}'`;
  }

  function roleGroup(role: string): Element[] {
    if (!roleGroups) {
      roleGroups = new Map();
      for (const element of allElements()) {
        const r = aria.roleOf(element);
        if (r === null) continue;
        const group = roleGroups.get(r);
        if (group) group.push(element);
        else roleGroups.set(r, [element]);
      }
    }
    return roleGroups.get(role) ?? [];
  }

  /** Per role, over elements not hidden from assistive technology: exact-name counts and all names joined. */
  const roleNames = new Map<
    string,
    { total: number; exact: Map<string, number>; joined: string }
  >();
  const SEPARATOR = '\u0000';

  function namesOf(role: string): { total: number; exact: Map<string, number>; joined: string } {
    let entry = roleNames.get(role);
    if (!entry) {
      const exact = new Map<string, number>();
      const lower: string[] = [];
      for (const element of roleGroup(role)) {
        if (aria.isHiddenForAria(element)) continue;
        const name = aria.accessibleName(element);
        exact.set(name, (exact.get(name) ?? 0) + 1);
        lower.push(name.toLowerCase());
      }
      entry = { total: lower.length, exact, joined: SEPARATOR + lower.join(SEPARATOR) + SEPARATOR };
      roleNames.set(role, entry);
    }
    return entry;
  }

  /**
   * How many visible elements of the role getByRole would match. The substring count counts occurrences in
   * the joined names, which can only over-count (a name holding the text twice): safe for a uniqueness test.
   */
  function countRole(role: string, name: string | null, exact: boolean): number {
    const names = namesOf(role);
    if (name === null) return names.total;
    if (exact) return names.exact.get(name) ?? 0;
    const wanted = name.toLowerCase();
    let count = 0;
    for (
      let at = names.joined.indexOf(wanted);
      at !== -1;
      at = names.joined.indexOf(wanted, at + 1)
    )
      count++;
    return count;
  }

  function attributeValues(attribute: string): [Element, string][] {
    let entries = attributeIndex.get(attribute);
    if (!entries) {
      entries = [];
      for (const element of allElements()) {
        const value = element.getAttribute(attribute);
        if (value !== null) entries.push([element, value]);
      }
      attributeIndex.set(attribute, entries);
    }
    return entries;
  }

  /** Playwright's text matching: whitespace-normalized; substring and case-insensitive unless exact. */
  function matchesText(actual: string, wanted: string, exact: boolean): boolean {
    const normalized = dom.normalize(actual);
    return exact ? normalized === wanted : normalized.toLowerCase().includes(wanted.toLowerCase());
  }

  function countAttribute(attribute: string, value: string, exact: boolean): number {
    return attributeValues(attribute).filter(([, actual]) => matchesText(actual, value, exact))
      .length;
  }

  /** Label texts as Playwright's getByLabel sees them: aria-labelledby, aria-label, then <label> elements. */
  function labelTextsOf(element: Element): string[] {
    const refs = aria.idRefs(element, 'aria-labelledby');
    if (refs.length > 0) return refs.map((ref) => dom.normalize(ref.textContent));
    const ariaLabel = element.getAttribute('aria-label');
    if (ariaLabel !== null && ariaLabel.trim()) return [dom.normalize(ariaLabel)];
    const isInput =
      element.localName === 'input' && (element as HTMLInputElement).type !== 'hidden';
    if (!isInput && !LABELABLE.has(element.localName)) return [];
    const labels = (element as HTMLInputElement).labels;
    return labels ? Array.from(labels, (label) => dom.normalize(label.textContent)) : [];
  }

  function countLabel(text: string, exact: boolean): number {
    labelIndex ??= allElements()
      .map((element): [Element, string[]] => [element, labelTextsOf(element)])
      .filter(([, texts]) => texts.length > 0);
    return labelIndex.filter(([, texts]) => texts.some((t) => matchesText(t, text, exact))).length;
  }

  /** Full text the way Playwright's text engine reads it: descendants and open shadow roots. */
  function fullText(element: Element | ShadowRoot): string {
    if (element instanceof HTMLInputElement && ['submit', 'button', 'reset'].includes(element.type))
      return element.value;
    let text = '';
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === Node.TEXT_NODE) text += child.nodeValue ?? '';
      else if (
        child instanceof Element &&
        !['script', 'style', 'noscript', 'template', 'head'].includes(child.localName)
      )
        text += fullText(child);
    }
    if (element instanceof Element && element.shadowRoot) text += fullText(element.shadowRoot);
    return text;
  }

  /** Elements getByText(text, { exact: true }) matches: full text equal, and no child element equal as well. */
  function countExactText(text: string): number {
    if (!textIndex) {
      textIndex = new Map();
      for (const element of allElements()) {
        if (
          (element.textContent ?? '').length > 600 ||
          ['script', 'style', 'noscript', 'template', 'head', 'html'].includes(element.localName)
        )
          continue;
        const normalized = dom.normalize(fullText(element));
        if (!normalized) continue;
        const childMatches = Array.from(element.children).some(
          (child) => dom.normalize(fullText(child)) === normalized,
        );
        if (childMatches) continue;
        textIndex.set(normalized, (textIndex.get(normalized) ?? 0) + 1);
      }
    }
    return textIndex.get(text) ?? 0;
  }

  function byText(method: string, text: string, count: (exact: boolean) => number): string | null {
    if (!text || text.length > MAX_NAME) return null;
    if (count(false) === 1) return `${method}(${quote(text)})`;
    if (count(true) === 1) return `${method}(${quote(text)}, { exact: true })`;
    return null;
  }

  /** The chain of CSS locators through shadow hosts, ending at the element's own CSS path. */
  function cssLocator(element: Element): string {
    const steps: string[] = [];
    for (let current: Element | null = element; current;) {
      steps.unshift(`locator(${quote(dom.cssPath(current))})`);
      const root = current.getRootNode();
      current = root instanceof ShadowRoot ? root.host : null;
    }
    return steps.join('.');
  }

  /** The most readable locator that matches only this element in its frame (a CSS path as the last resort). */
  function locatorFor(element: Element): string {
    const testId = element.getAttribute('data-testid');
    if (testId && attributeValues('data-testid').filter(([, v]) => v === testId).length === 1)
      return `getByTestId(${quote(testId)})`;
    const role = aria.roleOf(element);
    if (role !== null && !aria.isHiddenForAria(element)) {
      const name = aria.accessibleName(element);
      if (name && name.length <= MAX_NAME && NAMED_ROLES_WORTH_USING.has(role)) {
        if (countRole(role, name, false) === 1)
          return `getByRole(${quote(role)}, { name: ${quote(name)} })`;
        if (countRole(role, name, true) === 1)
          return `getByRole(${quote(role)}, { name: ${quote(name)}, exact: true })`;
      } else if (
        !name &&
        UNNAMED_ROLES_WORTH_USING.has(role) &&
        countRole(role, null, false) === 1
      ) {
        return `getByRole(${quote(role)})`;
      }
    }
    for (const label of labelTextsOf(element)) {
      const found = byText('getByLabel', label, (exact) => countLabel(label, exact));
      if (found) return found;
    }
    const attributes: [string, string][] = [
      ['placeholder', 'getByPlaceholder'],
      ['alt', 'getByAltText'],
      ['title', 'getByTitle'],
    ];
    for (const [attribute, method] of attributes) {
      const value = dom.normalize(element.getAttribute(attribute));
      const found = byText(method, value, (exact) => countAttribute(attribute, value, exact));
      if (found) return found;
    }
    const text = dom.normalize(fullText(element));
    if (
      text &&
      text.length <= MAX_NAME &&
      element.children.length === 0 &&
      countExactText(text) === 1
    )
      return `getByText(${quote(text)}, { exact: true })`;
    return cssLocator(element);
  }

  return { locatorFor, quote };
}

export type LocatorHelpers = ReturnType<typeof createLocatorHelpers>;
