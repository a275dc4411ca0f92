// Evaluates relocation policies on precomputed per-property similarities and tunes weights and threshold on them.
import {
  nameAgreement,
  type RelocationPolicy,
} from '../../packages/engine/src/relocation/choose-candidate.ts';
import {
  compareProperties,
  createComparisonBuffer,
} from '../../packages/engine/src/relocation/compare-properties.ts';
import { samePath } from '../../packages/engine/src/relocation/element-path.ts';
import {
  prepareFingerprint,
  type PreparedFingerprint,
} from '../../packages/engine/src/relocation/fingerprint-features.ts';
import {
  chainIsAmbiguous,
  chooseChainMember,
  occupySameBox,
  type ChainMember,
  type ComparedMember,
} from '../../packages/engine/src/relocation/nested-chain.ts';
import {
  RELOCATION_PROPERTIES,
  type RelocationProperty,
  type RelocationWeights,
} from '../../packages/engine/src/relocation/relocation-weights.ts';
import {
  applyIdentityGate,
  IDENTITY_FLOOR,
  scoreCandidate,
} from '../../packages/engine/src/relocation/score-candidate.ts';
import { occupiesPlaceAmongOtherContent } from '../../packages/engine/src/relocation/twin-evidence.ts';
import { type RelocationCase } from './similo-dataset.ts';

const UNIT_WEIGHTS = Object.fromEntries(RELOCATION_PROPERTIES.map((p) => [p, 1])) as Record<
  RelocationProperty,
  number
>;

export interface TunablePolicy {
  /** Full weight vector in RELOCATION_PROPERTIES order. */
  weights: Float64Array;
  threshold: number;
  margin: number;
}

export function toTunable(policy: RelocationPolicy): TunablePolicy {
  return {
    weights: Float64Array.from(RELOCATION_PROPERTIES, (p) => policy.weights[p]),
    threshold: policy.threshold,
    margin: policy.margin,
  };
}

export function toWeights(vector: Float64Array): RelocationWeights {
  return Object.fromEntries(
    RELOCATION_PROPERTIES.map((p, k) => [p, vector[k] as number]),
  ) as Record<RelocationProperty, number>;
}

/**
 * One case with every candidate's similarity and trust factor for the tunable properties, and the
 * contribution of the other properties folded in with their (fixed) weights: the score under any
 * tunable weights is then (fixedEarned + Σ w·f·s) / (fixedTotal + Σ w·f), gated by identity.
 */
export interface PrecomputedCase {
  app: string;
  targetId: string;
  correctIndex: number;
  count: number;
  /** Indices (into RELOCATION_PROPERTIES) of the tunable properties, T of them. */
  tunable: readonly number[];
  /** count × T similarities, NaN where a property gave no evidence. */
  similarities: Float64Array;
  /** count × T trust factors. */
  factors: Float64Array;
  fixedTotal: Float64Array;
  fixedEarned: Float64Array;
  /** Identity agreement per candidate, NaN when the target records no identity property. */
  identities: Float64Array;
  /** Per candidate: it fills the target's place among other content (never accepted). */
  otherOccupants: Uint8Array;
  /** Per candidate: it has the target's exact XPath (settles near ties, see unchangedPathDecides). */
  samePaths: Uint8Array;
  /** Per candidate: neighbour-text similarity (NaN when it gave no evidence). */
  neighborSimilarities: Float64Array;
  /** Per candidate: agreement of its name or text with the target's (chooseChainMember). */
  nameAgreements: Float64Array;
  xpaths: readonly string[];
  /** The prepared target and candidates, for the nested-chain check (cheap: features are cached per fingerprint). */
  preparedTarget: PreparedFingerprint;
  prepared: readonly PreparedFingerprint[];
}

export function precomputeCase(
  c: RelocationCase,
  tunable: readonly RelocationProperty[],
  fixedWeights: RelocationWeights,
): PrecomputedCase {
  const T = tunable.length;
  const n = c.candidates.length;
  const similarities = new Float64Array(n * T);
  const factors = new Float64Array(n * T);
  const fixedTotal = new Float64Array(n);
  const fixedEarned = new Float64Array(n);
  const identities = new Float64Array(n);
  const otherOccupants = new Uint8Array(n);
  const samePaths = new Uint8Array(n);
  const neighborSimilarities = new Float64Array(n);
  const nameAgreements = new Float64Array(n);
  const buffer = createComparisonBuffer();
  const target = prepareFingerprint(c.target);
  c.candidates.forEach((candidate, i) => {
    const prepared = prepareFingerprint(candidate);
    nameAgreements[i] = nameAgreement(target, prepared);
    compareProperties(target, prepared, buffer);
    otherOccupants[i] = occupiesPlaceAmongOtherContent(target, prepared, buffer) ? 1 : 0;
    samePaths[i] =
      target.xpath !== null && prepared.xpath !== null && samePath(target.xpath, prepared.xpath)
        ? 1
        : 0;
    const { breakdown, identity } = scoreCandidate(c.target, candidate, UNIT_WEIGHTS);
    identities[i] = identity ?? NaN;
    neighborSimilarities[i] = breakdown.neighborTexts.similarity ?? NaN;
    for (const property of RELOCATION_PROPERTIES) {
      const { similarity, weight: factor } = breakdown[property];
      const j = tunable.indexOf(property);
      if (j >= 0) {
        similarities[i * T + j] = similarity ?? NaN;
        factors[i * T + j] = factor;
      } else if (similarity !== null) {
        fixedTotal[i] = (fixedTotal[i] as number) + fixedWeights[property] * factor;
        fixedEarned[i] = (fixedEarned[i] as number) + fixedWeights[property] * factor * similarity;
      }
    }
  });
  return {
    app: c.app,
    targetId: c.targetId,
    correctIndex: c.correctIndex,
    count: n,
    tunable: tunable.map((p) => RELOCATION_PROPERTIES.indexOf(p)),
    similarities,
    factors,
    fixedTotal,
    fixedEarned,
    identities,
    otherOccupants,
    samePaths,
    neighborSimilarities,
    nameAgreements,
    xpaths: c.candidates.map((candidate) => candidate.xpath),
    preparedTarget: target,
    prepared: c.candidates.map((candidate) => prepareFingerprint(candidate)),
  };
}

/** Same ancestor test as the engine (the data set's XPaths are already canonical: every step indexed). */
function nested(a: string, b: string): boolean {
  return a !== b && (a.startsWith(`${b}/`) || b.startsWith(`${a}/`));
}

export type OutcomeKind = 'accepted-correct' | 'accepted-wrong' | 'refused';

export interface CaseOutcome {
  chosen: number;
  forcedCorrect: boolean;
  kind: OutcomeKind;
  /** The chosen element is an ancestor or descendant of the correct one (a wrapper, or the label inside). */
  chosenNestedWithCorrect: boolean;
  /** Correct candidate's score minus the best other candidate's, nested ones included (>0: ranked first). */
  correctLead: number;
}

/** The decision rule of chooseCandidate, on precomputed similarities. */
export function evaluateCase(c: PrecomputedCase, policy: TunablePolicy): CaseOutcome {
  const T = c.tunable.length;
  const weights = c.tunable.map((k) => policy.weights[k] as number);
  const scores = new Float64Array(c.count);
  let best = 0;
  for (let i = 0; i < c.count; i++) {
    let total = c.fixedTotal[i] as number;
    let earned = c.fixedEarned[i] as number;
    for (let j = 0; j < T; j++) {
      const similarity = c.similarities[i * T + j] as number;
      if (Number.isNaN(similarity)) continue;
      const weight = (weights[j] as number) * (c.factors[i * T + j] as number);
      if (weight <= 0) continue;
      total += weight;
      earned += weight * similarity;
    }
    scores[i] = applyIdentityGate(total === 0 ? 0 : earned / total, c.identities[i] as number);
    if ((scores[i] as number) > (scores[best] as number)) best = i;
  }
  const bestXpath = c.xpaths[best] as string;
  const correctXpath = c.xpaths[c.correctIndex] as string;
  let rival = 0;
  let otherThanCorrect = 0;
  for (let i = 0; i < c.count; i++) {
    const score = scores[i] as number;
    if (i !== best && score > rival && !nested(bestXpath, c.xpaths[i] as string)) rival = score;
    if (i !== c.correctIndex && score > otherThanCorrect) otherThanCorrect = score;
  }
  const bestScore = scores[best] as number;
  const acceptedBest =
    bestScore >= policy.threshold &&
    !((c.identities[best] as number) < IDENTITY_FLOOR) &&
    c.otherOccupants[best] === 0 &&
    (bestScore - rival >= policy.margin || unchangedPathDecides(c, scores, best, policy.margin));
  const member = chainMemberToActOn(c, scores, best);
  const accepted = acceptedBest && !stackedChainIsAmbiguous(c, best, member, policy.weights);
  // What replay would act on: the accepted member, else the best-scoring candidate (as in similo.ts).
  const chosen = accepted ? member : best;
  const forcedCorrect = chosen === c.correctIndex;
  return {
    chosen,
    forcedCorrect,
    kind: !accepted ? 'refused' : forcedCorrect ? 'accepted-correct' : 'accepted-wrong',
    chosenNestedWithCorrect: !forcedCorrect && nested(c.xpaths[chosen] as string, correctXpath),
    correctLead: (scores[c.correctIndex] as number) - otherThanCorrect,
  };
}

/** The engine's chooseChainMember on the best and the candidates nested in it or around it: the index to act on. */
function chainMemberToActOn(c: PrecomputedCase, scores: Float64Array, best: number): number {
  const member = (i: number): ChainMember & { index: number } => ({
    index: i,
    element: c.prepared[i] as PreparedFingerprint,
    score: scores[i] as number,
    nameAgreement: c.nameAgreements[i] as number,
  });
  const bestXpath = c.xpaths[best] as string;
  const chain: (ChainMember & { index: number })[] = [];
  for (let i = 0; i < c.count; i++) {
    if (nested(bestXpath, c.xpaths[i] as string)) chain.push(member(i));
  }
  return (
    chooseChainMember(c.preparedTarget, member(best), chain) as ChainMember & { index: number }
  ).index;
}

/** The engine's chainIsAmbiguous on the chosen member and the members of the best's chain stacked in its box. */
function stackedChainIsAmbiguous(
  c: PrecomputedCase,
  best: number,
  chosen: number,
  weights: Float64Array,
): boolean {
  const compared = (i: number): ComparedMember => {
    const comparison = createComparisonBuffer();
    compareProperties(c.preparedTarget, c.prepared[i] as PreparedFingerprint, comparison);
    return { element: c.prepared[i] as PreparedFingerprint, comparison };
  };
  const element = c.prepared[chosen] as PreparedFingerprint;
  const bestXpath = c.xpaths[best] as string;
  const stacked: ComparedMember[] = [];
  for (let i = 0; i < c.count; i++) {
    if (i === chosen || (i !== best && !nested(bestXpath, c.xpaths[i] as string))) continue;
    if (occupySameBox(element, c.prepared[i] as PreparedFingerprint)) stacked.push(compared(i));
  }
  return stacked.length > 0 && chainIsAmbiguous(compared(chosen), stacked, weights);
}

/** unchangedPathDecides of the engine, on precomputed flags: the best alone keeps the path, with the best neighbours. */
function unchangedPathDecides(
  c: PrecomputedCase,
  scores: Float64Array,
  best: number,
  margin: number,
): boolean {
  if (c.samePaths[best] !== 1) return false;
  const bestXpath = c.xpaths[best] as string;
  const neighbors = c.neighborSimilarities[best] as number;
  for (let i = 0; i < c.count; i++) {
    if (i === best || (scores[i] as number) <= (scores[best] as number) - margin) continue;
    if (nested(bestXpath, c.xpaths[i] as string)) continue;
    if (c.samePaths[i] === 1) return false;
    const theirs = c.neighborSimilarities[i] as number;
    if (!Number.isNaN(theirs) && (Number.isNaN(neighbors) || neighbors < theirs)) return false;
  }
  return true;
}

/** A wrong accepted match costs this many correct ones: clicking the wrong element silently is the worst outcome. */
const WRONG_COST = 4;
/** Softness (score points) of the step functions in the objective; smooth steps keep coordinate ascent off plateaus. */
const SOFTNESS = 0.02;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * What weight tuning maximises: a smooth count of targets whose correct element leads every rival
 * by the margin, minus WRONG_COST × a smooth count of targets where a wrong one leads by the margin.
 */
function weightObjective(cases: readonly PrecomputedCase[], policy: TunablePolicy): number {
  let value = 0;
  for (const c of cases) {
    const { correctLead } = evaluateCase(c, policy);
    value += sigmoid((correctLead - policy.margin) / SOFTNESS);
    value -= WRONG_COST * sigmoid((-correctLead - policy.margin) / SOFTNESS);
  }
  return value;
}

export interface TuningSpace {
  weights: readonly number[];
  passes: number;
}

export const DEFAULT_TUNING_SPACE: TuningSpace = {
  weights: [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3],
  passes: 2,
};

/**
 * Coordinate ascent from `start` on the weights of the tunable properties: each pass tries every
 * grid value of every weight and keeps any change that raises the smooth objective. Threshold,
 * margin and the identity floor are safety settings chosen by hand, not tuned.
 */
export function tunePolicy(
  cases: readonly PrecomputedCase[],
  start: TunablePolicy,
  space: TuningSpace = DEFAULT_TUNING_SPACE,
): TunablePolicy {
  const policy: TunablePolicy = {
    weights: Float64Array.from(start.weights),
    threshold: start.threshold,
    margin: start.margin,
  };
  const tunable = cases[0]?.tunable ?? [];
  let best = weightObjective(cases, policy);
  for (let pass = 0; pass < space.passes; pass++) {
    for (const k of tunable) {
      for (const candidate of space.weights) {
        const previous = policy.weights[k] as number;
        policy.weights[k] = candidate;
        const value = weightObjective(cases, policy);
        if (value > best + 1e-9) best = value;
        else policy.weights[k] = previous;
      }
    }
  }
  return policy;
}
