// In-page accessible names (a simplified accname 1.2) and label texts, matching Playwright's getByRole names.
import type { DomHelpers } from './page-dom-helpers.ts';
import type { RoleHelpers } from './page-aria-roles.ts';

/** Creates the helpers with per-evaluation caches. Self-contained: sent to the page as source text. */
export function createNameHelpers(dom: DomHelpers, roles: RoleHelpers) {
  const { roleOf, isHiddenForAria, idRefs } = roles;
  const NAME_FROM_CONTENT = new Set(
    (
      'button cell checkbox columnheader gridcell heading link menuitem menuitemcheckbox menuitemradio option radio row ' +
      'rowheader switch tab tooltip treeitem'
    ).split(' '),
  );
  const NAME_FROM_CONTENT_IN_DESCENDANT = new Set(
    (
      ' caption code contentinfo definition deletion emphasis insertion list listitem mark none paragraph presentation ' +
      'region row rowgroup section strong subscript superscript table term time'
    ).split(' '),
  );
  const PROHIBITS_NAMING = new Set(
    (
      'caption code definition deletion emphasis generic insertion mark paragraph presentation strong subscript ' +
      'suggestion superscript term time'
    ).split(' '),
  );
  const names = new Map<Element, string>();

  type Mode = 'self' | 'descendant' | 'labelledby' | 'label' | 'native';
  interface Walk {
    visited: Set<Element>;
    mode: Mode;
    /** Inside a reference to a hidden element: hidden content counts. */
    hiddenRef: boolean;
  }

  function childWalk(walk: Walk, mode?: Mode): Walk {
    return { ...walk, mode: mode ?? (walk.mode === 'self' ? 'descendant' : walk.mode) };
  }

  function contentText(element: Element, walk: Walk): string {
    const tokens: string[] = [];
    const visit = (node: Node): void => {
      if (node.nodeType === Node.ELEMENT_NODE) {
        const child = node as Element;
        let token = textAlternative(child, walk);
        const display = child instanceof HTMLElement ? getComputedStyle(child).display : 'inline';
        if (display !== 'inline' || child.localName === 'br') token = ` ${token} `;
        tokens.push(token);
      } else if (node.nodeType === Node.TEXT_NODE) {
        tokens.push(node.nodeValue ?? '');
      }
    };
    if (element.localName === 'slot') {
      const assigned = (element as HTMLSlotElement).assignedNodes();
      if (assigned.length > 0) {
        assigned.forEach(visit);
        return tokens.join('');
      }
    }
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if ((child as Element | Text).assignedSlot) continue; // counted where it is slotted
      visit(child);
    }
    if (element.shadowRoot)
      for (let child = element.shadowRoot.firstChild; child; child = child.nextSibling)
        visit(child);
    for (const owned of idRefs(element, 'aria-owns')) visit(owned);
    return tokens.join('');
  }

  function labelsText(labels: Iterable<Element>, walk: Walk): string {
    return Array.from(labels, (label) =>
      textAlternative(label, { ...walk, mode: 'label', hiddenRef: isHiddenForAria(label) }),
    ).join(' ');
  }

  /** A simplified port of the accname 1.2 text alternative computation. */
  function textAlternative(element: Element, walk: Walk): string {
    if (walk.visited.has(element)) return '';
    if (!walk.hiddenRef && isHiddenForAria(element)) {
      walk.visited.add(element);
      return '';
    }
    const labelledBy = idRefs(element, 'aria-labelledby');
    if (walk.mode !== 'labelledby' && labelledBy.length > 0) {
      const text = labelledBy
        .map((ref) =>
          textAlternative(ref, {
            visited: walk.visited,
            mode: 'labelledby',
            hiddenRef: isHiddenForAria(ref),
          }),
        )
        .join(' ');
      if (dom.normalize(text)) return text;
    }
    const role = roleOf(element) ?? '';
    const tag = element.localName;
    if (walk.mode !== 'self' && walk.mode !== 'native') {
      if (role === 'textbox' || role === 'searchbox') {
        walk.visited.add(element);
        return tag === 'input' || tag === 'textarea'
          ? (element as HTMLInputElement).value
          : (element.textContent ?? '');
      }
      if (role === 'combobox' || role === 'listbox') {
        walk.visited.add(element);
        if (tag === 'select') {
          const select = element as HTMLSelectElement;
          return (select.selectedOptions[0] ?? select.options[0])?.textContent ?? '';
        }
        if (tag === 'input') return (element as HTMLInputElement).value;
        return '';
      }
      if (['progressbar', 'scrollbar', 'slider', 'spinbutton', 'meter'].includes(role)) {
        walk.visited.add(element);
        return (
          element.getAttribute('aria-valuetext') ??
          element.getAttribute('aria-valuenow') ??
          element.getAttribute('value') ??
          ''
        );
      }
    }
    const ariaLabel = element.getAttribute('aria-label') ?? '';
    if (ariaLabel.trim()) {
      walk.visited.add(element);
      return ariaLabel;
    }
    if (role !== 'presentation' && role !== 'none') {
      if (tag === 'input') {
        const input = element as HTMLInputElement;
        const type = input.type;
        if (type === 'button' || type === 'submit' || type === 'reset') {
          walk.visited.add(element);
          if (input.value.trim()) return input.value;
          if (type === 'submit') return 'Submit';
          if (type === 'reset') return 'Reset';
          return input.getAttribute('title') ?? '';
        }
        if (type === 'file' || type === 'image') {
          walk.visited.add(element);
          if (input.labels && input.labels.length > 0 && walk.mode !== 'labelledby')
            return labelsText(input.labels, walk);
          if (type === 'file') return 'Choose File';
          return (
            input.getAttribute('alt')?.trim() || input.getAttribute('title')?.trim() || 'Submit'
          );
        }
      }
      const labelable = [
        'textarea',
        'select',
        'input',
        'meter',
        'progress',
        'output',
        'button',
      ].includes(tag);
      if (labelable && labelledBy.length === 0) {
        const labels = (element as HTMLInputElement).labels;
        if (labels && labels.length > 0) {
          walk.visited.add(element);
          return labelsText(labels, walk);
        }
        if (tag !== 'button') {
          walk.visited.add(element);
          const title = element.getAttribute('title') ?? '';
          const usesPlaceholder =
            (tag === 'input' &&
              ['text', 'password', 'number', 'search', 'tel', 'email', 'url'].includes(
                (element as HTMLInputElement).type,
              )) ||
            tag === 'textarea';
          if (!usesPlaceholder || title) return title;
          return element.getAttribute('placeholder') ?? '';
        }
      }
      const captionTag =
        tag === 'fieldset'
          ? 'legend'
          : tag === 'figure'
            ? 'figcaption'
            : tag === 'table'
              ? 'caption'
              : null;
      if (captionTag && labelledBy.length === 0) {
        walk.visited.add(element);
        const caption = Array.from(element.children).find((c) => c.localName === captionTag);
        if (caption)
          return textAlternative(caption, {
            ...childWalk(walk),
            mode: 'native',
            hiddenRef: isHiddenForAria(caption),
          });
        if (tag !== 'table') return element.getAttribute('title') ?? '';
      }
      if (tag === 'img' || tag === 'area') {
        walk.visited.add(element);
        const alt = element.getAttribute('alt') ?? '';
        return alt.trim() ? alt : (element.getAttribute('title') ?? '');
      }
      if (tag === 'svg') {
        const title = Array.from(element.children).find((c) => c.localName === 'title');
        if (title) {
          walk.visited.add(element);
          return title.textContent ?? '';
        }
      }
    }
    const fromContent =
      NAME_FROM_CONTENT.has(role) ||
      (walk.mode === 'descendant' && NAME_FROM_CONTENT_IN_DESCENDANT.has(role)) ||
      (tag === 'summary' && role !== 'presentation' && role !== 'none') ||
      walk.mode === 'labelledby' ||
      walk.mode === 'label' ||
      walk.mode === 'native';
    if (fromContent) {
      walk.visited.add(element);
      const text = contentText(element, childWalk(walk));
      if (dom.normalize(text)) return text;
    }
    walk.visited.add(element);
    if (role !== 'presentation' && role !== 'none') {
      const title = element.getAttribute('title') ?? '';
      if (title.trim()) return title;
    }
    return '';
  }

  /** The accessible name, whitespace-normalized (empty string when none). */
  function accessibleName(element: Element): string {
    let name = names.get(element);
    if (name === undefined) {
      name = PROHIBITS_NAMING.has(roleOf(element) ?? '')
        ? ''
        : dom.normalize(
            textAlternative(element, { visited: new Set(), mode: 'self', hiddenRef: false }),
          );
      names.set(element, name);
    }
    return name;
  }

  /** Text of the element's labels: aria-labelledby targets, else its <label> elements (for= and wrapping). */
  function labelText(element: Element): string {
    const labelledBy = idRefs(element, 'aria-labelledby').filter(
      (ref) => ref !== element && !element.contains(ref),
    );
    if (labelledBy.length > 0)
      return dom.normalize(labelledBy.map((ref) => ref.textContent ?? '').join(' '));
    const labels = (element as HTMLInputElement).labels;
    if (!labels || labels.length === 0) return '';
    return dom.normalize(Array.from(labels, (label) => labelOwnText(label)).join(' '));
  }

  /** A label's text without the text of form controls inside it (a wrapped <select> lists all its options). */
  function labelOwnText(label: Element): string {
    let text = '';
    for (let child = label.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === Node.TEXT_NODE) text += child.nodeValue ?? '';
      else if (
        child instanceof Element &&
        !['select', 'textarea', 'input', 'button'].includes(child.localName)
      )
        text += ` ${labelOwnText(child)} `;
    }
    return text;
  }

  return { accessibleName, labelText };
}

export type NameHelpers = ReturnType<typeof createNameHelpers>;

/** Roles and names together, as the other page libraries use them. */
export type AriaHelpers = RoleHelpers & NameHelpers;
