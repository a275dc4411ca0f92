// Human-readable account of a relocation: what each candidate is and why it scored as it did (goes into step errors).

import { type ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import { compareProperties, createComparisonBuffer } from './compare-properties.ts';
import { type PreparedFingerprint } from './fingerprint-features.ts';
import { RELOCATION_PROPERTIES } from './relocation-weights.ts';
import { type RelocationChoice } from './choose-candidate.ts';

/** How many properties an explanation lists: the heaviest ones, agreeing or not. */
const EXPLAINED_PROPERTIES = 6;
const SUMMARY_TEXT_LENGTH = 40;

function truncate(value: string, length: number): string {
  return value.length <= length ? value : `${value.slice(0, length - 1)}…`;
}

/** `<button#pay> "Pay now"`: the tag, the id if any, and the first human-facing text. */
export function summarizeElement(element: ElementFingerprint): string {
  const id = element.id ? `#${element.id}` : '';
  const text = [
    element.accessibleName,
    element.text,
    element.label,
    element.placeholder,
    element.alt,
    element.title,
  ].find((value): value is string => value !== null && value.trim() !== '');
  const shown = text === undefined ? '' : ` "${truncate(text.trim(), SUMMARY_TEXT_LENGTH)}"`;
  return `<${element.tag}${id}>${shown}`;
}

/** `text 1.00 · tag 1.00 · neighborTexts 0.31 · id 0.00`: the heaviest comparisons, agreeing or not. */
export function explainCandidate(
  target: PreparedFingerprint,
  candidate: PreparedFingerprint,
  weights: Float64Array,
): string {
  const buffer = createComparisonBuffer();
  compareProperties(target, candidate, buffer);
  const items: { label: string; weight: number }[] = [];
  RELOCATION_PROPERTIES.forEach((property, i) => {
    const similarity = buffer[2 * i] as number;
    const weight = (weights[i] as number) * (buffer[2 * i + 1] as number);
    if (Number.isNaN(similarity) || weight <= 0) return;
    items.push({ label: `${property} ${similarity.toFixed(2)}`, weight });
  });
  items.sort((a, b) => b.weight - a.weight);
  return items
    .slice(0, EXPLAINED_PROPERTIES)
    .map((item) => item.label)
    .join(' · ');
}

/** One paragraph for a step's error message or log: the decision, then the ranked candidates. */
export function describeRelocationChoice(choice: RelocationChoice): string {
  const head =
    choice.kind === 'accepted'
      ? `relocated to candidate ${choice.index} (score ${choice.score.toFixed(2)}, margin ${choice.margin.toFixed(2)})`
      : choice.reason === 'no_candidates'
        ? 'no element on the page to compare with'
        : choice.reason === 'weak'
          ? 'no element on the page is similar enough to the recorded one'
          : 'several elements on the page match the recorded one about equally well';
  const lines = choice.top.map(
    (c) =>
      `  #${c.index} ${c.score.toFixed(2)} ${c.summary}${c.nestedInBest ? ' (nested in the best)' : ''}: ${c.explanation}`,
  );
  return [head, ...lines].join('\n');
}
