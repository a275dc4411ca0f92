// Turns the accessibility tree plus DOM facts into compact, position-tagged lines (not yet budgeted).
import type { AriaBox, AriaChild, AriaNode } from './aria-snapshot.ts';
import {
  GROUP_ROLES,
  INLINE_ROLES,
  LEAF_CLICK_ROLES,
  containsElement,
  countContent,
  dedupeLabels,
  dropLabelLines,
  headerFor,
  trimEmptyCells,
  type Line,
  type OmittedCounts,
} from './line-rules.ts';

import { factsFor, frameScope, isHiddenNode, screenOfBox, type FrameScope } from './frame-scope.ts';
import type { ElementFacts, FrameFacts } from './page-facts.ts';
import {
  INTERACTIVE_ROLES,
  collapseWhitespace,
  describeElement,
  interactiveRole,
  type ObservedElement,
} from './observed-element.ts';

export type { Line, OmittedCounts, Part } from './line-rules.ts';

export interface BuildLinesInput {
  roots: readonly AriaChild[];
  /** Facts of the top document. */
  topFacts: FrameFacts | undefined;
  /** Facts of each rendered iframe's document, by the iframe's ref. */
  frameFacts: ReadonlyMap<string, FrameFacts>;
  viewportHeight: number;
  /** Content further than this many screens from the viewport is summarised, not listed. */
  maxScreens: number;
  /** Every password value of every frame, to recognise password fields in the tree. */
  passwordValues: ReadonlySet<string>;
  /** Refs of text boxes found (or, when unsure, assumed) to be password fields by a direct check. */
  passwordRefs: ReadonlySet<string>;
  redact: (text: string) => string;
  /** The id shown for a Playwright ref. */
  displayRef: (ariaRef: string) => string;
}

export interface BuiltLines {
  lines: Line[];
  elements: ObservedElement[];
  /** Content left out because it is more than maxScreens away. */
  omittedAbove: OmittedCounts;
  omittedBelow: OmittedCounts;
  /** Refs of elements whose text contained a secret value (masked in screenshots). */
  secretRefs: string[];
}

interface Scope {
  frame: FrameScope;
  depth: number;
  /** Inside a cursor:pointer region with no interactive ancestor: leaf blocks are clickable. */
  pointer: boolean;
  /** Inside an interactive element: nested text belongs to its name. */
  inElement: boolean;
  /** Inside a table row: everything stays on the row's line. */
  inRow: boolean;
  group: number | undefined;
  /** Screen of the nearest ancestor with a box. */
  screen: number;
}

export function buildLines(input: BuildLinesInput): BuiltLines {
  const lines: Line[] = [];
  const elements: ObservedElement[] = [];
  const omittedAbove: OmittedCounts = { elements: 0, texts: 0 };
  const omittedBelow: OmittedCounts = { elements: 0, texts: 0 };
  const secretRefs: string[] = [];
  const vh = Math.max(1, input.viewportHeight);
  let current: Line | undefined;
  let nextGroup = 1;

  const redactTracked = (text: string, ref: string | undefined): string => {
    const out = input.redact(text);
    if (out !== text && ref) secretRefs.push(ref);
    return out;
  };

  const screenOf = (box: AriaBox | undefined, frame: FrameScope, fallback: number): number =>
    screenOfBox(box, frame, fallback, vh);

  const flush = (): void => {
    if (current && current.parts.some((p) => p.kind !== 'sep')) lines.push(dedupeLabels(current));
    current = undefined;
  };

  const lineFor = (scope: Scope, screen: number): Line => {
    if (!current) {
      current = {
        depth: scope.depth,
        marker: '',
        parts: [],
        trailer: '',
        kind: 'text',
        screen,
        group: scope.group,
      };
    }
    return current;
  };

  const addText = (text: string, scope: Scope, screen: number, ref: string | undefined): void => {
    const clean = collapseWhitespace(text);
    if (!clean) return;
    if (Math.abs(screen) > input.maxScreens) {
      (screen > 0 ? omittedBelow : omittedAbove).texts += 1;
      return;
    }
    lineFor(scope, screen).parts.push({ kind: 'text', text: redactTracked(clean, ref) });
  };

  const walkChildren = (children: readonly AriaChild[], scope: Scope, parent: AriaNode): void => {
    for (const child of children) {
      if (typeof child === 'string') addText(child, scope, scope.screen, parent.ref);
      else walkNode(child, scope);
    }
  };

  const walkNode = (node: AriaNode, outer: Scope): void => {
    const frame = outer.frame;
    const facts = factsFor(node, frame);
    if (isHiddenNode(node, frame, facts)) return;
    const screen = screenOf(node.box, frame, outer.screen);
    const scope: Scope = { ...outer, screen };
    const tiny = node.box !== undefined && (node.box.width <= 1 || node.box.height <= 1);
    const leaf = node.children.every((c) => typeof c === 'string');
    const clickableLeaf =
      !outer.inElement &&
      node.ref !== undefined &&
      LEAF_CLICK_ROLES.has(node.role) &&
      leaf &&
      (outer.pointer || node.cursorPointer);
    const role =
      outer.inElement && !INTERACTIVE_ROLES.has(node.role)
        ? undefined
        : interactiveRole(node, facts, clickableLeaf);

    const hasElementChildren = node.children.some((c) => typeof c !== 'string');
    if (role !== undefined && node.ref !== undefined) {
      // A generic element with a click handler and structure inside is a clickable region, not one item.
      // A generic element with a handler and structure inside is a region, not one item; only a pointer
      // cursor (inherited by its children) makes its leaves clickable one by one.
      const region =
        (role === 'clickable' || role === 'focusable') && hasElementChildren && !outer.pointer;
      const pointer = outer.pointer || (region && node.cursorPointer);
      walkElement(node, role, facts, { ...scope, pointer }, region);
      return;
    }
    if (tiny) {
      // A collapsed box shows no text of its own; elements inside may still overflow it visibly.
      for (const child of node.children) if (typeof child !== 'string') walkNode(child, scope);
      return;
    }
    if (node.role === 'iframe') {
      walkFrame(node, scope);
      return;
    }
    if (outer.inRow) {
      walkContent(node, scope);
      return;
    }
    if (node.role === 'row') {
      flush();
      const rowScope: Scope = { ...scope, inRow: true, pointer: false };
      const line = lineFor(rowScope, screen);
      line.kind = 'row';
      line.marker = '| ';
      if (node.cursorPointer && node.ref !== undefined && Math.abs(screen) <= input.maxScreens) {
        // A clickable row: the row itself gets a ref at the start of its line.
        const element = describeElement({
          node,
          role: 'clickable',
          facts,
          looksLikePassword: false,
          redact: (text) => redactTracked(text, node.ref),
          screen,
          frame: frame.ref ? input.displayRef(frame.ref) : '',
          displayRef: input.displayRef(node.ref),
        });
        element.name = '';
        elements.push(element);
        line.parts.push({ kind: 'element', element }, { kind: 'sep' });
      }
      let first = true;
      for (const child of node.children) {
        if (!first) line.parts.push({ kind: 'sep' });
        first = false;
        if (typeof child === 'string') addText(child, rowScope, screen, node.ref);
        else if (INTERACTIVE_ROLES.has(child.role) || child.ref === undefined)
          walkNode(child, rowScope);
        else walkContent(child, { ...rowScope, screen: screenOf(child.box, frame, screen) });
      }
      trimEmptyCells(line);
      flush();
      return;
    }
    const region =
      node.cursorPointer && node.ref !== undefined && !outer.inElement && !outer.pointer;
    if (region) {
      // A clickable container (custom dropdown, card): addressable itself, and its leaves are too.
      walkElement(node, 'clickable', facts, { ...scope, pointer: true }, true);
      return;
    }
    if (node.role === 'heading') {
      flush();
      const line = lineFor(scope, screen);
      line.kind = 'heading';
      line.marker = '#'.repeat(Math.min(6, Math.max(1, node.level ?? 2))) + ' ';
      if (node.children.length === 0 && node.text === undefined)
        addText(node.name, scope, screen, node.ref);
      else walkContent(node, scope);
      flush();
      return;
    }
    if (node.role === 'listitem') {
      flush();
      const line = lineFor(scope, screen);
      line.kind = 'item';
      line.marker = '- ';
      walkContent(node, scope);
      flush();
      return;
    }
    const header = headerFor(node);
    if (header !== undefined) {
      const onlyText = node.children.every((c) => typeof c === 'string');
      if (!onlyText) flush();
      const line = lineFor(scope, screen);
      if (!onlyText) line.kind = 'container';
      if (onlyText) {
        // A live region holding only text (toast, <output>): one line, or part of the current one.
        if (node.children.length === 0 && node.text === undefined && !node.name) return;
        addText(`${header}:`, scope, screen, node.ref);
        walkContent(node, scope);
        return;
      }
      line.parts.push({ kind: 'text', text: redactTracked(header, node.ref) });
      line.trailer = ':';
      flush();
      walkContent(node, withGroup({ ...scope, depth: scope.depth + 1 }, node));
      flush();
      return;
    }
    const block = !INLINE_ROLES.has(node.role);
    if (block) flush();
    const pointer = outer.pointer || (node.cursorPointer && !outer.inElement);
    walkContent(node, withGroup({ ...scope, pointer }, node));
    if (block) flush();
  };

  const withGroup = (scope: Scope, node: AriaNode): Scope =>
    GROUP_ROLES.has(node.role) && node.role !== 'rowgroup'
      ? { ...scope, group: nextGroup++ }
      : scope;

  const walkContent = (node: AriaNode, scope: Scope): void => {
    if (node.role === 'progressbar' || node.role === 'meter') {
      const amount = factsFor(node, scope.frame)?.amount;
      const name = node.name ? ` ${JSON.stringify(node.name)}` : '';
      addText(`[${node.role}${name}${amount ? ` ${amount}` : ''}]`, scope, scope.screen, node.ref);
      return;
    }
    if (node.role === 'img') {
      if (node.name) addText(`[img ${JSON.stringify(node.name)}]`, scope, scope.screen, node.ref);
      return;
    }
    if (node.text !== undefined) addText(node.text, scope, scope.screen, node.ref);
    // Cells and headers whose content became their name have no text child: the name is the text.
    else if (node.children.length === 0 && node.name)
      addText(node.name, scope, scope.screen, node.ref);
    walkChildren(node.children, scope, node);
  };

  const walkElement = (
    node: AriaNode,
    role: string,
    facts: ElementFacts | undefined,
    scope: Scope,
    region: boolean,
  ): void => {
    const screen = scope.screen;
    if (Math.abs(screen) > input.maxScreens) {
      (screen > 0 ? omittedBelow : omittedAbove).elements += 1;
      return;
    }
    const looksLikePassword =
      (role === 'textbox' || role === 'editable') &&
      node.text !== undefined &&
      (input.passwordValues.has(node.text) ||
        (node.ref !== undefined && input.passwordRefs.has(node.ref)));
    const element = describeElement({
      node,
      role,
      facts,
      looksLikePassword,
      redact: (text) => redactTracked(text, node.ref),
      screen,
      frame: scope.frame.ref ? input.displayRef(scope.frame.ref) : '',
      displayRef: input.displayRef(node.ref ?? ''),
    });
    if (region) element.name = '';
    elements.push(element);
    if (region) {
      flush();
      const line = lineFor(scope, screen);
      line.kind = 'container';
      line.parts.push({ kind: 'element', element });
      line.trailer = ':';
      flush();
      walkContent(node, { ...scope, depth: scope.depth + 1 });
      flush();
      return;
    }
    const hasNested = node.children.some(
      (c) => typeof c !== 'string' && containsElement(c) && c.role !== 'option',
    );
    const isList = role === 'listbox' || role === 'menu' || role === 'tree';
    if (isList || (hasNested && role !== 'combobox')) {
      flush();
      const line = lineFor(scope, screen);
      line.kind = 'container';
      line.parts.push({ kind: 'element', element });
      line.trailer = ':';
      flush();
      const inner = withGroup(
        { ...scope, depth: scope.depth + 1, pointer: false, inElement: !isList },
        node,
      );
      for (const child of node.children) {
        if (typeof child !== 'string' && containsElement(child)) {
          walkNode(child, inner);
          if (isList) flush();
        }
      }
      flush();
      return;
    }
    if (
      role === 'clickable' &&
      (node.role === 'listitem' || node.role === 'generic' || node.role === 'paragraph')
    ) {
      // A block-level leaf made clickable (custom dropdown option, menu entry) gets its own line.
      flush();
      const line = lineFor(scope, screen);
      if (node.role === 'listitem') {
        line.kind = 'item';
        line.marker = '- ';
      }
      line.parts.push({ kind: 'element', element });
      flush();
      return;
    }
    lineFor(scope, screen).parts.push({ kind: 'element', element });
  };

  const walkFrame = (node: AriaNode, scope: Scope): void => {
    const frame = frameScope(
      node.ref ?? '',
      scope.frame.offsetX + (node.box?.x ?? 0),
      scope.frame.offsetY + (node.box?.y ?? 0),
      node.ref !== undefined ? input.frameFacts.get(node.ref) : undefined,
    );
    flush();
    if (Math.abs(scope.screen) > input.maxScreens) {
      const counted = countContent(node);
      const bucket = scope.screen > 0 ? omittedBelow : omittedAbove;
      bucket.elements += counted.elements;
      bucket.texts += counted.texts;
      return;
    }
    const line = lineFor(scope, scope.screen);
    line.kind = 'container';
    const label = node.name || factsFor(node, scope.frame)?.label || '';
    const title = label ? ` ${JSON.stringify(redactTracked(label, node.ref))}` : '';
    line.parts.push({ kind: 'text', text: `iframe${title}` });
    line.trailer = ':';
    flush();
    walkChildren(node.children, { ...scope, frame, depth: scope.depth + 1, pointer: false }, node);
    flush();
  };

  const root: Scope = {
    frame: frameScope('', 0, 0, input.topFacts),
    depth: 0,
    pointer: false,
    inElement: false,
    inRow: false,
    group: undefined,
    screen: 0,
  };
  for (const node of input.roots) {
    if (typeof node === 'string') addText(node, root, 0, undefined);
    else walkNode(node, root);
  }
  flush();
  return { lines: dropLabelLines(lines), elements, omittedAbove, omittedBelow, secretRefs };
}
