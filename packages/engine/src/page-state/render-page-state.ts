// Renders page lines as text within a token budget, degrading step by step (collapse, truncate, summarise).
import type { ObservedElement } from './observed-element.ts';
import type { Line, OmittedCounts, Part } from './page-lines.ts';

export interface RenderLimits {
  text: number;
  name: number;
  value: number;
  options: number;
  /** Lists and tables longer than this keep only their visible lines and first few. */
  groupRun: number;
  dropOffscreenText: boolean;
  dropOffscreenElements: boolean;
  dropViewportText: boolean;
}

/** Degradation levels, tried in order until the text fits the budget. */
export const RENDER_LEVELS: readonly RenderLimits[] = [
  {
    text: 5000,
    name: 300,
    value: 500,
    options: 100,
    groupRun: Infinity,
    dropOffscreenText: false,
    dropOffscreenElements: false,
    dropViewportText: false,
  },
  {
    text: 200,
    name: 100,
    value: 120,
    options: 25,
    groupRun: 12,
    dropOffscreenText: false,
    dropOffscreenElements: false,
    dropViewportText: false,
  },
  {
    text: 120,
    name: 80,
    value: 80,
    options: 12,
    groupRun: 6,
    dropOffscreenText: true,
    dropOffscreenElements: false,
    dropViewportText: false,
  },
  {
    text: 60,
    name: 60,
    value: 60,
    options: 8,
    groupRun: 4,
    dropOffscreenText: true,
    dropOffscreenElements: true,
    dropViewportText: false,
  },
  {
    text: 40,
    name: 40,
    value: 40,
    options: 5,
    groupRun: 3,
    dropOffscreenText: true,
    dropOffscreenElements: true,
    dropViewportText: true,
  },
];

const GROUP_HEAD = 3;

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

export function renderElement(element: ObservedElement, limits: RenderLimits): string {
  let out = `[${element.ref}]${element.role}`;
  if (element.name) out += ` ${JSON.stringify(truncate(element.name, limits.name))}`;
  if (element.value !== undefined && element.value !== '')
    out += `=${JSON.stringify(truncate(element.value, limits.value))}`;
  if (element.states.length > 0) out += ` ${element.states.join(' ')}`;
  if (element.options && element.options.length > 0) {
    const shown = element.options.slice(0, limits.options).map((o) => truncate(o, limits.name));
    const more = element.options.length - shown.length;
    out += ` options: ${shown.join(' | ')}${more > 0 ? ` | … ${more} more` : ''}`;
  }
  return out;
}

const CLOSING_PUNCTUATION = /^[.,;:!?)\]]/;

function renderParts(parts: readonly Part[], limits: RenderLimits): string {
  let out = '';
  for (const part of parts) {
    const piece =
      part.kind === 'sep'
        ? '|'
        : part.kind === 'element'
          ? renderElement(part.element, limits)
          : truncate(part.text, limits.text);
    // Inline markup splits sentences into parts; punctuation stays attached to the word before it.
    const glue = out === '' || (part.kind === 'text' && CLOSING_PUNCTUATION.test(piece)) ? '' : ' ';
    out += glue + piece;
  }
  return out;
}

export function renderLine(line: Line, limits: RenderLimits): string {
  return `${'  '.repeat(line.depth)}${line.marker}${renderParts(line.parts, limits)}${line.trailer}`;
}

const hasElement = (line: Line): boolean => line.parts.some((p) => p.kind === 'element');
const elementsOf = (line: Line): ObservedElement[] =>
  line.parts.flatMap((p) => (p.kind === 'element' ? [p.element] : []));

export interface SelectedLines {
  text: string[];
  /** Elements listed in the text. */
  shown: ObservedElement[];
  /** Elements left out at this level, by role. */
  hiddenByRole: Map<string, number>;
  /** Text lines left out at this level. */
  hiddenTexts: number;
}

/** Applies one level's limits to the lines: collapses long groups and drops what the level drops. */
export function selectLines(lines: readonly Line[], limits: RenderLimits): SelectedLines {
  const text: string[] = [];
  const shown: ObservedElement[] = [];
  const hiddenByRole = new Map<string, number>();
  let hiddenTexts = 0;
  const hide = (line: Line): void => {
    const els = elementsOf(line);
    if (els.length === 0) hiddenTexts += 1;
    for (const el of els) hiddenByRole.set(el.role, (hiddenByRole.get(el.role) ?? 0) + 1);
  };

  // Position of each line inside its group run, to keep the head of long lists and tables.
  const runIndex = new Map<Line, number>();
  const runLength = new Map<number, number>();
  for (const line of lines) {
    if (line.group === undefined) continue;
    const n = runLength.get(line.group) ?? 0;
    runIndex.set(line, n);
    runLength.set(line.group, n + 1);
  }

  let collapsed = 0;
  let collapsedDepth = 0;
  let collapsedKind = 'items';
  const flushCollapsed = (): void => {
    if (collapsed === 0) return;
    text.push(`${'  '.repeat(collapsedDepth)}… ${collapsed} more ${collapsedKind}`);
    collapsed = 0;
  };

  for (const line of lines) {
    const visible = line.screen === 0;
    const withElements = hasElement(line);
    const keepAlways = line.kind === 'heading' || line.kind === 'container';
    let drop = false;
    if (withElements) drop = !visible && limits.dropOffscreenElements && !keepAlways;
    else if (!keepAlways) drop = visible ? limits.dropViewportText : limits.dropOffscreenText;
    if (!drop && line.group !== undefined && !visible) {
      const length = runLength.get(line.group) ?? 0;
      const index = runIndex.get(line) ?? 0;
      if (length > limits.groupRun && index >= GROUP_HEAD && !keepAlways) {
        collapsedDepth = line.depth;
        collapsedKind = line.kind === 'row' ? 'rows' : 'items';
        collapsed += 1;
        hide(line);
        continue;
      }
    }
    flushCollapsed();
    if (drop) {
      hide(line);
      continue;
    }
    text.push(renderLine(line, limits));
    shown.push(...elementsOf(line));
  }
  flushCollapsed();
  return { text, shown, hiddenByRole, hiddenTexts };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Lines saying what was left out (far off screen, or to fit the budget); empty when nothing was. */
export function describeLeftOut(
  above: OmittedCounts,
  below: OmittedCounts,
  maxScreens: number,
  selected: SelectedLines,
): string[] {
  const out: string[] = [];
  const far = (counts: OmittedCounts, where: string): void => {
    if (counts.elements + counts.texts === 0) return;
    out.push(
      `(${plural(counts.elements, 'element')} and ${plural(counts.texts, 'text')} more than ${maxScreens} screens ${where} are not listed: scroll to see them)`,
    );
  };
  far(above, 'above');
  far(below, 'below');
  const roles = [...selected.hiddenByRole.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([role, n]) => `${n} ${role}`);
  if (roles.length > 0 || selected.hiddenTexts > 0) {
    const what = [
      roles.length > 0 ? `elements (${roles.join(', ')})` : '',
      selected.hiddenTexts > 0 ? plural(selected.hiddenTexts, 'text line') : '',
    ]
      .filter(Boolean)
      .join(' and ');
    out.push(`(to fit the token budget, ${what} were left out: scroll or act to see them)`);
  }
  return out;
}
