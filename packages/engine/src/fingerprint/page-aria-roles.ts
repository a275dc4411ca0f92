// In-page ARIA roles and hidden-ness, close to Playwright's getByRole rules so generated locators resolve.
import type { DomHelpers } from './page-dom-helpers.ts';

/** Creates the helpers with per-evaluation caches. Self-contained: sent to the page as source text. */
export function createRoleHelpers(dom: DomHelpers) {
  const VALID_ROLES = new Set(
    (
      'alert alertdialog application article banner blockquote button caption cell checkbox code columnheader combobox ' +
      'complementary contentinfo definition deletion dialog directory document emphasis feed figure form generic grid ' +
      'gridcell group heading img insertion link list listbox listitem log main mark marquee math meter menu menubar ' +
      'menuitem menuitemcheckbox menuitemradio navigation none note option paragraph presentation progressbar radio ' +
      'radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider spinbutton status strong ' +
      'subscript superscript switch tab table tablist tabpanel term textbox time timer toolbar tooltip tree treegrid treeitem'
    ).split(' '),
  );
  const LANDMARK_BLOCKERS =
    'article:not([role]), aside:not([role]), main:not([role]), nav:not([role]), section:not([role]), ' +
    '[role=article], [role=complementary], [role=main], [role=navigation], [role=region]';
  const INPUT_ROLES: Record<string, string> = {
    button: 'button',
    checkbox: 'checkbox',
    image: 'button',
    number: 'spinbutton',
    radio: 'radio',
    range: 'slider',
    reset: 'button',
    submit: 'button',
    file: 'button',
  };
  const roles = new Map<Element, string | null>();
  const hidden = new Map<Element, boolean>();

  function closestCrossShadow(element: Element, selector: string): Element | null {
    for (let current: Element | null = element; current;) {
      const found = current.closest(selector);
      if (found) return found;
      const root = current.getRootNode();
      current = root instanceof ShadowRoot ? root.host : null;
    }
    return null;
  }

  function hasExplicitName(element: Element): boolean {
    return element.hasAttribute('aria-label') || element.hasAttribute('aria-labelledby');
  }

  function implicitRole(element: Element): string | null {
    const tag = element.localName;
    switch (tag) {
      case 'a':
      case 'area':
        return element.hasAttribute('href') ? 'link' : null;
      case 'article':
        return 'article';
      case 'aside':
        return 'complementary';
      case 'blockquote':
        return 'blockquote';
      case 'button':
        return 'button';
      case 'caption':
        return 'caption';
      case 'code':
        return 'code';
      case 'datalist':
        return 'listbox';
      case 'dd':
        return 'definition';
      case 'del':
        return 'deletion';
      case 'details':
        return 'group';
      case 'dfn':
      case 'dt':
        return 'term';
      case 'dialog':
        return 'dialog';
      case 'em':
        return 'emphasis';
      case 'fieldset':
      case 'optgroup':
        return 'group';
      case 'figure':
        return 'figure';
      case 'footer':
        return closestCrossShadow(element, LANDMARK_BLOCKERS) ? null : 'contentinfo';
      case 'header':
        return closestCrossShadow(element, LANDMARK_BLOCKERS) ? null : 'banner';
      case 'form':
        return hasExplicitName(element) ? 'form' : null;
      case 'section':
        return hasExplicitName(element) ? 'region' : null;
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        return 'heading';
      case 'hr':
        return 'separator';
      case 'html':
        return 'document';
      case 'img': {
        const decorative =
          element.getAttribute('alt') === '' &&
          !element.getAttribute('title') &&
          !element.hasAttribute('tabindex');
        return decorative ? 'presentation' : 'img';
      }
      case 'input': {
        const input = element as HTMLInputElement;
        const type = input.type.toLowerCase();
        if (['email', 'search', 'tel', 'text', 'url', ''].includes(type)) {
          const listId = input.getAttribute('list');
          const list = listId ? dom.rootOf(input).querySelector(`#${CSS.escape(listId)}`) : null;
          if (list && list.localName === 'datalist') return 'combobox';
          return type === 'search' ? 'searchbox' : 'textbox';
        }
        if (type === 'hidden') return null;
        return INPUT_ROLES[type] ?? 'textbox';
      }
      case 'ins':
        return 'insertion';
      case 'li':
        return 'listitem';
      case 'main':
        return 'main';
      case 'mark':
        return 'mark';
      case 'math':
        return 'math';
      case 'menu':
      case 'ol':
      case 'ul':
        return 'list';
      case 'meter':
        return 'meter';
      case 'nav':
        return 'navigation';
      case 'option':
        return 'option';
      case 'output':
        return 'status';
      case 'p':
        return 'paragraph';
      case 'progress':
        return 'progressbar';
      case 'search':
        return 'search';
      case 'select': {
        const select = element as HTMLSelectElement;
        return select.multiple || select.size > 1 ? 'listbox' : 'combobox';
      }
      case 'strong':
        return 'strong';
      case 'sub':
        return 'subscript';
      case 'sup':
        return 'superscript';
      case 'svg':
        return 'img';
      case 'table':
        return 'table';
      case 'tbody':
      case 'thead':
      case 'tfoot':
        return 'rowgroup';
      case 'td': {
        const table = closestCrossShadow(element, 'table');
        const tableRole = table ? explicitRole(table) : null;
        return tableRole === 'grid' || tableRole === 'treegrid' ? 'gridcell' : 'cell';
      }
      case 'th': {
        const scope = element.getAttribute('scope');
        if (scope === 'row' || scope === 'rowgroup') return 'rowheader';
        return 'columnheader';
      }
      case 'textarea':
        return 'textbox';
      case 'time':
        return 'time';
      case 'tr':
        return 'row';
      default:
        return null;
    }
  }

  function explicitRole(element: Element): string | null {
    const tokens = (element.getAttribute('role') ?? '').toLowerCase().split(' ');
    return tokens.map((t) => t.trim()).find((t) => VALID_ROLES.has(t)) ?? null;
  }

  function isFocusable(element: Element): boolean {
    if ((element as HTMLButtonElement).disabled) return false;
    const tag = element.localName;
    if (['button', 'details', 'select', 'textarea', 'input'].includes(tag)) return true;
    if ((tag === 'a' || tag === 'area') && element.hasAttribute('href')) return true;
    return (
      element.hasAttribute('tabindex') && !Number.isNaN(Number(element.getAttribute('tabindex')))
    );
  }

  /** Explicit role when valid (presentation yields to the implicit role on focusable elements), else implicit. */
  function roleOf(element: Element): string | null {
    let role = roles.get(element);
    if (role === undefined) {
      const explicit = explicitRole(element);
      role =
        explicit === null
          ? implicitRole(element)
          : (explicit === 'none' || explicit === 'presentation') && isFocusable(element)
            ? implicitRole(element)
            : explicit;
      roles.set(element, role);
    }
    return role;
  }

  /** Hidden from assistive technology: not rendered, visibility hidden, or inside aria-hidden="true". */
  function isHiddenForAria(element: Element): boolean {
    let result = hidden.get(element);
    if (result === undefined) {
      const tag = element.localName;
      if (['style', 'script', 'noscript', 'template'].includes(tag)) result = true;
      else if (tag === 'option' && element.closest('select')) result = false;
      else if (!element.checkVisibility({ visibilityProperty: true })) result = true;
      else result = insideAriaHidden(element);
      hidden.set(element, result);
    }
    return result;
  }

  const ariaHidden = new Map<Element, boolean>();

  /** aria-hidden="true" on the element or an ancestor (across shadow hosts), memoized along the chain. */
  function insideAriaHidden(element: Element): boolean {
    let result = ariaHidden.get(element);
    if (result === undefined) {
      const parent = dom.parentOrHost(element);
      result =
        (element.getAttribute('aria-hidden') ?? '').toLowerCase() === 'true' ||
        (parent !== null && insideAriaHidden(parent));
      ariaHidden.set(element, result);
    }
    return result;
  }

  function idRefs(element: Element, attribute: string): Element[] {
    const value = element.getAttribute(attribute);
    if (!value) return [];
    const root = dom.rootOf(element);
    const found: Element[] = [];
    for (const id of value.split(/\s+/).filter(Boolean)) {
      const target = root.querySelector(`#${CSS.escape(id)}`);
      if (target && !found.includes(target)) found.push(target);
    }
    return found;
  }

  return { roleOf, isHiddenForAria, idRefs };
}

export type RoleHelpers = ReturnType<typeof createRoleHelpers>;
