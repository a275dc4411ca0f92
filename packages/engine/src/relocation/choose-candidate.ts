// Picks the page element that is the recorded one, or refuses: a weak or ambiguous match goes to repair, never a guess.

import { type ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import {
  areNested,
  compareProperties,
  createComparisonBuffer,
  IDENTITY_SLOT,
  similarityIn,
} from './compare-properties.ts';
import { prepareFingerprint, type PreparedFingerprint } from './fingerprint-features.ts';
import { DEFAULT_RELOCATION_WEIGHTS, type RelocationWeights } from './relocation-weights.ts';
import { explainCandidate, summarizeElement } from './explain-relocation.ts';
import { IDENTITY_FLOOR, scorePrepared, weightVector } from './score-candidate.ts';
import {
  chainIsAmbiguous,
  chooseChainMember,
  occupySameBox,
  type ChainMember,
  type ComparedMember,
} from './nested-chain.ts';
import {
  keepsNearestNeighbor,
  occupiesPlaceAmongOtherContent,
  sharesStrongIdentifier,
  unchangedPathDecides,
  type Contender,
} from './twin-evidence.ts';

export interface RelocationPolicy {
  /** The best candidate's score must reach this. */
  readonly threshold: number;
  /** …and beat the best candidate that is not nested in it (nor around it) by at least this much. */
  readonly margin: number;
  readonly weights: RelocationWeights;
}

/**
 * Defaults. `threshold` 0.35: scores are weighted averages over every recorded property, and a
 * correctly relocated element after a real redesign often keeps only its name and rough place
 * (scores 0.4–0.6 on the Similo data set), so the threshold only drops candidates that agree on
 * almost nothing; the identity floor (score-candidate.ts) and the margin do the refusing. `margin`
 * 0.05: a rival within 5 points is a tie; one distinguishing neighbour text or a clearly different
 * position gives a twin more than that (choose-candidate.test.ts). Neither is tuned on data.
 */
export const DEFAULT_RELOCATION_POLICY: RelocationPolicy = {
  threshold: 0.35,
  margin: 0.05,
  weights: DEFAULT_RELOCATION_WEIGHTS,
};

/** How many ranked candidates a choice reports. */
const TOP_COUNT = 5;

export interface RankedCandidate {
  /** Index into the candidates array. */
  readonly index: number;
  readonly score: number;
  /** Short description of the element, e.g. `<button#pay> "Pay now"`. */
  readonly summary: string;
  /** The heaviest properties and how they compared, e.g. `text 1.00 · tag 1.00 · xpath 0.71`. */
  readonly explanation: string;
  /** Nested in the best candidate or around it (its label span, its wrapper): not counted as a rival. */
  readonly nestedInBest: boolean;
}

export type RelocationChoice =
  | {
      readonly kind: 'accepted';
      readonly index: number;
      readonly score: number;
      /**
       * Best score minus the best rival's (a rival is a candidate not nested in the best or around
       * it). Below the policy's margin only when an unchanged document path settled a near tie.
       */
      readonly margin: number;
      readonly top: readonly RankedCandidate[];
    }
  | {
      readonly kind: 'refused';
      readonly reason: 'ambiguous' | 'weak' | 'no_candidates';
      readonly top: readonly RankedCandidate[];
    };

interface Ranked {
  readonly index: number;
  readonly element: PreparedFingerprint;
  readonly score: number;
  readonly identity: number;
}

/** Best agreement of the element's accessible name or text with the recorded one's (NaN when the recorded element has neither). */
export function nameAgreement(target: PreparedFingerprint, element: PreparedFingerprint): number {
  if (target.accessibleName === null && target.text === null) return NaN;
  const buffer = createComparisonBuffer();
  compareProperties(target, element, buffer);
  const byName = similarityIn(buffer, 'accessibleName');
  const byText = similarityIn(buffer, 'text');
  return Math.max(Number.isNaN(byName) ? 0 : byName, Number.isNaN(byText) ? 0 : byText);
}

function chainMemberOf(target: PreparedFingerprint, r: Ranked): ChainMember & { index: number } {
  return {
    index: r.index,
    element: r.element,
    score: r.score,
    nameAgreement: nameAgreement(target, r.element),
  };
}

/**
 * Scores every candidate against the recorded fingerprint and accepts the best one only when its
 * score reaches `policy.threshold`, it agrees with the recorded element on at least one identity
 * property (IDENTITY_FLOOR, when the recorded element has any), it is not merely another element in
 * the recorded one's place among other content (another list row), it still has the nearest
 * neighbour text of a recorded element that had namesakes, and it leads every rival by
 * `policy.margin` — or, in a near tie of look-alikes, it alone keeps the recorded document path
 * and its neighbours agree best (see unchangedPathDecides); otherwise refuses as `weak` or
 * `ambiguous`. Elements nested in the best one or around it are one control on screen, not
 * rivals: the member of that chain that is of the recorded kind is acted on (chooseChainMember),
 * and an unnamed element stacked on another of the same size that nothing but its tag tells
 * apart is refused as `ambiguous` (chainIsAmbiguous).
 */
export function chooseCandidate(
  target: ElementFingerprint,
  candidates: readonly ElementFingerprint[],
  policy: Partial<RelocationPolicy> = {},
): RelocationChoice {
  const { threshold, margin, weights } = { ...DEFAULT_RELOCATION_POLICY, ...policy };
  const vector = weightVector(weights);
  const buffer = createComparisonBuffer();
  const preparedTarget = prepareFingerprint(target);
  const ranked = candidates.map((candidate, index): Ranked => {
    const element = prepareFingerprint(candidate);
    const score = scorePrepared(preparedTarget, element, vector, buffer);
    return { index, element, score, identity: buffer[IDENTITY_SLOT] as number };
  });
  ranked.sort((a, b) => b.score - a.score || a.index - b.index);
  const [best] = ranked;
  if (best === undefined) return { kind: 'refused', reason: 'no_candidates', top: [] };

  // A button and the span inside it are one click target, not two rivals: only non-nested elements compete.
  const rival = ranked.find((r) => r !== best && !areNested(best.element, r.element));
  const top = ranked.slice(0, TOP_COUNT).map((r): RankedCandidate => ({
    index: r.index,
    score: r.score,
    summary: summarizeElement(r.element.source),
    explanation: explainCandidate(preparedTarget, r.element, vector),
    nestedInBest: r !== best && areNested(best.element, r.element),
  }));
  const bestScore = best.score;
  const rivalScore = rival?.score ?? 0;
  const chain = ranked.filter((r) => r !== best && areNested(best.element, r.element));
  const chosen = chooseChainMember(
    preparedTarget,
    chainMemberOf(preparedTarget, best),
    chain.map((r) => chainMemberOf(preparedTarget, r)),
  ) as ChainMember & { readonly index: number };

  // An element that shares none of the recorded element's names is never accepted, however well it
  // is placed; nor is one that merely fills the recorded element's slot among other content, nor a
  // namesake of an element that was told apart from its namesakes by its nearest neighbour text.
  compareProperties(preparedTarget, best.element, buffer);
  const lostContext =
    preparedTarget.hadNamesakes &&
    !keepsNearestNeighbor(preparedTarget, best.element) &&
    !sharesStrongIdentifier(buffer);
  if (
    bestScore < threshold ||
    best.identity < IDENTITY_FLOOR ||
    occupiesPlaceAmongOtherContent(preparedTarget, best.element, buffer) ||
    lostContext
  ) {
    return { kind: 'refused', reason: 'weak', top };
  }
  const compared = (element: PreparedFingerprint): ComparedMember & Contender => {
    const comparison = createComparisonBuffer();
    compareProperties(preparedTarget, element, comparison);
    return { element, comparison };
  };
  const lead = bestScore - rivalScore;
  if (lead < margin) {
    const others = ranked
      .filter(
        (r) => r !== best && r.score > bestScore - margin && !areNested(best.element, r.element),
      )
      .map((r) => compared(r.element));
    if (!unchangedPathDecides(preparedTarget, compared(best.element), others)) {
      return { kind: 'refused', reason: 'ambiguous', top };
    }
  }
  // The element to act on must also stand out from whatever is stacked on it in the same box.
  const stacked = [best, ...chain]
    .filter((r) => r.element !== chosen.element && occupySameBox(chosen.element, r.element))
    .map((r) => compared(r.element));
  if (stacked.length > 0 && chainIsAmbiguous(compared(chosen.element), stacked, vector)) {
    return { kind: 'refused', reason: 'ambiguous', top };
  }
  return { kind: 'accepted', index: chosen.index, score: chosen.score, margin: lead, top };
}
