import { describe, expect, it } from 'vitest';
import { fingerprintAgrees } from './fingerprint-agrees.ts';
import { checkoutPage, moved } from './fingerprint-fixtures.ts';

describe('fingerprintAgrees', () => {
  const page = checkoutPage();

  it('agrees when the locator finds the unchanged element', () => {
    expect(fingerprintAgrees(page.pay, structuredClone(page.pay))).toBe(true);
  });

  it('agrees when the element only moved, gained a wrapper and changed its classes', () => {
    const current = {
      ...moved(page.email, 300, 120),
      classes: ['Input_field__a8Xk2'],
      xpath: '/html[1]/body[1]/main[1]/form[1]/div[1]/div[1]/input[1]',
    };
    expect(fingerprintAgrees(page.email, current)).toBe(true);
  });

  it('agrees on an unchanged test id even when most else changed', () => {
    const current = {
      ...moved(page.pay, 400, 300),
      id: null,
      classes: ['css-1q2j1fr'],
      text: 'Pay $34.99 now',
      accessibleName: 'Pay $34.99 now',
      xpath: '/html[1]/body[1]/div[2]/button[1]',
      idXpath: null,
      neighborTexts: ['Order summary'],
    };
    expect(fingerprintAgrees(page.pay, current)).toBe(true);
  });

  it('disagrees when a positional locator now lands on "Cancel" instead of "Pay"', () => {
    const cancelInPlace = {
      ...page.cancel,
      xpath: page.pay.xpath,
      cssPath: page.pay.cssPath,
      boundingBox: page.pay.boundingBox,
      classes: page.pay.classes,
    };
    expect(fingerprintAgrees(page.pay, cancelInPlace)).toBe(false);
  });

  it('disagrees when the element carries another value of the same test id', () => {
    const other = { ...page.pay, testIds: { 'data-testid': 'pay-later' } };
    expect(fingerprintAgrees(page.pay, other)).toBe(false);
  });

  it('disagrees when a text field became a password field', () => {
    expect(fingerprintAgrees(page.cardNumber, { ...page.cardNumber, type: 'password' })).toBe(
      false,
    );
  });

  it('disagrees when the element is now in another frame', () => {
    const inFrame = {
      ...page.pay,
      frame: { ...page.pay.frame, framePath: ['iframe#payment'] },
    };
    expect(fingerprintAgrees(page.pay, inFrame)).toBe(false);
  });

  it('does not take a matching generated id as proof of identity', () => {
    const recorded = { ...page.removeMouse, id: ':r5:' };
    const otherRow = { ...page.removeCable, id: ':r5:', text: 'Delete', accessibleName: 'Delete' };
    expect(fingerprintAgrees(recorded, otherRow)).toBe(false);
  });

  it('disagrees with the twin in the other row, whose neighbours and place differ', () => {
    expect(fingerprintAgrees(page.removeMouse, page.removeCable)).toBe(false);
  });

  it('for a button recorded among namesakes, disagrees with the one whose nearest text differs', () => {
    const locator = "locator('#cart > tbody > tr:nth-of-type(1) > td:nth-of-type(3) > button')";
    const mouse = {
      ...page.removeMouse,
      locator,
      neighborTexts: ['$25.00', '$9.99', 'Checkout', 'Cancel', 'Wireless mouse'],
    };
    // After the rows swapped, the same CSS path finds the cable row's button, among the same texts.
    const cableInRowOne = {
      ...page.removeCable,
      xpath: page.removeMouse.xpath,
      boundingBox: page.removeMouse.boundingBox,
      neighborTexts: ['$9.99', '$25.00', 'Checkout', 'Cancel', 'USB-C cable'],
    };
    expect(fingerprintAgrees(mouse, cableInRowOne)).toBe(false);
    expect(fingerprintAgrees(mouse, { ...mouse, locator: null })).toBe(true);
  });

  it('can be made stricter with a higher minimum score', () => {
    const current = { ...moved(page.heading, 0, 200), xpath: '/html[1]/body[1]/div[1]/h1[1]' };
    expect(fingerprintAgrees(page.heading, current)).toBe(true);
    expect(fingerprintAgrees(page.heading, current, { minimumScore: 0.99 })).toBe(false);
  });
});
