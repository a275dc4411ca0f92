// Reads Playwright's `ariaSnapshotJSON({ mode: 'ai', boxes: true })` tree into typed nodes, defensively.

/** A box in CSS pixels, relative to the viewport of the frame holding the element. */
export interface AriaBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One element of the accessibility tree as Playwright reports it; text fragments are plain strings. */
export interface AriaNode {
  role: string;
  name: string;
  /** Playwright's element reference (`e12`, `f1e3`): resolvable with the `aria-ref=` selector. */
  ref: string | undefined;
  /** The element's only text child, or a control's value (text boxes, sliders…). */
  text: string | undefined;
  children: AriaChild[];
  box: AriaBox | undefined;
  /** The element's own cursor is a pointer (not inherited from its parent). */
  cursorPointer: boolean;
  checked: boolean | 'mixed' | undefined;
  disabled: boolean;
  expanded: boolean | undefined;
  selected: boolean;
  pressed: boolean | 'mixed' | undefined;
  /** The element has focus. */
  active: boolean;
  invalid: boolean;
  level: number | undefined;
  url: string | undefined;
  placeholder: string | undefined;
  ariaHidden: boolean;
}

export type AriaChild = AriaNode | string;

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function asBox(value: unknown): AriaBox | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const box = value as Record<string, unknown>;
  const { x, y, width, height } = box;
  if (
    typeof x !== 'number' ||
    typeof y !== 'number' ||
    typeof width !== 'number' ||
    typeof height !== 'number'
  )
    return undefined;
  return { x, y, width, height };
}

function asTristate(value: unknown): boolean | 'mixed' | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  if (value === 'mixed') return 'mixed';
  return undefined;
}

function readChild(value: unknown): AriaChild | undefined {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return undefined;
  const raw = value as Record<string, unknown>;
  const role = asString(raw.role) ?? 'generic';
  // Some Playwright versions report static text as { role: 'text', text }.
  if (role === 'text') return asString(raw.text) ?? asString(raw.name) ?? '';
  const children: AriaChild[] = [];
  if (Array.isArray(raw.children)) {
    for (const child of raw.children as unknown[]) {
      const read = readChild(child);
      if (read !== undefined) children.push(read);
    }
  }
  const level = typeof raw.level === 'number' ? raw.level : undefined;
  return {
    role,
    name: asString(raw.name) ?? '',
    ref: asString(raw.ref),
    text: asString(raw.text),
    children,
    box: asBox(raw.box),
    cursorPointer: raw.cursor === 'pointer',
    checked: asTristate(raw.checked),
    disabled: raw.disabled === true,
    expanded: raw.expanded === true ? true : raw.expanded === false ? false : undefined,
    selected: raw.selected === true,
    pressed: asTristate(raw.pressed),
    active: raw.active === true,
    invalid: raw.invalid === true || raw.invalid === 'grammar' || raw.invalid === 'spelling',
    level,
    url: asString(raw.url),
    placeholder: asString(raw.placeholder),
    ariaHidden: raw.ariaHidden === true || raw['aria-hidden'] === true,
  };
}

/** Parses the value returned by `page.ariaSnapshotJSON()`: a list of nodes (or one node). */
export function readAriaSnapshot(json: unknown): AriaChild[] {
  const list = Array.isArray(json) ? (json as unknown[]) : [json];
  const nodes: AriaChild[] = [];
  for (const item of list) {
    const read = readChild(item);
    if (read !== undefined) nodes.push(read);
  }
  return nodes;
}

/** Every ref in the tree, in document order. */
export function collectRefs(
  nodes: readonly AriaChild[],
  into: Set<string> = new Set(),
): Set<string> {
  for (const node of nodes) {
    if (typeof node === 'string') continue;
    if (node.ref !== undefined) into.add(node.ref);
    collectRefs(node.children, into);
  }
  return into;
}
