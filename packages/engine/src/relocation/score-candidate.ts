// Weighted property similarity of a candidate element to a recorded one (the Similo approach), normalised to 0..1.

import { type ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import {
  compareProperties,
  createComparisonBuffer,
  IDENTITY_SLOT,
  PROPERTY_COUNT,
} from './compare-properties.ts';
import { prepareFingerprint, type PreparedFingerprint } from './fingerprint-features.ts';
import {
  DEFAULT_RELOCATION_WEIGHTS,
  RELOCATION_PROPERTIES,
  type RelocationProperty,
  type RelocationWeights,
} from './relocation-weights.ts';

/**
 * Below this identity agreement (best similarity over the recorded element's visible name, text,
 * label, placeholder, alt, title, stable id, name, test ids, href) the candidate is another element
 * that merely sits in the same place: its score is multiplied by IDENTITY_PENALTY.
 */
export const IDENTITY_FLOOR = 0.35;
export const IDENTITY_PENALTY = 0.5;

export interface PropertyScore {
  /** 0..1, or null when the property gave no evidence (absent on both sides, or absence that is normal). */
  readonly similarity: number | null;
  /** Weight this comparison counted with: the property's weight × trust (lower for volatile or one-sided values). */
  readonly weight: number;
}

export interface CandidateScore {
  /**
   * Σ weight·similarity / Σ weight over the properties that gave evidence (0 when none did),
   * multiplied by IDENTITY_PENALTY when `identity` is below IDENTITY_FLOOR.
   */
  readonly score: number;
  /** Best similarity over the identity properties the recorded element has; null when it has none. */
  readonly identity: number | null;
  readonly breakdown: Readonly<Record<RelocationProperty, PropertyScore>>;
}

/** Weight vector in RELOCATION_PROPERTIES order, so the hot loop indexes an array instead of a record. */
export function weightVector(weights: RelocationWeights): Float64Array {
  return Float64Array.from(RELOCATION_PROPERTIES, (p) => weights[p]);
}

/** The identity gate: a weighted average earned without any identity agreement counts for less. */
export function applyIdentityGate(average: number, identity: number): number {
  return identity < IDENTITY_FLOOR ? average * IDENTITY_PENALTY : average;
}

/** Folds a filled comparison buffer into the score. */
export function scoreFromComparisons(comparisons: Float64Array, weights: Float64Array): number {
  let total = 0;
  let earned = 0;
  for (let i = 0; i < PROPERTY_COUNT; i++) {
    const similarity = comparisons[2 * i] as number;
    if (Number.isNaN(similarity)) continue;
    const weight = (weights[i] as number) * (comparisons[2 * i + 1] as number);
    if (weight <= 0) continue;
    total += weight;
    earned += weight * similarity;
  }
  const average = total === 0 ? 0 : earned / total;
  // NaN (no identity recorded) fails the `<` test, so such targets are never penalised.
  return applyIdentityGate(average, comparisons[IDENTITY_SLOT] as number);
}

/** Scores prepared fingerprints into `buffer` (from createComparisonBuffer) and returns the score. */
export function scorePrepared(
  target: PreparedFingerprint,
  candidate: PreparedFingerprint,
  weights: Float64Array,
  buffer: Float64Array,
): number {
  compareProperties(target, candidate, buffer);
  return scoreFromComparisons(buffer, weights);
}

function breakdownOf(
  comparisons: Float64Array,
  weights: Float64Array,
): Record<RelocationProperty, PropertyScore> {
  const entries = RELOCATION_PROPERTIES.map((property, i): [RelocationProperty, PropertyScore] => {
    const similarity = comparisons[2 * i] as number;
    const weight = (weights[i] as number) * (comparisons[2 * i + 1] as number);
    return Number.isNaN(similarity) || weight <= 0
      ? [property, { similarity: null, weight: 0 }]
      : [property, { similarity, weight }];
  });
  return Object.fromEntries(entries) as Record<RelocationProperty, PropertyScore>;
}

/**
 * How similar `candidate` (an element on the current page) is to `target` (the recorded element):
 * a weighted average of per-property similarities in 0..1, with the breakdown that explains it.
 */
export function scoreCandidate(
  target: ElementFingerprint,
  candidate: ElementFingerprint,
  weights: RelocationWeights = DEFAULT_RELOCATION_WEIGHTS,
): CandidateScore {
  const vector = weightVector(weights);
  const buffer = createComparisonBuffer();
  const score = scorePrepared(
    prepareFingerprint(target),
    prepareFingerprint(candidate),
    vector,
    buffer,
  );
  const identity = buffer[IDENTITY_SLOT] as number;
  return {
    score,
    identity: Number.isNaN(identity) ? null : identity,
    breakdown: breakdownOf(buffer, vector),
  };
}
