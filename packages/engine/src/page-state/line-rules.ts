// The rules page lines follow: line shapes, which roles announce a container, which are inline, dedupe of labels.
import type { AriaChild, AriaNode } from './aria-snapshot.ts';
import { boxKey, indexFactsByBox, type ElementFacts, type FrameFacts } from './page-facts.ts';
import { INTERACTIVE_ROLES, type ObservedElement } from './observed-element.ts';

export type Part =
  | { kind: 'text'; text: string }
  | { kind: 'element'; element: ObservedElement }
  /** Table cell separator. */
  | { kind: 'sep' };

export type LineKind = 'heading' | 'text' | 'container' | 'item' | 'row';

export interface Line {
  depth: number;
  /** '# ' for headings, '- ' for list items, '| ' for table rows, '' otherwise. */
  marker: string;
  parts: Part[];
  /** ':' after a container header. */
  trailer: string;
  kind: LineKind;
  /** 0 in the viewport, n > 0 n screens below, n < 0 above. */
  screen: number;
  /** Id of the list, table or listbox the line belongs to, for collapsing long runs. */
  group: number | undefined;
}

export interface OmittedCounts {
  elements: number;
  texts: number;
}

export const HEADER_ROLES = new Set([
  'navigation',
  'form',
  'search',
  'dialog',
  'alertdialog',
  'alert',
  'status',
  'log',
  'banner',
  'contentinfo',
  'complementary',
  'menu',
  'menubar',
  'tree',
  'grid',
  'treegrid',
  'toolbar',
  'radiogroup',
  'iframe',
]);
/** Announced only when they have a name. */
export const NAMED_HEADER_ROLES = new Set([
  'region',
  'group',
  'list',
  'table',
  'tablist',
  'article',
]);
export const SHORT_ROLE: Record<string, string> = {
  navigation: 'nav',
  banner: 'header',
  contentinfo: 'footer',
  complementary: 'aside',
};
export const INLINE_ROLES = new Set([
  'strong',
  'emphasis',
  'code',
  'mark',
  'time',
  'subscript',
  'superscript',
  'deletion',
  'insertion',
  'img',
  'text',
  'progressbar',
  'meter',
]);
export const LEAF_CLICK_ROLES = new Set([
  'generic',
  'listitem',
  'paragraph',
  'cell',
  'none',
  'img',
]);
export const GROUP_ROLES = new Set([
  'list',
  'table',
  'grid',
  'treegrid',
  'rowgroup',
  'listbox',
  'tree',
]);

/**
 * Refs of text boxes showing a value that no DOM facts account for (their frame could not be read, or no
 * input has their box): the caller checks those directly, since the tree reports password values as text.
 */
export function findUnexplainedTextboxes(
  roots: readonly AriaChild[],
  topFacts: FrameFacts | undefined,
  frameFacts: ReadonlyMap<string, FrameFacts>,
): string[] {
  const out: string[] = [];
  const visit = (
    nodes: readonly AriaChild[],
    facts: FrameFacts | undefined,
    index: Map<string, ElementFacts[]>,
  ): void => {
    for (const node of nodes) {
      if (typeof node === 'string') continue;
      if (node.role === 'iframe' && node.ref !== undefined) {
        const inner = frameFacts.get(node.ref);
        visit(node.children, inner, indexFactsByBox(inner?.elements ?? []));
        continue;
      }
      if (node.role === 'textbox' && node.text && node.ref !== undefined) {
        const known =
          facts !== undefined &&
          node.box !== undefined &&
          (index.get(boxKey(node.box)) ?? []).some((f) => FORM_TAGS.has(f.tag));
        if (!known) out.push(node.ref);
      }
      visit(node.children, facts, index);
    }
  };
  visit(roots, topFacts, indexFactsByBox(topFacts?.elements ?? []));
  return out;
}

const STRUCTURAL_ROLES = new Set([
  'group',
  'list',
  'table',
  'grid',
  'row',
  'rowgroup',
  'navigation',
  'form',
  'region',
  'main',
  'banner',
  'contentinfo',
  'complementary',
  'dialog',
  'alertdialog',
  'article',
  'document',
  'heading',
  'paragraph',
]);
const FORM_TAGS = new Set(['input', 'textarea', 'select']);

/** Whether DOM facts measured on an element can belong to an accessibility node with this role. */
export function factsFitRole(fact: ElementFacts, role: string): boolean {
  if (FORM_TAGS.has(fact.tag)) return INTERACTIVE_ROLES.has(role);
  if (fact.tag === 'iframe') return role === 'iframe';
  if (fact.tag === 'progress' || fact.tag === 'meter')
    return role === 'progressbar' || role === 'meter';
  return !STRUCTURAL_ROLES.has(role);
}

/** Drops a text-only line that just repeats the name of an adjacent element (a separate <label>). */
export function dropLabelLines(lines: readonly Line[]): Line[] {
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (!line) continue;
    const next = lines[i + 1];
    const only = line.parts.length === 1 ? line.parts[0] : undefined;
    if (only?.kind === 'text' && line.kind === 'text') {
      const label = normalizedLabel(only.text);
      const first = next?.parts.find((p) => p.kind === 'element');
      if (first?.kind === 'element' && normalizedLabel(first.element.name) === label) continue;
      // A <label for> placed after its checkbox or radio lands on the line after it.
      const previous = out[out.length - 1];
      const last = previous?.parts[previous.parts.length - 1];
      if (last?.kind === 'element' && normalizedLabel(last.element.name) === label) continue;
    }
    out.push(line);
  }
  return out;
}

export function headerFor(node: AriaNode): string | undefined {
  const announced =
    HEADER_ROLES.has(node.role) || (NAMED_HEADER_ROLES.has(node.role) && node.name !== '');
  if (!announced) return undefined;
  const role = SHORT_ROLE[node.role] ?? node.role;
  return node.name ? `${role} ${JSON.stringify(node.name)}` : role;
}

export function containsElement(node: AriaNode): boolean {
  if (node.ref !== undefined && (INTERACTIVE_ROLES.has(node.role) || node.cursorPointer))
    return true;
  return node.children.some((c) => typeof c !== 'string' && containsElement(c));
}

export function countContent(node: AriaNode): { elements: number; texts: number } {
  let elements = 0;
  let texts = 0;
  const visit = (n: AriaNode): void => {
    if (INTERACTIVE_ROLES.has(n.role)) elements += 1;
    if (n.text !== undefined) texts += 1;
    for (const c of n.children) {
      if (typeof c === 'string') texts += 1;
      else visit(c);
    }
  };
  visit(node);
  return { elements, texts };
}

export function normalizedLabel(text: string): string {
  return text
    .replace(/[\s:*]+$/u, '')
    .trim()
    .toLowerCase();
}

/** Drops a text part that only repeats the name of an element on the same line (its label). */
export function dedupeLabels(line: Line): Line {
  const names = new Set(
    line.parts
      .filter((p): p is Extract<Part, { kind: 'element' }> => p.kind === 'element')
      .map((p) => normalizedLabel(p.element.name))
      .filter((n) => n !== ''),
  );
  if (names.size === 0) return line;
  const parts = line.parts.filter((p) => p.kind !== 'text' || !names.has(normalizedLabel(p.text)));
  return { ...line, parts };
}

export function trimEmptyCells(line: Line): void {
  while (line.parts.length > 0 && line.parts[line.parts.length - 1]?.kind === 'sep')
    line.parts.pop();
}
