// What changed between two observations of a page: URL, title, elements that came, went or changed, new text.
import type { ObservedElement } from './observed-element.ts';
import { renderElement, RENDER_LEVELS, truncate } from './render-page-state.ts';

/** The parts of an observation that changes are computed from. */
export interface ObservationDigest {
  url: string;
  title: string;
  elements: readonly ObservedElement[];
  texts: readonly string[];
}

export interface ElementChange {
  element: ObservedElement;
  before: ObservedElement;
}

export interface PageChanges {
  urlChanged: { from: string; to: string } | undefined;
  titleChanged: { from: string; to: string } | undefined;
  added: ObservedElement[];
  removed: ObservedElement[];
  /** Same ref, different value or states. */
  changed: ElementChange[];
  addedTexts: string[];
  removedTexts: string[];
}

const identity = (e: ObservedElement): string => `${e.frame}|${e.role}|${e.name}`;

/** Elements of `a` not matched in `b`, comparing by frame, role and name (refs change when nodes are re-created). */
function missingFrom(
  a: readonly ObservedElement[],
  b: readonly ObservedElement[],
): ObservedElement[] {
  const counts = new Map<string, number>();
  for (const e of b) counts.set(identity(e), (counts.get(identity(e)) ?? 0) + 1);
  const out: ObservedElement[] = [];
  for (const e of a) {
    const n = counts.get(identity(e)) ?? 0;
    if (n > 0) counts.set(identity(e), n - 1);
    else out.push(e);
  }
  return out;
}

function stateOf(e: ObservedElement): string {
  return `${e.value ?? ''}|${e.states.filter((s) => s !== 'focused').join(' ')}`;
}

export function computePageChanges(
  previous: ObservationDigest,
  current: ObservationDigest,
): PageChanges {
  const beforeByRef = new Map(previous.elements.map((e) => [e.ref, e]));
  const changed: ElementChange[] = [];
  for (const element of current.elements) {
    const before = beforeByRef.get(element.ref);
    if (before && identity(before) === identity(element) && stateOf(before) !== stateOf(element))
      changed.push({ element, before });
  }
  const previousTexts = new Set(previous.texts);
  const currentTexts = new Set(current.texts);
  return {
    urlChanged: previous.url !== current.url ? { from: previous.url, to: current.url } : undefined,
    titleChanged:
      previous.title !== current.title ? { from: previous.title, to: current.title } : undefined,
    added: missingFrom(current.elements, previous.elements),
    removed: missingFrom(previous.elements, current.elements),
    changed,
    addedTexts: [...currentTexts].filter((t) => !previousTexts.has(t)),
    removedTexts: [...previousTexts].filter((t) => !currentTexts.has(t)),
  };
}

export function hasChanges(changes: PageChanges): boolean {
  return (
    changes.urlChanged !== undefined ||
    changes.titleChanged !== undefined ||
    changes.added.length +
      changes.removed.length +
      changes.changed.length +
      changes.addedTexts.length +
      changes.removedTexts.length >
      0
  );
}

function listed<T>(items: readonly T[], max: number, show: (item: T) => string): string {
  const shown = items.slice(0, max).map(show);
  const more = items.length - shown.length;
  return shown.join(', ') + (more > 0 ? `, … ${more} more` : '');
}

/** The changes as a few lines for the model; `max` caps each list. */
export function renderPageChanges(changes: PageChanges, max: number): string[] {
  if (!hasChanges(changes)) return ['Changes since the previous step: none'];
  const limits = RENDER_LEVELS[2] ?? RENDER_LEVELS[0]!;
  const lines = ['Changes since the previous step:'];
  if (changes.urlChanged)
    lines.push(`  URL: ${changes.urlChanged.from} → ${changes.urlChanged.to}`);
  if (changes.titleChanged)
    lines.push(
      `  title: ${JSON.stringify(changes.titleChanged.from)} → ${JSON.stringify(changes.titleChanged.to)}`,
    );
  const element = (e: ObservedElement): string => renderElement(e, limits);
  if (changes.added.length > 0) lines.push(`  new: ${listed(changes.added, max, element)}`);
  if (changes.removed.length > 0) lines.push(`  gone: ${listed(changes.removed, max, element)}`);
  if (changes.changed.length > 0)
    lines.push(
      `  changed: ${listed(changes.changed, max, (c) => {
        const was =
          c.before.value !== c.element.value
            ? ` (was ${JSON.stringify(truncate(c.before.value ?? '', limits.value))})`
            : '';
        return element(c.element) + was;
      })}`,
    );
  const quote = (t: string): string => JSON.stringify(truncate(t, limits.text));
  if (changes.addedTexts.length > 0)
    lines.push(`  new text: ${listed(changes.addedTexts, max, quote)}`);
  if (changes.removedTexts.length > 0)
    lines.push(`  text gone: ${listed(changes.removedTexts, max, quote)}`);
  return lines;
}
