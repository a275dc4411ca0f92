// Decides whether the element a recorded locator still finds is the recorded element, or something else now sitting there.

import { type ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import { compareProperties, createComparisonBuffer } from './compare-properties.ts';
import { prepareFingerprint, type PreparedFingerprint } from './fingerprint-features.ts';
import { DEFAULT_RELOCATION_WEIGHTS, type RelocationWeights } from './relocation-weights.ts';
import { scoreFromComparisons, weightVector } from './score-candidate.ts';
import { textSimilarity } from './text-similarity.ts';
import { hasOtherNeighbors, sameNearestNeighbor, sharesStrongIdentifier } from './twin-evidence.ts';

export interface AgreementOptions {
  /** Without a decisive signal, the score must reach this. */
  readonly minimumScore: number;
  readonly weights: RelocationWeights;
}

/**
 * The recorded locator matching one element is evidence in itself, but a structural locator (a CSS
 * path) that lands on another element after a change matches just as well. So agreement asks for
 * most of the weighted evidence (0.65) after the contradiction checks; an element that only kept
 * its name through a redesign fails here and goes to the full search, which is the safe side.
 */
export const DEFAULT_AGREEMENT_OPTIONS: AgreementOptions = {
  minimumScore: 0.65,
  weights: DEFAULT_RELOCATION_WEIGHTS,
};

/** Below this, the words a user sees on the element have changed: another element, or a reworded one to re-check. */
const SAME_WORDS = 0.8;

/** What a user reads as the element's name: its accessible name, else its text. */
function visibleName(element: PreparedFingerprint) {
  return element.accessibleName ?? element.text;
}

/** Evidence that the current element is not the recorded one, whatever else agrees. */
function contradicts(recorded: PreparedFingerprint, current: PreparedFingerprint): boolean {
  if (recorded.frameKey !== current.frameKey) return true;
  if (recorded.testIds !== null && current.testIds !== null) {
    for (const [key, value] of recorded.testIds) {
      const now = current.testIds.get(key);
      if (now !== undefined && now !== value) return true;
    }
  }
  const recordedName = visibleName(recorded);
  if (recordedName !== null) {
    const currentName = visibleName(current);
    if (currentName === null || textSimilarity(recordedName, currentName) < SAME_WORDS) return true;
  }
  if (recorded.type !== null && current.type !== null && recorded.type !== current.type) {
    // A text field that became a password field (or a checkbox a radio) is another control.
    if (recorded.tag === 'input' && current.tag === 'input') return true;
  }
  return false;
}

/** A deliberate, stable identity that did not change: same test id, or same non-generated id on the same tag. */
function sharesIdentity(recorded: PreparedFingerprint, current: PreparedFingerprint): boolean {
  if (recorded.testIds !== null && current.testIds !== null) {
    for (const [key, value] of recorded.testIds)
      if (current.testIds.get(key) === value) return true;
  }
  return (
    recorded.id !== null &&
    current.id !== null &&
    !recorded.id.volatile &&
    recorded.id.raw === current.id.raw &&
    recorded.tag === current.tag
  );
}

/**
 * True when `current` (the one element the recorded locator matches now) is still the recorded
 * element: nothing contradicts it (same frame, same test ids, same visible name, same input type)
 * and either a stable identity (test id, non-generated id) is unchanged, or its neighbours still
 * overlap the recorded ones (for an element recorded among namesakes: the same nearest neighbour)
 * and the similarity score reaches `options.minimumScore`.
 */
export function fingerprintAgrees(
  recorded: ElementFingerprint,
  current: ElementFingerprint,
  options: Partial<AgreementOptions> = {},
): boolean {
  const { minimumScore, weights } = { ...DEFAULT_AGREEMENT_OPTIONS, ...options };
  const a = prepareFingerprint(recorded);
  const b = prepareFingerprint(current);
  if (contradicts(a, b)) return false;
  if (sharesIdentity(a, b)) return true;
  const buffer = createComparisonBuffer();
  compareProperties(a, b, buffer);
  // Same label among other neighbours, with no identifier of its own: likely the twin in another row.
  // An element that had namesakes must still have the nearest neighbour that told it apart.
  if (!sharesStrongIdentifier(buffer)) {
    if (hasOtherNeighbors(a, b, buffer)) return false;
    if (a.hadNamesakes && !sameNearestNeighbor(a, b)) return false;
  }
  return scoreFromComparisons(buffer, weightVector(weights)) >= minimumScore;
}
