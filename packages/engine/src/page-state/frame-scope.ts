// Where a node lives while walking the tree: its frame's DOM facts, offset, and what follows from them.
import type { AriaBox, AriaNode } from './aria-snapshot.ts';
import { factsFitRole } from './line-rules.ts';
import { INTERACTIVE_ROLES } from './observed-element.ts';
import { FACT, boxKey, indexFactsByBox, type ElementFacts, type FrameFacts } from './page-facts.ts';

/** One frame as walked: its facts and where its viewport sits in the top viewport. */
export interface FrameScope {
  /** Playwright ref of the iframe element ('' for the top document). */
  ref: string;
  offsetX: number;
  offsetY: number;
  facts: FrameFacts | undefined;
  index: Map<string, ElementFacts[]>;
}

export function frameScope(
  ref: string,
  offsetX: number,
  offsetY: number,
  facts: FrameFacts | undefined,
): FrameScope {
  return { ref, offsetX, offsetY, facts, index: indexFactsByBox(facts?.elements ?? []) };
}

/** 0 when the box meets the viewport, n > 0 when it starts n screens below, n < 0 above. */
export function screenOfBox(
  box: AriaBox | undefined,
  frame: FrameScope,
  fallback: number,
  viewportHeight: number,
): number {
  if (!box || (box.width === 0 && box.height === 0)) return fallback;
  const vh = viewportHeight;
  const top = box.y + frame.offsetY;
  const bottom = top + box.height;
  if (bottom > 0 && top < vh) return 0;
  if (top >= vh) return Math.floor((top - vh) / vh) + 1;
  return -(Math.floor(-bottom / vh) + 1);
}

const FORM_TAGS = new Set(['input', 'textarea', 'select']);

/** The DOM facts of the element behind a node, found by its box. */
export function factsFor(node: AriaNode, frame: FrameScope): ElementFacts | undefined {
  if (!node.box) return undefined;
  const candidates = frame.index
    .get(boxKey(node.box))
    ?.filter((fact) => factsFitRole(fact, node.role));
  if (!candidates || candidates.length === 0) return undefined;
  if (candidates.length === 1) return candidates[0];
  // Several elements share the box (a label and its input, nested wrappers): keep a password flag if
  // any of them is a password field, else prefer the one that matches the role.
  const password = candidates.find((c) => c.flags & FACT.password);
  if (password) return password;
  const wantsForm = INTERACTIVE_ROLES.has(node.role);
  return candidates.find((c) => FORM_TAGS.has(c.tag) === wantsForm) ?? candidates[0];
}

/** aria-hidden, inert, clipped away, or placed where nobody can scroll. */
export function isHiddenNode(
  node: AriaNode,
  frame: FrameScope,
  facts: ElementFacts | undefined,
): boolean {
  if (node.ariaHidden) return true;
  if (facts && facts.flags & (FACT.ariaHidden | FACT.inert | FACT.clipped)) return true;
  const box = node.box;
  const viewport = frame.facts?.viewport;
  if (!box || !viewport) return false;
  // Placed before the start of the document (the `left: -9999px` idiom).
  return box.x + box.width <= -viewport.scrollX || box.y + box.height <= -viewport.scrollY;
}
