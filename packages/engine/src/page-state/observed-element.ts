// One interactive element as the model sees it: ref, role, name, value and states, already redacted.
import type { AriaNode } from './aria-snapshot.ts';
import { FACT, type ElementFacts } from './page-facts.ts';

export interface ObservedElement {
  /** Short id for actions: "12" in the top document, "f1e3" inside an iframe (see page-refs.ts). */
  ref: string;
  /** ARIA role, or `clickable` / `focusable` / `editable` / `summary` / `file` for what the tree leaves generic. */
  role: string;
  /** Accessible name (or visible text when there is none). */
  name: string;
  /** Current value of text boxes, selects, sliders…; never set for password fields. */
  value: string | undefined;
  /** checked (absent: unchecked), mixed, selected, expanded, collapsed, pressed, disabled, required, invalid, readonly, focused, password, filled, empty. */
  states: string[];
  /** Options of a native select (names), when it has any. */
  options: string[] | undefined;
  /** 0 when the element intersects the viewport; n > 0 when it starts n screens below, n < 0 above. */
  screen: number;
  /** Ref of the iframe holding the element ('' for the top document). */
  frame: string;
}

export const INTERACTIVE_ROLES: ReadonlySet<string> = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'checkbox',
  'radio',
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
]);

const VALUE_ROLES = new Set([
  'textbox',
  'searchbox',
  'spinbutton',
  'slider',
  'combobox',
  'editable',
]);
const CHECKABLE_ROLES = new Set([
  'checkbox',
  'radio',
  'switch',
  'menuitemcheckbox',
  'menuitemradio',
]);
const SELECTABLE_ROLES = new Set(['option', 'tab', 'treeitem', 'row', 'gridcell']);

/** Text of a node and its descendants, whitespace-collapsed. */
export function textOf(node: AriaNode): string {
  const parts: string[] = [];
  const visit = (n: AriaNode): void => {
    if (n.text !== undefined) parts.push(n.text);
    for (const child of n.children) {
      if (typeof child === 'string') parts.push(child);
      else if (child.name && INTERACTIVE_ROLES.has(child.role)) parts.push(child.name);
      else visit(child);
    }
  };
  visit(node);
  return collapseWhitespace(parts.join(' '));
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The role shown for a node, taking DOM facts into account; undefined when it is not interactive. */
export function interactiveRole(
  node: AriaNode,
  facts: ElementFacts | undefined,
  clickable: boolean,
): string | undefined {
  const flags = facts?.flags ?? 0;
  if (flags & FACT.file) return 'file';
  if (INTERACTIVE_ROLES.has(node.role)) return node.role;
  if (flags & FACT.summary) return 'summary';
  if (flags & FACT.editable) return 'editable';
  if (flags & FACT.onclick) return 'clickable';
  // Reachable by keyboard (tabindex) but with no sign of a click handler: a log, a panel, a custom widget.
  if (flags & FACT.tabindex) return 'focusable';
  if (clickable) return 'clickable';
  return undefined;
}

export interface DescribeInput {
  node: AriaNode;
  role: string;
  facts: ElementFacts | undefined;
  /** The node's value looks like a password field's value (it is withheld). */
  looksLikePassword: boolean;
  redact: (text: string) => string;
  screen: number;
  frame: string;
  /** The id shown to the model for the node's ref. */
  displayRef: string;
}

/** Builds the observed element of an interactive node; values of password fields never leave this function. */
export function describeElement(input: DescribeInput): ObservedElement {
  const { node, role, facts, redact } = input;
  const flags = facts?.flags ?? 0;
  const states: string[] = [];
  const isPassword = (flags & FACT.password) !== 0 || input.looksLikePassword;
  let name = node.name;
  if (!name && !VALUE_ROLES.has(role)) name = textOf(node);
  if (!name && node.placeholder) name = node.placeholder;
  if (!name && role === 'link' && node.url) name = node.url;
  let value: string | undefined;
  let options: string[] | undefined;
  if (isPassword) {
    states.push('password', node.text ? 'filled' : 'empty');
  } else if (role === 'combobox' && node.children.some((c) => typeof c !== 'string')) {
    const optionNodes = node.children.filter(
      (c): c is AriaNode => typeof c !== 'string' && c.role === 'option',
    );
    if (optionNodes.length > 0) {
      options = optionNodes.map((o) => redact(o.name || textOf(o)));
      const chosen = optionNodes.find((o) => o.selected);
      if (chosen) value = redact(chosen.name || textOf(chosen));
    } else if (node.text !== undefined) value = redact(node.text);
  } else if (VALUE_ROLES.has(role)) {
    const text = role === 'editable' ? textOf(node) : node.text;
    if (text !== undefined) value = redact(collapseWhitespace(text));
  }
  if (facts?.amount) value = facts.amount;
  // Unchecked is the default and goes unsaid (as in Playwright's snapshots): it saves a token per box.
  if (node.checked === true) states.push('checked');
  else if (node.checked === 'mixed' && CHECKABLE_ROLES.has(role)) states.push('mixed');
  if (node.selected && SELECTABLE_ROLES.has(role)) states.push('selected');
  if (node.expanded === true) states.push('expanded');
  else if (node.expanded === false) states.push('collapsed');
  else if (role === 'summary') states.push(flags & FACT.open ? 'expanded' : 'collapsed');
  else if (flags & FACT.collapsed) states.push('collapsed');
  if (node.pressed === true) states.push('pressed');
  else if (node.pressed === 'mixed') states.push('mixed');
  if (node.disabled) states.push('disabled');
  if (flags & FACT.required) states.push('required');
  if (node.invalid) states.push('invalid');
  if (flags & FACT.readonly && VALUE_ROLES.has(role)) states.push('readonly');
  if (node.active) states.push('focused');
  return {
    ref: input.displayRef,
    role,
    name: redact(collapseWhitespace(name)),
    value,
    states,
    options,
    screen: input.screen,
    frame: input.frame,
  };
}
