// Picks which element of a nested chain (a link and the list item around it, a button and its label span) to act on.

import { IDENTITY_SLOT, INDEX_OF_PROPERTY } from './compare-properties.ts';
import { type PreparedFingerprint } from './fingerprint-features.ts';
import { RELOCATION_PROPERTIES, type RelocationProperty } from './relocation-weights.ts';

/** Tags a user acts on directly; an `<a>` counts even without href (script-driven links are common). */
const INTERACTIVE_TAGS = new Set(['a', 'button', 'select', 'textarea', 'summary', 'option']);
const INTERACTIVE_ROLES = new Set([
  'button',
  'link',
  'checkbox',
  'radio',
  'switch',
  'tab',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'option',
  'treeitem',
  'textbox',
  'searchbox',
  'combobox',
  'slider',
  'spinbutton',
]);

/** The element itself receives clicks or input: a link, a button, a form control, or an element with such a role. */
export function isInteractive(element: PreparedFingerprint): boolean {
  if (element.role !== null && INTERACTIVE_ROLES.has(element.role)) return true;
  if (element.tag === 'input') return element.type !== 'hidden';
  return INTERACTIVE_TAGS.has(element.tag);
}

/** A member of the best candidate's chain: the best itself or an element nested in it or around it. */
export interface ChainMember {
  readonly element: PreparedFingerprint;
  readonly score: number;
  /** How well the element's own name (accessible name, text) agrees with the recorded one; NaN when not compared. */
  readonly nameAgreement: number;
}

/** The element is the same kind as the recorded one: same tag, or same explicit role. */
function sameKind(recorded: PreparedFingerprint, element: PreparedFingerprint): boolean {
  return recorded.role !== null && element.role !== null
    ? recorded.role === element.role
    : recorded.tag === element.tag;
}

/**
 * The member of a nested chain to act on. The chain is one control on screen (a link and the
 * list item around it, a button and its label span), so its members' scores differ only by how
 * they are wrapped, and the best-scoring one can be a wrapper of another kind than the recorded
 * element: a recorded `<a>` "Gift cards" may score best as the `<li>` around the new `<a>`
 * when that link lost its href and classes. When the best is not of the recorded element's kind
 * (tag, or role when both have one), the member that is, and that carries the recorded name at
 * least as well, is chosen (the best-scoring such one); when the recorded element was interactive
 * and no member is of its kind, an interactive member is preferred over a non-interactive best in
 * the same way. When the best is of the recorded kind but that kind is a non-interactive wrapper
 * (a `<li>`) that kept none of the recorded element's classes, and an interactive member fills its
 * box (edges within SAME_BOX_PX) and carries the recorded name at least as well, that member is
 * chosen: the redesign moved the control into the wrapper, whose tag is then all that ties it to
 * the recording, and a click on it lands on that member anyway. Otherwise the best stays.
 */
export function chooseChainMember(
  recorded: PreparedFingerprint,
  best: ChainMember,
  nested: readonly ChainMember[],
): ChainMember {
  if (!(best.nameAgreement > 0)) return best;
  const namesIt = (member: ChainMember): boolean => member.nameAgreement >= best.nameAgreement;
  const pick = (accept: (member: ChainMember) => boolean): ChainMember | null => {
    let chosen: ChainMember | null = null;
    for (const member of nested) {
      if (accept(member) && namesIt(member) && (chosen === null || member.score > chosen.score))
        chosen = member;
    }
    return chosen;
  };
  if (sameKind(recorded, best.element)) {
    if (isInteractive(recorded) || !keptNoneOfRecordedClasses(recorded, best.element)) return best;
    return (
      pick(
        (member) => isInteractive(member.element) && occupySameBox(best.element, member.element),
      ) ?? best
    );
  }
  const same = pick((member) => sameKind(recorded, member.element));
  if (same !== null) return same;
  if (!isInteractive(recorded) || isInteractive(best.element)) return best;
  return pick((member) => isInteractive(member.element)) ?? best;
}

/**
 * The recorded element had stable classes and the element keeps none of them: a redesign restyled
 * it, so its classes no longer say it is the recorded element (generated class names are not
 * counted on either side).
 */
function keptNoneOfRecordedClasses(
  recorded: PreparedFingerprint,
  element: PreparedFingerprint,
): boolean {
  const before = recorded.classes?.stable;
  if (before === undefined || before.size === 0) return false;
  const now = element.classes?.stable;
  return now === undefined || ![...before].some((cls) => now.has(cls));
}

/** Box edges within this many CSS px of each other: the two elements are one thing on screen. */
const SAME_BOX_PX = 3;
/** A lead in descriptive agreement below this is no lead (rounding, one-pixel differences). */
const DESCRIPTIVE_LEAD = 0.01;
/** Descriptive agreement of an element for which none of the descriptive properties gave evidence. */
const NO_DESCRIPTIVE_EVIDENCE = 0.5;

/**
 * What members of one chain have in common by construction, so that it cannot tell them apart:
 * the place, size and surroundings they share (each is even the other's neighbour text), and a
 * tag and document path that differ only because one wraps the other.
 */
const SHARED_BY_A_CHAIN: ReadonlySet<RelocationProperty> = new Set([
  'tag',
  'xpath',
  'idXpath',
  'position',
  'size',
  'neighborTexts',
]);
const DESCRIPTIVE_SLOTS = Int32Array.from(
  RELOCATION_PROPERTIES.filter((p) => !SHARED_BY_A_CHAIN.has(p)).map((p) => INDEX_OF_PROPERTY[p]),
);

/** A member of the chosen element's chain with its comparison to the recorded element. */
export interface ComparedMember {
  readonly element: PreparedFingerprint;
  /** compareProperties(recorded, element). */
  readonly comparison: Float64Array;
}

/** Both elements have a box and the boxes' edges lie within SAME_BOX_PX of each other. */
export function occupySameBox(a: PreparedFingerprint, b: PreparedFingerprint): boolean {
  if (a.box === null || b.box === null) return false;
  const near = (x: number, y: number): boolean => Math.abs(x - y) <= SAME_BOX_PX;
  return (
    near(a.box.centerX - a.box.width / 2, b.box.centerX - b.box.width / 2) &&
    near(a.box.centerX + a.box.width / 2, b.box.centerX + b.box.width / 2) &&
    near(a.box.centerY - a.box.height / 2, b.box.centerY - b.box.height / 2) &&
    near(a.box.centerY + a.box.height / 2, b.box.centerY + b.box.height / 2)
  );
}

/** Weighted agreement over the properties that say what an element is (name, ids, classes, href, …), not where it sits. */
export function descriptiveAgreement(comparison: Float64Array, weights: Float64Array): number {
  let total = 0;
  let earned = 0;
  for (const i of DESCRIPTIVE_SLOTS) {
    const similarity = comparison[2 * i] as number;
    if (Number.isNaN(similarity)) continue;
    const weight = (weights[i] as number) * (comparison[2 * i + 1] as number);
    if (weight <= 0) continue;
    total += weight;
    earned += weight * similarity;
  }
  return total === 0 ? NO_DESCRIPTIVE_EVIDENCE : earned / total;
}

/**
 * The chain is ambiguous when the recorded element carried no identity at all (no name, text,
 * label, id, test id or link target), another member of the chain occupies the chosen element's
 * box, and the chosen one does not agree better with the recorded element on anything but tag and
 * document path: an unnamed icon `<svg>` and the `<span>` drawn around it. Such an element is
 * recognised only by its place and its tag, and redesigns swap an icon's wrapper and content
 * (an icon-font `<span>` becomes an `<svg>`), so a tag match alone does not say which of two
 * stacked elements was recorded; refusing sends the step to repair instead of acting on a guess.
 * A recorded name changes this: then the element of the recorded kind is the better bet (a
 * recorded `<button>` "Search" and the `<div>` of the same size around the new one), and
 * chooseChainMember has already picked it. A member that fills only part of the chosen element's
 * box (a button's label span, a link inside a padded list item) is not stacked on it.
 */
export function chainIsAmbiguous(
  chosen: ComparedMember,
  members: readonly ComparedMember[],
  weights: Float64Array,
): boolean {
  if (!Number.isNaN(chosen.comparison[IDENTITY_SLOT] as number)) return false;
  const own = descriptiveAgreement(chosen.comparison, weights);
  return members.some(
    (member) =>
      member.element !== chosen.element &&
      occupySameBox(chosen.element, member.element) &&
      own < descriptiveAgreement(member.comparison, weights) + DESCRIPTIVE_LEAD,
  );
}
