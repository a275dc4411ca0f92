import { describe, expect, it } from 'vitest';
import { type ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import { chooseCandidate, DEFAULT_RELOCATION_POLICY } from './choose-candidate.ts';
import { describeRelocationChoice } from './explain-relocation.ts';
import { candidatesOf, checkoutPage, fingerprint, moved } from './fingerprint-fixtures.ts';

/** An "Add to cart" button of a product card; every card says the same around it. */
function addToCart(x: number, card: number): ElementFingerprint {
  return fingerprint({
    tag: 'button',
    role: 'button',
    accessibleName: 'Add to cart',
    text: 'Add to cart',
    type: 'button',
    classes: ['btn', 'add-to-cart'],
    xpath: `/html[1]/body[1]/main[1]/div[${card}]/button[1]`,
    boundingBox: { x, y: 600, width: 120, height: 36 },
    neighborTexts: ['In stock', 'Free delivery'],
  });
}

function acceptedIndex(target: ElementFingerprint, candidates: ElementFingerprint[]): number {
  const choice = chooseCandidate(target, candidates);
  if (choice.kind !== 'accepted') {
    throw new Error(
      `expected acceptance, got ${choice.reason}:\n${describeRelocationChoice(choice)}`,
    );
  }
  return choice.index;
}

describe('chooseCandidate on an unchanged page', () => {
  it('accepts every recorded element at its own index', () => {
    const page = checkoutPage();
    const candidates = candidatesOf(page);
    for (const [index, element] of candidates.entries()) {
      expect(acceptedIndex(element, candidates)).toBe(index);
    }
  });

  it('refuses with no_candidates on an empty page', () => {
    expect(chooseCandidate(checkoutPage().pay, [])).toEqual({
      kind: 'refused',
      reason: 'no_candidates',
      top: [],
    });
  });

  it('does not treat the label span inside the chosen button as a rival', () => {
    const page = checkoutPage();
    const candidates = candidatesOf(page);
    const choice = chooseCandidate(page.pay, candidates);
    expect(choice.kind).toBe('accepted');
    const span = choice.top.find((c) => c.index === candidates.indexOf(page.payLabel));
    expect(span?.nestedInBest).toBe(true);
  });

  it('reports at most five ranked candidates with a summary and a per-property explanation', () => {
    const page = checkoutPage();
    const choice = chooseCandidate(page.pay, candidatesOf(page));
    expect(choice.top.length).toBe(5);
    expect(choice.top[0]?.summary).toBe('<button#pay-button> "Pay $34.99"');
    expect(choice.top[0]?.explanation).toMatch(/testIds 1\.00/);
    const scores = choice.top.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});

describe('chooseCandidate with twin buttons (same text, different rows)', () => {
  it('follows the neighbour text when the rows were reordered, even though the position now points at the other twin', () => {
    const page = checkoutPage();
    // The cable row is now first (y 140) and the mouse row second (y 188).
    const cableFirst = {
      ...page.removeCable,
      xpath: page.removeMouse.xpath,
      idXpath: page.removeMouse.idXpath,
      boundingBox: page.removeMouse.boundingBox,
    };
    const mouseSecond = {
      ...page.removeMouse,
      xpath: page.removeCable.xpath,
      idXpath: page.removeCable.idXpath,
      boundingBox: page.removeCable.boundingBox,
    };
    const candidates = candidatesOf({ ...page, removeMouse: cableFirst, removeCable: mouseSecond });
    expect(acceptedIndex(page.removeMouse, candidates)).toBe(candidates.indexOf(mouseSecond));
  });

  it('follows the position when the twins have no distinguishing text around them', () => {
    const recorded = addToCart(60, 1);
    const candidates = [addToCart(60, 1), addToCart(460, 2)];
    expect(acceptedIndex(recorded, candidates)).toBe(0);
  });

  it('settles a near tie by the unchanged document path when a banner pushed the other twin into the recorded place', () => {
    // A dense table: each button's five nearest texts include the other row's, as captured in a browser.
    const recorded = checkoutPage();
    const dense = {
      ...recorded,
      removeMouse: {
        ...recorded.removeMouse,
        neighborTexts: ['$25.00', '$9.99', 'Checkout', 'Cancel', 'Wireless mouse'],
      },
      removeCable: {
        ...recorded.removeCable,
        neighborTexts: ['$9.99', '$25.00', 'Cancel', 'Checkout', 'USB-C cable'],
      },
    };
    // A 40 px banner moved everything down: the mouse row now sits almost where the cable row
    // was recorded (rows are 48 px apart), but the paths and the nearest texts did not change.
    const shifted = {
      ...dense,
      removeMouse: moved(dense.removeMouse, 0, 40),
      removeCable: moved(dense.removeCable, 0, 40),
    };
    const candidates = candidatesOf(shifted);
    const choice = chooseCandidate(dense.removeCable, candidates);
    expect(choice).toMatchObject({
      kind: 'accepted',
      index: candidates.indexOf(shifted.removeCable),
    });
    expect(choice.kind === 'accepted' && choice.margin).toBeLessThan(
      DEFAULT_RELOCATION_POLICY.margin,
    );

    // Had the rows also swapped places, the path would point at the other twin: no decision.
    const swapped = {
      ...shifted,
      removeMouse: { ...shifted.removeMouse, xpath: dense.removeCable.xpath },
      removeCable: { ...shifted.removeCable, xpath: dense.removeMouse.xpath },
    };
    expect(chooseCandidate(dense.removeCable, candidatesOf(swapped)).kind).toBe('refused');
  });

  it("refuses as weak when only the twin of another row is left, in the recorded row's place", () => {
    const page = checkoutPage();
    // The mouse was removed from the cart; the cable row moved up into its place.
    const cableInMousePlace = {
      ...page.removeCable,
      xpath: page.removeMouse.xpath,
      idXpath: page.removeMouse.idXpath,
      boundingBox: page.removeMouse.boundingBox,
    };
    const candidates = candidatesOf({
      ...page,
      removeMouse: cableInMousePlace,
      removeCable: undefined,
    });
    expect(chooseCandidate(page.removeMouse, candidates)).toMatchObject({
      kind: 'refused',
      reason: 'weak',
    });
    // Or the cable row stayed where it was.
    const stayed = candidatesOf({ ...page, removeMouse: undefined });
    expect(chooseCandidate(page.removeMouse, stayed)).toMatchObject({
      kind: 'refused',
      reason: 'weak',
    });
  });

  it('refuses the remaining namesake of a button that was recorded among namesakes when the text that told it apart is gone', () => {
    const page = checkoutPage();
    // Dense table as captured in a browser; the recorder needed a CSS path because two "Remove" existed.
    const recorded = {
      ...page.removeCable,
      locator: "locator('#cart > tbody > tr:nth-of-type(2) > td:nth-of-type(3) > button')",
      neighborTexts: ['$9.99', '$25.00', 'Cancel', 'Checkout', 'USB-C cable'],
    };
    // The cable row is gone; the mouse row's button is where it was, among mostly the same texts.
    const mouseOnly = {
      ...page.removeMouse,
      neighborTexts: ['$25.00', 'Checkout', 'Cancel', 'Wireless mouse', 'Email address'],
    };
    const candidates = candidatesOf({ ...page, removeMouse: mouseOnly, removeCable: undefined });
    expect(chooseCandidate(recorded, candidates)).toMatchObject({
      kind: 'refused',
      reason: 'weak',
    });

    // Recorded by its unique name instead, the one "Remove" left is the recorded one, moved.
    const unique = { ...recorded, locator: "getByRole('button', { name: 'Remove' })" };
    expect(acceptedIndex(unique, candidates)).toBe(candidates.indexOf(mouseOnly));
  });

  it('refuses as ambiguous when neither the neighbour text nor the position singles one out', () => {
    // Recorded in another layout (a list of articles), halfway between where the cards are now.
    const recorded = {
      ...addToCart(260, 1),
      xpath: '/html[1]/body[1]/main[1]/section[1]/article[2]/button[1]',
    };
    const candidates = [addToCart(60, 1), addToCart(460, 2)];
    const choice = chooseCandidate(recorded, candidates);
    expect(choice).toMatchObject({ kind: 'refused', reason: 'ambiguous' });
    expect(choice.top.map((c) => c.summary)).toEqual([
      '<button> "Add to cart"',
      '<button> "Add to cart"',
    ]);
  });
});

describe('chooseCandidate after the UI changed', () => {
  const page = checkoutPage();

  function acceptsPayAfter(change: (pay: ElementFingerprint) => ElementFingerprint): void {
    const changed = change(page.pay);
    const candidates = candidatesOf({ ...page, pay: changed });
    expect(acceptedIndex(page.pay, candidates)).toBe(candidates.indexOf(changed));
  }

  it('still finds the element after its id was renamed', () => {
    acceptsPayAfter((pay) => ({
      ...pay,
      id: 'submit-payment',
      cssPath: '#submit-payment',
      idXpath: '//*[@id="submit-payment"]',
    }));
  });

  it('still finds the element after its classes changed to generated ones', () => {
    acceptsPayAfter((pay) => ({ ...pay, classes: ['Button_primary__3xQ2a', 'css-1x2y3z'] }));
  });

  it('still finds the element inside an extra wrapper (its XPath gained a step)', () => {
    acceptsPayAfter((pay) => ({
      ...pay,
      xpath: '/html[1]/body[1]/main[1]/form[1]/div[3]/div[1]/button[1]',
    }));
  });

  it('still finds the element after it was reworded', () => {
    acceptsPayAfter((pay) => ({
      ...pay,
      accessibleName: 'Pay now $34.99',
      text: 'Pay now $34.99',
    }));
  });

  it('still finds the element after it moved in the layout', () => {
    acceptsPayAfter((pay) => moved(pay, 380, -140));
  });

  it('still finds the element after a redesign changed id, classes, wrapper, wording and place together', () => {
    acceptsPayAfter((pay) => ({
      ...moved(pay, 200, 60),
      id: null,
      classes: ['css-1q2j1fr'],
      accessibleName: 'Pay now',
      text: 'Pay now',
      xpath: '/html[1]/body[1]/div[1]/main[1]/form[1]/div[4]/div[1]/button[1]',
      idXpath: '//*[@id="checkout-form"]/div[4]/div[1]/button[1]',
      cssPath: '#checkout-form button.css-1q2j1fr',
    }));
  });

  it('refuses as weak when only a different button ("Cancel") is left where "Pay" was', () => {
    const cancelInPlace = {
      ...page.cancel,
      xpath: page.pay.xpath,
      boundingBox: page.pay.boundingBox,
      classes: page.pay.classes,
    };
    const candidates = candidatesOf({
      ...page,
      pay: undefined,
      payLabel: undefined,
      cancel: cancelInPlace,
    });
    expect(chooseCandidate(page.pay, candidates)).toMatchObject({
      kind: 'refused',
      reason: 'weak',
    });
  });

  it('chooses the moved "Pay" over the "Cancel" that took its place', () => {
    const cancelInPlace = {
      ...page.cancel,
      xpath: page.pay.xpath,
      boundingBox: page.pay.boundingBox,
    };
    const payMoved = {
      ...moved(page.pay, 156, 0),
      xpath: page.cancel.xpath,
      idXpath: '//*[@id="pay-button"]',
    };
    const candidates = candidatesOf({
      ...page,
      pay: payMoved,
      payLabel: undefined,
      cancel: cancelInPlace,
    });
    expect(acceptedIndex(page.pay, candidates)).toBe(candidates.indexOf(payMoved));
  });

  it('relocates a form field by its label when id, name and placeholder all changed', () => {
    const changed = {
      ...page.email,
      id: 'field-7',
      name: 'customer[email]',
      placeholder: 'Email',
      idXpath: '//*[@id="field-7"]',
      classes: ['input'],
    };
    const candidates = candidatesOf({ ...page, email: changed });
    expect(acceptedIndex(page.email, candidates)).toBe(candidates.indexOf(changed));
  });

  it('refuses when the threshold is raised beyond what a changed element can reach', () => {
    const changed = { ...page.pay, id: 'submit-payment', classes: ['css-1x2y3z'] };
    const choice = chooseCandidate(page.pay, candidatesOf({ ...page, pay: changed }), {
      threshold: 0.99,
    });
    expect(choice).toMatchObject({ kind: 'refused', reason: 'weak' });
  });
});

describe('DEFAULT_RELOCATION_POLICY', () => {
  it('documents a threshold and a margin between 0 and 1', () => {
    expect(DEFAULT_RELOCATION_POLICY.threshold).toBeGreaterThan(0);
    expect(DEFAULT_RELOCATION_POLICY.threshold).toBeLessThan(1);
    expect(DEFAULT_RELOCATION_POLICY.margin).toBeGreaterThan(0);
    expect(DEFAULT_RELOCATION_POLICY.margin).toBeLessThan(0.5);
  });
});

describe('describeRelocationChoice', () => {
  it('says why a choice was refused and lists the candidates it compared', () => {
    const recorded = {
      ...addToCart(260, 1),
      xpath: '/html[1]/body[1]/main[1]/section[1]/article[2]/button[1]',
    };
    const text = describeRelocationChoice(
      chooseCandidate(recorded, [addToCart(60, 1), addToCart(460, 2)]),
    );
    expect(text).toMatch(/^several elements on the page match the recorded one about equally well/);
    expect(text).toMatch(/\n {2}#0 0\.\d\d <button> "Add to cart": .*\btext 1\.00/);
    expect(text).toMatch(/\n {2}#1 0\.\d\d <button> "Add to cart": /);
  });
});
