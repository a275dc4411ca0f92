// Context checks that keep relocation off the wrong twin: elements alike in name, told apart only by where they sit.

import { MATCHING_IDENTIFIER, similarityIn } from './compare-properties.ts';
import { samePath } from './element-path.ts';
import { type PreparedFingerprint } from './fingerprint-features.ts';
import { textSimilarity, type PreparedText } from './text-similarity.ts';

/** Neighbour similarity below this means the element is surrounded by other content. */
const OTHER_CONTENT = 0.2;
/** Path and position similarity from which the candidate counts as sitting in the recorded element's place. */
const SAME_PATH = 0.8;
const SAME_PLACE = 0.7;
/** Text similarity from which two neighbour texts count as the same one. */
const SAME_NEIGHBOR = 0.8;

/** The candidate carries the recorded element's own id, name, test id or exact link target (`out` from compareProperties). */
export function sharesStrongIdentifier(out: Float64Array): boolean {
  return (
    similarityIn(out, 'id') >= MATCHING_IDENTIFIER ||
    similarityIn(out, 'name') >= MATCHING_IDENTIFIER ||
    similarityIn(out, 'testIds') >= MATCHING_IDENTIFIER ||
    similarityIn(out, 'href') === 1
  );
}

/** Both elements have neighbour texts and they have (almost) nothing in common. */
export function hasOtherNeighbors(
  t: PreparedFingerprint,
  c: PreparedFingerprint,
  out: Float64Array,
): boolean {
  return (
    t.neighbors !== null &&
    c.neighbors !== null &&
    similarityIn(out, 'neighborTexts') < OTHER_CONTENT
  );
}

/**
 * The candidate sits where the recorded element was (same path, same place) but among other
 * content, and nothing but its own label ties it to the recorded element: another row of a list
 * whose recorded row is gone ("Remove" next to another product). Choosing it would be the silent
 * wrong-twin click.
 */
export function occupiesPlaceAmongOtherContent(
  t: PreparedFingerprint,
  c: PreparedFingerprint,
  out: Float64Array,
): boolean {
  return (
    hasOtherNeighbors(t, c, out) &&
    similarityIn(out, 'xpath') >= SAME_PATH &&
    similarityIn(out, 'position') >= SAME_PLACE &&
    !sharesStrongIdentifier(out)
  );
}

function sameText(a: PreparedText, b: PreparedText): boolean {
  return a.norm === b.norm || textSimilarity(a, b) >= SAME_NEIGHBOR;
}

/**
 * For an element that had namesakes when it was recorded (PreparedFingerprint.hadNamesakes): its
 * nearest recorded neighbour text, which told it apart from them, is still among the candidate's
 * neighbours. True when nothing was recorded to check.
 */
export function keepsNearestNeighbor(t: PreparedFingerprint, c: PreparedFingerprint): boolean {
  const nearest = t.neighbors?.[0];
  if (nearest === undefined) return true;
  return c.neighbors?.some((text) => sameText(nearest, text)) ?? false;
}

/** The nearest neighbour text is the same for both: the stricter check for an element that should be unchanged. */
export function sameNearestNeighbor(t: PreparedFingerprint, c: PreparedFingerprint): boolean {
  const nearest = t.neighbors?.[0];
  if (nearest === undefined) return true;
  const current = c.neighbors?.[0];
  return current !== undefined && sameText(nearest, current);
}

/** A close contender for the recorded element, with its comparison to it. */
export interface Contender {
  readonly element: PreparedFingerprint;
  /** compareProperties(recorded, element). */
  readonly comparison: Float64Array;
}

/**
 * Settles a near tie between look-alikes in favour of `best` when it alone still has the recorded
 * document path (the page was restyled or shifted, not restructured) and its surroundings agree
 * with the recording at least as well as every other contender's. A small vertical shift puts a
 * twin in the recorded pixel position; an unchanged path and the nearest texts say which it is.
 */
export function unchangedPathDecides(
  t: PreparedFingerprint,
  best: Contender,
  others: readonly Contender[],
): boolean {
  const recorded = t.xpath;
  if (recorded === null || best.element.xpath === null) return false;
  if (!samePath(recorded, best.element.xpath)) return false;
  const neighbors = similarityIn(best.comparison, 'neighborTexts');
  return others.every((other) => {
    if (other.element.xpath !== null && samePath(recorded, other.element.xpath)) return false;
    const theirs = similarityIn(other.comparison, 'neighborTexts');
    return Number.isNaN(theirs) || (!Number.isNaN(neighbors) && neighbors >= theirs);
  });
}
