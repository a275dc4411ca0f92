import { describe, expect, it } from 'vitest';
import { type ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import { chooseCandidate } from './choose-candidate.ts';
import { compareProperties, createComparisonBuffer } from './compare-properties.ts';
import { describeRelocationChoice } from './explain-relocation.ts';
import { prepareFingerprint } from './fingerprint-features.ts';
import { fingerprint } from './fingerprint-fixtures.ts';
import {
  chainIsAmbiguous,
  chooseChainMember,
  isInteractive,
  occupySameBox,
  type ChainMember,
  type ComparedMember,
} from './nested-chain.ts';
import { DEFAULT_RELOCATION_WEIGHTS } from './relocation-weights.ts';
import { weightVector } from './score-candidate.ts';

const WEIGHTS = weightVector(DEFAULT_RELOCATION_WEIGHTS);
const ICON_BOX = { x: 1524, y: 76, width: 24, height: 24 };
const CART = '/html[1]/body[1]/header[1]/nav[1]/ul[1]/li[2]/a[1]';

function member(element: ElementFingerprint, score: number, nameAgreement: number): ChainMember {
  return { element: prepareFingerprint(element), score, nameAgreement };
}

function compared(recorded: ElementFingerprint, element: ElementFingerprint): ComparedMember {
  const comparison = createComparisonBuffer();
  const prepared = prepareFingerprint(element);
  compareProperties(prepareFingerprint(recorded), prepared, comparison);
  return { element: prepared, comparison };
}

/** An unnamed cart icon: an <svg> drawn inside a <span> of the same size, inside the cart link. */
function iconChain(spanClasses: string[] = []) {
  const recordedSvg = fingerprint({
    tag: 'svg',
    xpath: '/html[1]/body[1]/div[1]/header[1]/ul[1]/li[4]/a[1]/span[1]/svg[1]',
    boundingBox: { x: 1528, y: 16, width: 22, height: 32 },
    neighborTexts: ['Sign in', 'Cart'],
  });
  const span = fingerprint({
    tag: 'span',
    classes: spanClasses,
    xpath: `${CART}/span[1]`,
    boundingBox: ICON_BOX,
    neighborTexts: ['Sign in', 'Cart'],
  });
  const svg = fingerprint({
    tag: 'svg',
    xpath: `${CART}/span[1]/svg[1]`,
    boundingBox: { ...ICON_BOX, y: 75 },
    neighborTexts: ['Sign in', 'Cart'],
  });
  const link = fingerprint({
    tag: 'a',
    text: 'Cart',
    href: 'https://shop.example.com/cart',
    xpath: CART,
    boundingBox: { x: 1510, y: 70, width: 80, height: 36 },
    neighborTexts: ['Sign in'],
  });
  return { recordedSvg, span, svg, link };
}

describe('isInteractive', () => {
  it('counts links, buttons, form controls and elements with an interactive role, not wrappers', () => {
    expect(isInteractive(prepareFingerprint(fingerprint({ tag: 'a' })))).toBe(true);
    expect(isInteractive(prepareFingerprint(fingerprint({ tag: 'input', type: 'email' })))).toBe(
      true,
    );
    expect(isInteractive(prepareFingerprint(fingerprint({ tag: 'input', type: 'hidden' })))).toBe(
      false,
    );
    expect(isInteractive(prepareFingerprint(fingerprint({ tag: 'div', role: 'button' })))).toBe(
      true,
    );
    expect(isInteractive(prepareFingerprint(fingerprint({ tag: 'li' })))).toBe(false);
  });
});

describe('chooseChainMember', () => {
  const recordedLink = fingerprint({ tag: 'a', text: 'Gift cards', href: '/gift-cards' });

  it('keeps the best member when it is of the recorded kind', () => {
    const best = member(fingerprint({ tag: 'a', text: 'Gift cards' }), 0.6, 1);
    const wrapper = member(fingerprint({ tag: 'li', text: 'Gift cards' }), 0.5, 1);
    expect(chooseChainMember(prepareFingerprint(recordedLink), best, [wrapper])).toBe(best);
  });

  it('acts on the link inside when the list item around it scores best', () => {
    const item = member(fingerprint({ tag: 'li', text: 'Gift cards' }), 0.6, 1);
    const link = member(fingerprint({ tag: 'a', text: 'Gift cards' }), 0.5, 1);
    expect(chooseChainMember(prepareFingerprint(recordedLink), item, [link])).toBe(link);
  });

  it('does not move to a member of the recorded kind that carries the recorded name less well', () => {
    const item = member(fingerprint({ tag: 'li', text: 'Gift cards' }), 0.6, 1);
    const other = member(fingerprint({ tag: 'a', text: 'Gifts' }), 0.5, 0.5);
    expect(chooseChainMember(prepareFingerprint(recordedLink), item, [other])).toBe(item);
  });

  it('prefers an interactive member over a non-interactive best for a recorded control with no member of its kind', () => {
    const recordedButton = fingerprint({ tag: 'button', text: 'Search' });
    const label = member(fingerprint({ tag: 'span', text: 'Search' }), 0.6, 1);
    const link = member(fingerprint({ tag: 'a', text: 'Search' }), 0.5, 1);
    expect(chooseChainMember(prepareFingerprint(recordedButton), label, [link])).toBe(link);
  });

  describe('for a recorded list item and the link that fills the new one', () => {
    const box = { x: 1349, y: 78, width: 78, height: 40 };
    const recordedItem = prepareFingerprint(
      fingerprint({ tag: 'li', text: 'RedCard', classes: ['l-hidden-md', 'nav-entry'] }),
    );
    const link = (linkBox = { ...box, y: 79, height: 37 }) =>
      member(fingerprint({ tag: 'a', text: 'RedCard', boundingBox: linkBox }), 0.49, 1);
    const item = (classes: string[]) =>
      member(fingerprint({ tag: 'li', text: 'RedCard', classes, boundingBox: box }), 0.61, 1);

    it('acts on the link when the list item kept none of its recorded classes', () => {
      const inner = link();
      expect(chooseChainMember(recordedItem, item(['h-flex-align-center']), [inner])).toBe(inner);
      expect(chooseChainMember(recordedItem, item([]), [inner])).toBe(inner);
    });

    it('keeps the list item when it kept a recorded class', () => {
      const kept = item(['nav-entry', 'h-flex-align-center']);
      expect(chooseChainMember(recordedItem, kept, [link()])).toBe(kept);
    });

    it('keeps the list item when none was recorded: nothing says it was restyled', () => {
      const bare = prepareFingerprint(fingerprint({ tag: 'li', text: 'RedCard' }));
      const plain = item([]);
      expect(chooseChainMember(bare, plain, [link()])).toBe(plain);
    });

    it('keeps the list item when the link fills only part of it', () => {
      const padded = item(['h-flex-align-center']);
      const small = link({ x: 1361, y: 88, width: 54, height: 20 });
      expect(chooseChainMember(recordedItem, padded, [small])).toBe(padded);
    });

    it('keeps a recorded control of the same kind whatever its classes became', () => {
      const recordedButton = prepareFingerprint(
        fingerprint({ tag: 'button', text: 'Pay', classes: ['btn-primary'] }),
      );
      const button = member(
        fingerprint({ tag: 'button', text: 'Pay', classes: ['Button_root__x1'], boundingBox: box }),
        0.6,
        1,
      );
      const inner = member(fingerprint({ tag: 'a', text: 'Pay', boundingBox: box }), 0.5, 1);
      expect(chooseChainMember(recordedButton, button, [inner])).toBe(button);
    });
  });

  it('keeps the best when the recorded element had no name to compare', () => {
    const recordedIcon = fingerprint({ tag: 'a' });
    const item = member(fingerprint({ tag: 'li' }), 0.6, NaN);
    const link = member(fingerprint({ tag: 'a' }), 0.5, NaN);
    expect(chooseChainMember(prepareFingerprint(recordedIcon), item, [link])).toBe(item);
  });
});

describe('occupySameBox', () => {
  it('treats boxes within a few pixels as one thing on screen, and a padded wrapper as another', () => {
    const { span, svg, link } = iconChain();
    expect(occupySameBox(prepareFingerprint(span), prepareFingerprint(svg))).toBe(true);
    expect(occupySameBox(prepareFingerprint(span), prepareFingerprint(link))).toBe(false);
    expect(occupySameBox(prepareFingerprint(fingerprint({})), prepareFingerprint(svg))).toBe(false);
  });
});

describe('chainIsAmbiguous', () => {
  it('is ambiguous when an unnamed element is stacked on its wrapper and only the tag tells them apart', () => {
    const { recordedSvg, span, svg } = iconChain();
    expect(
      chainIsAmbiguous(compared(recordedSvg, svg), [compared(recordedSvg, span)], WEIGHTS),
    ).toBe(true);
  });

  it('is not ambiguous when the recorded classes single out the chosen member', () => {
    const { span, svg } = iconChain(['etsy-icon', 'logo']);
    const recordedSpan = fingerprint({
      tag: 'span',
      classes: ['etsy-icon', 'logo'],
      boundingBox: ICON_BOX,
    });
    expect(
      chainIsAmbiguous(compared(recordedSpan, span), [compared(recordedSpan, svg)], WEIGHTS),
    ).toBe(false);
  });

  it('is not ambiguous for a recorded element with a name: then its kind decides', () => {
    const recordedItem = fingerprint({ tag: 'li', text: 'English', boundingBox: ICON_BOX });
    const item = fingerprint({ tag: 'li', text: 'English', boundingBox: ICON_BOX });
    const link = fingerprint({ tag: 'a', text: 'English', boundingBox: ICON_BOX });
    expect(
      chainIsAmbiguous(compared(recordedItem, item), [compared(recordedItem, link)], WEIGHTS),
    ).toBe(false);
  });

  it('ignores members that do not share the chosen element’s box', () => {
    const { recordedSvg, svg, link } = iconChain();
    expect(
      chainIsAmbiguous(compared(recordedSvg, svg), [compared(recordedSvg, link)], WEIGHTS),
    ).toBe(false);
  });
});

describe('chooseCandidate on nested chains', () => {
  it('refuses an unnamed icon stacked on a same-size wrapper rather than guess which one was recorded', () => {
    const { recordedSvg, span, svg, link } = iconChain();
    const choice = chooseCandidate(recordedSvg, [link, span, svg]);
    expect(choice, describeRelocationChoice(choice)).toMatchObject({
      kind: 'refused',
      reason: 'ambiguous',
    });
  });

  it('accepts an unnamed icon that is alone in its box', () => {
    const { recordedSvg, svg, link } = iconChain();
    const choice = chooseCandidate(recordedSvg, [link, svg]);
    expect(choice, describeRelocationChoice(choice)).toMatchObject({ kind: 'accepted', index: 1 });
  });

  it('acts on the recorded link when the list item around it scores best', () => {
    const recorded = fingerprint({
      tag: 'a',
      text: 'Gift cards',
      href: 'https://shop.example.com/gift-cards',
      classes: ['nav-item'],
      xpath: '/html[1]/body[1]/header[1]/ul[1]/li[4]/a[1]',
      boundingBox: { x: 1578, y: 9, width: 73, height: 20 },
      neighborTexts: ['Find stores'],
    });
    // The redesign moved the class to the list item and turned the link into a script-driven one.
    const item = fingerprint({
      tag: 'li',
      text: 'Gift cards',
      classes: ['nav-item'],
      xpath: '/html[1]/body[1]/div[1]/header[1]/ul[1]/li[4]',
      boundingBox: { x: 1428, y: 78, width: 88, height: 40 },
      neighborTexts: ['Find stores'],
    });
    const link = fingerprint({
      tag: 'a',
      text: 'Gift cards',
      classes: ['css-1khjl8b'],
      xpath: '/html[1]/body[1]/div[1]/header[1]/ul[1]/li[4]/a[1]',
      boundingBox: { x: 1428, y: 79, width: 88, height: 37 },
      neighborTexts: ['Find stores'],
    });
    const choice = chooseCandidate(recorded, [item, link]);
    expect(choice.top[0]?.index, 'the list item scores best').toBe(0);
    expect(choice, describeRelocationChoice(choice)).toMatchObject({ kind: 'accepted', index: 1 });
  });
});
