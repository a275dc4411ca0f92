// Per-property similarity of a recorded element and a candidate, with how much each comparison may count.

import { isAncestorOrDescendant, pathSimilarity } from './element-path.ts';
import { compareTag, typeSimilarity } from './element-kinds.ts';
import { type PreparedFingerprint, type PreparedIdentifier } from './fingerprint-features.ts';
import { hrefSimilarity } from './href-similarity.ts';
import { RELOCATION_PROPERTIES, type RelocationProperty } from './relocation-weights.ts';
import {
  diceSimilarity,
  levenshteinSimilarity,
  neighborSimilarity,
  textSimilarity,
  type PreparedText,
} from './text-similarity.ts';

export const PROPERTY_COUNT = RELOCATION_PROPERTIES.length;
/** Slot of the comparison buffer that holds the identity agreement (see `compareProperties`). */
export const IDENTITY_SLOT = 2 * PROPERTY_COUNT;

/** A buffer for `compareProperties`: similarity and factor per property, then the identity agreement. */
export function createComparisonBuffer(): Float64Array {
  return new Float64Array(2 * PROPERTY_COUNT + 1);
}

/** Absent on one side: how much that absence counts as a mismatch (0 = not at all). */
interface Absence {
  /** The recorded element had it, the candidate does not. */
  readonly targetOnly: number;
  /** The candidate has it, the recorded element did not. */
  readonly candidateOnly: number;
}

// Ids, names, test ids are added to markup over time far more often than removed: a new one is no evidence.
const IDENTIFIER_ABSENCE: Absence = { targetOnly: 0.5, candidateOnly: 0 };
const VOLATILE_FACTOR = 0.25;
/**
 * Identifiers are asymmetric evidence: the same id on another element almost never happens, but a
 * redesign renames ids all the time. A differing identifier therefore counts with this much trust.
 */
const DIFFERING_IDENTIFIER_TRUST = 0.5;
/** Identifier similarity from which two identifiers count as the same one (case aside). */
export const MATCHING_IDENTIFIER = 0.9;

const TEXT_ABSENCE: Readonly<Record<string, Absence>> = {
  accessibleName: { targetOnly: 1, candidateOnly: 0.5 },
  text: { targetOnly: 1, candidateOnly: 0.5 },
  placeholder: { targetOnly: 0.5, candidateOnly: 0.25 },
  label: { targetOnly: 0.5, candidateOnly: 0.25 },
  alt: { targetOnly: 0.5, candidateOnly: 0 },
  title: { targetOnly: 0.5, candidateOnly: 0 },
  value: { targetOnly: 0, candidateOnly: 0 },
};

/** Exact (case-insensitive near-exact) wins; otherwise partial credit, squared so that chance resemblance stays small. */
function identifierSimilarity(a: PreparedIdentifier, b: PreparedIdentifier): number {
  if (a.raw === b.raw) return 1;
  if (a.lower === b.lower) return 0.95;
  const partial = Math.max(
    diceSimilarity(a.words, b.words),
    levenshteinSimilarity(a.lower, b.lower),
  );
  return partial * partial;
}

function testIdSimilarity(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): number {
  let best = 0;
  for (const [key, value] of a) {
    if (b.get(key) === value) return 1;
    for (const other of b.values()) {
      if (other === value) best = Math.max(best, 0.9);
      else {
        const partial = levenshteinSimilarity(value.toLowerCase(), other.toLowerCase());
        best = Math.max(best, 0.8 * partial * partial);
      }
    }
  }
  return best;
}

/** Centre distance in CSS px at which position similarity halves. */
const POSITION_HALF_DISTANCE = 150;

function positionSimilarity(t: PreparedFingerprint, c: PreparedFingerprint): number {
  const a = t.box;
  const b = c.box;
  if (a === null || b === null) return NaN;
  const x = POSITION_HALF_DISTANCE / (POSITION_HALF_DISTANCE + Math.abs(a.centerX - b.centerX));
  const y = POSITION_HALF_DISTANCE / (POSITION_HALF_DISTANCE + Math.abs(a.centerY - b.centerY));
  return (x + y) / 2;
}

function ratio(x: number, y: number): number {
  const larger = Math.max(x, y);
  return larger === 0 ? 1 : Math.min(x, y) / larger;
}

function sizeSimilarity(t: PreparedFingerprint, c: PreparedFingerprint): number {
  const a = t.box;
  const b = c.box;
  if (a === null || b === null) return NaN;
  return Math.sqrt(ratio(a.width, b.width) * ratio(a.height, b.height));
}

/** Writes similarity and weight factor of property `index` into `out`. */
function put(out: Float64Array, index: number, similarity: number, factor: number): void {
  out[2 * index] = similarity;
  out[2 * index + 1] = factor;
}

function putPresence<T>(
  out: Float64Array,
  index: number,
  a: T | null,
  b: T | null,
  absence: Absence,
  compare: (a: T, b: T) => number,
  factor = 1,
): void {
  if (a !== null && b !== null) put(out, index, compare(a, b), factor);
  else if (a !== null) put(out, index, 0, absence.targetOnly * factor);
  else if (b !== null) put(out, index, 0, absence.candidateOnly);
  else put(out, index, NaN, 0);
}

/** Position of each property in RELOCATION_PROPERTIES: its pair in a comparison buffer starts at 2 × this. */
export const INDEX_OF_PROPERTY = Object.fromEntries(
  RELOCATION_PROPERTIES.map((p, i) => [p, i]),
) as Readonly<Record<RelocationProperty, number>>;
const INDEX = INDEX_OF_PROPERTY;

function compareText(
  out: Float64Array,
  property: RelocationProperty,
  a: PreparedText | null,
  b: PreparedText | null,
): void {
  const absence = TEXT_ABSENCE[property] ?? { targetOnly: 0.5, candidateOnly: 0.25 };
  putPresence(out, INDEX[property], a, b, absence, textSimilarity);
}

function compareIdentifier(
  out: Float64Array,
  property: RelocationProperty,
  a: PreparedIdentifier | null,
  b: PreparedIdentifier | null,
): void {
  const index = INDEX[property];
  if (a !== null && b !== null) {
    const similarity = identifierSimilarity(a, b);
    const trust = a.volatile || b.volatile ? VOLATILE_FACTOR : 1;
    return put(
      out,
      index,
      similarity,
      similarity >= MATCHING_IDENTIFIER ? trust : trust * DIFFERING_IDENTIFIER_TRUST,
    );
  }
  const volatile = (a?.volatile ?? false) || (b?.volatile ?? false);
  putPresence(
    out,
    index,
    a,
    b,
    IDENTIFIER_ABSENCE,
    identifierSimilarity,
    volatile ? VOLATILE_FACTOR : 1,
  );
}

function compareClasses(out: Float64Array, t: PreparedFingerprint, c: PreparedFingerprint): void {
  const i = INDEX.classes;
  const a = t.classes;
  const b = c.classes;
  if (a === null) return put(out, i, NaN, 0);
  if (a.stable.size > 0) {
    if (b !== null && b.stable.size > 0) return put(out, i, diceSimilarity(a.stable, b.stable), 1);
    return put(out, i, 0, 1);
  }
  // Only generated class names were recorded: weak evidence either way.
  if (b !== null && b.volatile.size > 0)
    return put(out, i, diceSimilarity(a.volatile, b.volatile), VOLATILE_FACTOR);
  return put(out, i, NaN, 0);
}

function compareIdXpath(out: Float64Array, t: PreparedFingerprint, c: PreparedFingerprint): void {
  const i = INDEX.idXpath;
  const a = t.idXpath;
  const b = c.idXpath;
  if (a === null) return put(out, i, NaN, 0);
  if (b === null) return put(out, i, 0, 0.5);
  const factor = t.idXpathVolatile || c.idXpathVolatile ? VOLATILE_FACTOR : 1;
  if (a.anchor !== b.anchor) return put(out, i, 0, factor);
  return put(out, i, 0.4 + 0.6 * pathSimilarity(a.steps, b.steps), factor);
}

/**
 * Properties that name the element itself (what a user reads, or what a developer set on purpose),
 * with whether the recorded element has a trustworthy value for it. Context (neighbours, position,
 * paths, classes) is not identity: a "Cancel" button in the place of "Pay" has all of that.
 */
const IDENTITY_PROPERTIES: readonly [RelocationProperty, (t: PreparedFingerprint) => boolean][] = [
  ['accessibleName', (t) => t.accessibleName !== null],
  ['text', (t) => t.text !== null],
  ['label', (t) => t.label !== null],
  ['placeholder', (t) => t.placeholder !== null],
  ['alt', (t) => t.alt !== null],
  ['title', (t) => t.title !== null],
  ['id', (t) => t.id !== null && !t.id.volatile],
  ['name', (t) => t.name !== null && !t.name.volatile],
  ['testIds', (t) => t.testIds !== null],
  ['href', (t) => t.href !== null],
];

// Which identity properties a recorded element has depends on it alone: computed once, not per candidate.
const identitySlotsCache = new WeakMap<PreparedFingerprint, Int32Array>();

function identitySlots(t: PreparedFingerprint): Int32Array {
  let slots = identitySlotsCache.get(t);
  if (slots === undefined) {
    slots = Int32Array.from(
      IDENTITY_PROPERTIES.filter(([, recorded]) => recorded(t)).map(([p]) => 2 * INDEX[p]),
    );
    identitySlotsCache.set(t, slots);
  }
  return slots;
}

/** Best similarity over the identity properties the recorded element has; NaN when it has none. */
function identityAgreement(t: PreparedFingerprint, out: Float64Array): number {
  const slots = identitySlots(t);
  if (slots.length === 0) return NaN;
  let best = 0;
  for (const slot of slots) {
    const similarity = out[slot] as number;
    if (similarity > best) best = similarity;
  }
  return best;
}

/**
 * Compares every property of `t` (recorded) and `c` (candidate) into `out` (from
 * `createComparisonBuffer`). Pairs in RELOCATION_PROPERTIES order: the similarity in 0..1, or NaN
 * when the property carries no evidence (absent on both sides, or absent on one side where that is
 * normal), then the factor that scales the property's weight (1 = full trust; less for volatile
 * values or one-sided absence). The last slot holds the identity agreement: the best similarity
 * over the identity properties the recorded element has (NaN when it has none).
 */
export function compareProperties(
  t: PreparedFingerprint,
  c: PreparedFingerprint,
  out: Float64Array,
): void {
  put(out, INDEX.tag, compareTag(t, c), 1);
  putPresence(out, INDEX.role, t.role, c.role, { targetOnly: 0.5, candidateOnly: 0.5 }, (a, b) =>
    a === b ? 1 : 0,
  );
  compareText(out, 'accessibleName', t.accessibleName, c.accessibleName);
  compareText(out, 'text', t.text, c.text);
  compareIdentifier(out, 'id', t.id, c.id);
  compareIdentifier(out, 'name', t.name, c.name);
  putPresence(
    out,
    INDEX.type,
    t.type,
    c.type,
    { targetOnly: 0.5, candidateOnly: 0.5 },
    typeSimilarity,
  );
  compareText(out, 'placeholder', t.placeholder, c.placeholder);
  compareText(out, 'label', t.label, c.label);
  if (t.testIds !== null && c.testIds !== null) {
    const similarity = testIdSimilarity(t.testIds, c.testIds);
    put(
      out,
      INDEX.testIds,
      similarity,
      similarity >= MATCHING_IDENTIFIER ? 1 : DIFFERING_IDENTIFIER_TRUST,
    );
  } else
    putPresence(out, INDEX.testIds, t.testIds, c.testIds, IDENTIFIER_ABSENCE, testIdSimilarity);
  putPresence(
    out,
    INDEX.href,
    t.href,
    c.href,
    { targetOnly: 0.5, candidateOnly: 0.5 },
    hrefSimilarity,
  );
  compareText(out, 'alt', t.alt, c.alt);
  compareText(out, 'title', t.title, c.title);
  compareClasses(out, t, c);
  compareText(out, 'value', t.value, c.value);
  if (t.xpath !== null && c.xpath !== null)
    put(out, INDEX.xpath, pathSimilarity(t.xpath, c.xpath), 1);
  else put(out, INDEX.xpath, NaN, 0);
  compareIdXpath(out, t, c);
  const position = positionSimilarity(t, c);
  put(out, INDEX.position, position, Number.isNaN(position) ? 0 : 1);
  const size = sizeSimilarity(t, c);
  put(out, INDEX.size, size, Number.isNaN(size) ? 0 : 1);
  putPresence(
    out,
    INDEX.neighborTexts,
    t.neighbors,
    c.neighbors,
    { targetOnly: 1, candidateOnly: 0.25 },
    neighborSimilarity,
  );
  if (t.frameKey === null && c.frameKey === null) put(out, INDEX.frame, NaN, 0);
  else put(out, INDEX.frame, t.frameKey === c.frameKey ? 1 : 0, 1);
  out[IDENTITY_SLOT] = identityAgreement(t, out);
}

/** Similarity of one property in a filled comparison buffer (NaN when it gave no evidence). */
export function similarityIn(out: Float64Array, property: RelocationProperty): number {
  return out[2 * INDEX[property]] as number;
}

/** True when the two elements are nested in one another in the same document (a button and its label span). */
export function areNested(a: PreparedFingerprint, b: PreparedFingerprint): boolean {
  if (a.frameKey !== b.frameKey || a.xpath === null || b.xpath === null) return false;
  return isAncestorOrDescendant(a.xpath, b.xpath);
}
