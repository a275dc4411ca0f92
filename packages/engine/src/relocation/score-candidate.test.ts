import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import { checkoutPage, fingerprint, moved } from './fingerprint-fixtures.ts';
import { DEFAULT_RELOCATION_WEIGHTS, RELOCATION_PROPERTIES } from './relocation-weights.ts';
import { IDENTITY_FLOOR, IDENTITY_PENALTY, scoreCandidate } from './score-candidate.ts';

describe('scoreCandidate', () => {
  it('scores an unchanged element 1 with every recorded property agreeing', () => {
    const { pay } = checkoutPage();
    const { score, identity, breakdown } = scoreCandidate(pay, structuredClone(pay));
    expect(score).toBe(1);
    expect(identity).toBe(1);
    for (const property of RELOCATION_PROPERTIES) {
      const entry = breakdown[property];
      if (entry.similarity !== null) expect(entry.similarity).toBe(1);
    }
  });

  it('lists every property in the breakdown with the weight it counted with', () => {
    const { pay, cancel } = checkoutPage();
    const { breakdown } = scoreCandidate(pay, cancel);
    expect(Object.keys(breakdown)).toEqual([...RELOCATION_PROPERTIES]);
    expect(breakdown.tag).toEqual({ similarity: 1, weight: DEFAULT_RELOCATION_WEIGHTS.tag });
    expect(breakdown.text.similarity).toBe(0);
    expect(breakdown.text.weight).toBe(DEFAULT_RELOCATION_WEIGHTS.text);
  });

  it('does not count a property absent on both sides as agreement', () => {
    const { pay } = checkoutPage();
    // Buttons have no placeholder, label, href, alt or title; both are in the main frame.
    const { breakdown } = scoreCandidate(pay, pay);
    for (const property of ['placeholder', 'label', 'href', 'alt', 'title', 'frame'] as const) {
      expect(breakdown[property]).toEqual({ similarity: null, weight: 0 });
    }
  });

  it('counts text the candidate lost as disagreement, but an id the candidate gained as no evidence', () => {
    const recorded = fingerprint({
      tag: 'button',
      text: 'Save',
      xpath: '/html[1]/body[1]/button[1]',
    });
    const { breakdown: lostText } = scoreCandidate(recorded, { ...recorded, text: null });
    expect(lostText.text.similarity).toBe(0);
    expect(lostText.text.weight).toBeGreaterThan(0);

    const { breakdown: gainedId } = scoreCandidate(recorded, { ...recorded, id: 'save' });
    expect(gainedId.id).toEqual({ similarity: null, weight: 0 });
  });

  it('counts an id the candidate lost for less than a full mismatch', () => {
    const recorded = fingerprint({ tag: 'button', id: 'save', text: 'Save' });
    const lost = scoreCandidate(recorded, { ...recorded, id: null }).breakdown.id;
    expect(lost.similarity).toBe(0);
    expect(lost.weight).toBeGreaterThan(0);
    expect(lost.weight).toBeLessThan(DEFAULT_RELOCATION_WEIGHTS.id);
  });

  it('trusts a generated id much less than a hand-written one', () => {
    const recorded = fingerprint({ tag: 'button', text: 'Save' });
    const stable = scoreCandidate(
      { ...recorded, id: 'save-button' },
      { ...recorded, id: 'save-button' },
    ).breakdown.id;
    const generated = scoreCandidate({ ...recorded, id: ':r3:' }, { ...recorded, id: ':r3:' })
      .breakdown.id;
    expect(stable.weight).toBe(DEFAULT_RELOCATION_WEIGHTS.id);
    expect(generated.weight).toBeLessThanOrEqual(stable.weight / 4);
  });

  it('ignores generated and state classes and compares the rest as a set', () => {
    const recorded = fingerprint({ tag: 'a', classes: ['nav-link', 'css-1x2y3z', 'active'] });
    const current = fingerprint({ tag: 'a', classes: ['css-9q8w7e', 'nav-link'] });
    expect(scoreCandidate(recorded, current).breakdown.classes.similarity).toBe(1);
  });

  it('compares links by path and query, not by host, scheme or tracking parameters', () => {
    const recorded = fingerprint({
      tag: 'a',
      href: 'http://shop.example.com/orders?utm_source=nav',
    });
    const moved = fingerprint({ tag: 'a', href: 'https://www.shop.example.com/orders' });
    const other = fingerprint({ tag: 'a', href: 'https://shop.example.com/account' });
    expect(scoreCandidate(recorded, moved).breakdown.href.similarity).toBe(1);
    expect(scoreCandidate(recorded, other).breakdown.href.similarity).toBeLessThan(0.5);
  });

  it('keeps some position similarity for an element that moved, more for a small move than a large one', () => {
    const { pay } = checkoutPage();
    const near = scoreCandidate(pay, moved(pay, 0, 40)).breakdown.position.similarity ?? 0;
    const far = scoreCandidate(pay, moved(pay, 0, 800)).breakdown.position.similarity ?? 0;
    expect(near).toBeGreaterThan(far);
    expect(near).toBeLessThan(1);
    expect(far).toBeGreaterThan(0);
  });

  it('halves the score of a candidate that shares none of the recorded names, however well placed', () => {
    const { pay, cancel } = checkoutPage();
    const inPayPlace: ElementFingerprint = {
      ...cancel,
      xpath: pay.xpath,
      boundingBox: pay.boundingBox,
      classes: pay.classes,
    };
    const result = scoreCandidate(pay, inPayPlace);
    expect(result.identity).toBeLessThan(IDENTITY_FLOOR);
    const entries = Object.values(result.breakdown).filter((e) => e.similarity !== null);
    const total = entries.reduce((sum, e) => sum + e.weight, 0);
    const average = entries.reduce((sum, e) => sum + e.weight * (e.similarity ?? 0), 0) / total;
    expect(average).toBeGreaterThan(0.35);
    expect(result.score).toBeCloseTo(average * IDENTITY_PENALTY, 10);
  });

  it('reports no identity for an element recorded without any name or stable identifier', () => {
    const icon = fingerprint({ tag: 'svg', xpath: '/html[1]/body[1]/svg[1]', classes: ['icon'] });
    expect(scoreCandidate(icon, icon).identity).toBeNull();
  });

  it('respects custom weights: a zero weight removes the property from the score', () => {
    const { pay } = checkoutPage();
    const renamed = { ...pay, text: 'Something else', accessibleName: 'Something else' };
    const weights = { ...DEFAULT_RELOCATION_WEIGHTS, text: 0, accessibleName: 0 };
    const { breakdown } = scoreCandidate(pay, renamed, weights);
    expect(breakdown.text).toEqual({ similarity: null, weight: 0 });
    expect(scoreCandidate(pay, renamed, weights).score).toBe(1);
  });

  it('always scores within 0..1, whatever the two fingerprints hold', () => {
    const text = fc.option(fc.string({ maxLength: 30 }), { nil: null });
    const element = fc.record({
      tag: fc.constantFrom('a', 'button', 'input', 'div', 'span'),
      text,
      id: text,
      href: text,
      classes: fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }),
      xpath: fc
        .array(fc.constantFrom('div[1]', 'div[2]', 'span[1]', 'a[3]'), { maxLength: 8 })
        .map((steps) => `/html[1]/body[1]/${steps.join('/')}`),
      box: fc.option(
        fc.record({
          x: fc.integer({ min: -100, max: 3000 }),
          y: fc.integer({ min: -100, max: 9000 }),
          width: fc.integer({ min: 0, max: 2000 }),
          height: fc.integer({ min: 0, max: 2000 }),
        }),
        { nil: null },
      ),
      neighbors: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(element, element, (a, b) => {
        const build = (e: typeof a) =>
          fingerprint({
            tag: e.tag,
            text: e.text,
            accessibleName: e.text,
            id: e.id,
            href: e.href,
            classes: e.classes,
            xpath: e.xpath,
            boundingBox: e.box,
            neighborTexts: e.neighbors,
          });
        const { score } = scoreCandidate(build(a), build(b));
        return score >= 0 && score <= 1;
      }),
    );
  });
});
