// Hand-written fingerprints of a small checkout page, as the recorder would capture them, for the relocation tests.

import {
  ELEMENT_FINGERPRINT_VERSION,
  type ElementFingerprint,
} from '../fingerprint/element-fingerprint.ts';

/** A fingerprint with every property empty except the ones given. */
export function fingerprint(properties: Partial<ElementFingerprint>): ElementFingerprint {
  return {
    version: ELEMENT_FINGERPRINT_VERSION,
    tag: 'div',
    role: null,
    accessibleName: null,
    text: null,
    id: null,
    name: null,
    type: null,
    placeholder: null,
    label: null,
    testIds: {},
    href: null,
    alt: null,
    title: null,
    classes: [],
    value: null,
    cssPath: '',
    xpath: '/html[1]/body[1]',
    idXpath: null,
    boundingBox: null,
    neighborTexts: [],
    frame: { url: 'https://shop.example.com/checkout', name: null, framePath: [], shadowPath: [] },
    locator: null,
    ...properties,
  };
}

/** The checkout page as recorded: nav, a cart of two rows with twin "Remove" buttons, a payment form. */
export function checkoutPage() {
  const home = fingerprint({
    tag: 'a',
    role: 'link',
    accessibleName: 'Home',
    text: 'Home',
    href: 'https://shop.example.com/',
    classes: ['nav-link'],
    cssPath: 'header > nav > a:nth-child(1)',
    xpath: '/html[1]/body[1]/header[1]/nav[1]/a[1]',
    boundingBox: { x: 24, y: 16, width: 52, height: 24 },
    neighborTexts: ['Orders', 'Account'],
    locator: "getByRole('link', { name: 'Home' })",
  });
  const orders = fingerprint({
    tag: 'a',
    role: 'link',
    accessibleName: 'Orders',
    text: 'Orders',
    href: 'https://shop.example.com/orders',
    classes: ['nav-link'],
    cssPath: 'header > nav > a:nth-child(2)',
    xpath: '/html[1]/body[1]/header[1]/nav[1]/a[2]',
    boundingBox: { x: 92, y: 16, width: 60, height: 24 },
    neighborTexts: ['Home', 'Account'],
    locator: "getByRole('link', { name: 'Orders' })",
  });
  const heading = fingerprint({
    tag: 'h1',
    role: 'heading',
    accessibleName: 'Checkout',
    text: 'Checkout',
    cssPath: 'main > h1',
    xpath: '/html[1]/body[1]/main[1]/h1[1]',
    boundingBox: { x: 24, y: 72, width: 400, height: 40 },
    neighborTexts: ['Wireless mouse', '$25.00'],
    locator: "getByRole('heading', { name: 'Checkout' })",
  });
  const removeButton = (row: number, item: string, price: string, y: number) =>
    fingerprint({
      tag: 'button',
      role: 'button',
      accessibleName: 'Remove',
      text: 'Remove',
      type: 'button',
      classes: ['btn', 'btn-link', 'remove-item'],
      cssPath: `#cart > tbody > tr:nth-child(${row}) > td:nth-child(3) > button`,
      xpath: `/html[1]/body[1]/main[1]/table[1]/tbody[1]/tr[${row}]/td[3]/button[1]`,
      idXpath: `//*[@id="cart"]/tbody[1]/tr[${row}]/td[3]/button[1]`,
      boundingBox: { x: 520, y, width: 72, height: 32 },
      neighborTexts: [price, item],
      locator: "getByRole('button', { name: 'Remove' })",
    });
  const removeMouse = removeButton(1, 'Wireless mouse', '$25.00', 140);
  const removeCable = removeButton(2, 'USB-C cable', '$9.99', 188);
  const email = fingerprint({
    tag: 'input',
    role: 'textbox',
    accessibleName: 'Email address',
    id: 'email',
    name: 'email',
    type: 'email',
    placeholder: 'you@example.com',
    label: 'Email address',
    classes: ['form-control'],
    value: '',
    cssPath: '#email',
    xpath: '/html[1]/body[1]/main[1]/form[1]/div[1]/input[1]',
    idXpath: '//*[@id="email"]',
    boundingBox: { x: 24, y: 280, width: 360, height: 36 },
    neighborTexts: ['Email address', 'Card number'],
    locator: "getByLabel('Email address')",
  });
  const cardNumber = fingerprint({
    tag: 'input',
    role: 'textbox',
    accessibleName: 'Card number',
    id: 'card-number',
    name: 'cardNumber',
    type: 'text',
    placeholder: '1234 1234 1234 1234',
    label: 'Card number',
    classes: ['form-control'],
    cssPath: '#card-number',
    xpath: '/html[1]/body[1]/main[1]/form[1]/div[2]/input[1]',
    idXpath: '//*[@id="card-number"]',
    boundingBox: { x: 24, y: 352, width: 360, height: 36 },
    neighborTexts: ['Card number', 'Email address'],
    locator: "getByLabel('Card number')",
  });
  const pay = fingerprint({
    tag: 'button',
    role: 'button',
    accessibleName: 'Pay $34.99',
    text: 'Pay $34.99',
    id: 'pay-button',
    type: 'submit',
    testIds: { 'data-testid': 'pay' },
    classes: ['btn', 'btn-primary'],
    cssPath: '#pay-button',
    xpath: '/html[1]/body[1]/main[1]/form[1]/div[3]/button[1]',
    idXpath: '//*[@id="pay-button"]',
    boundingBox: { x: 24, y: 420, width: 140, height: 40 },
    neighborTexts: ['Cancel', 'Card number'],
    locator: "getByTestId('pay')",
  });
  const payLabel = fingerprint({
    tag: 'span',
    text: 'Pay $34.99',
    classes: ['btn-label'],
    cssPath: '#pay-button > span',
    xpath: '/html[1]/body[1]/main[1]/form[1]/div[3]/button[1]/span[1]',
    idXpath: '//*[@id="pay-button"]/span[1]',
    boundingBox: { x: 40, y: 430, width: 108, height: 20 },
    neighborTexts: ['Cancel', 'Card number'],
  });
  const cancel = fingerprint({
    tag: 'button',
    role: 'button',
    accessibleName: 'Cancel',
    text: 'Cancel',
    type: 'button',
    classes: ['btn', 'btn-secondary'],
    cssPath: 'form > div:nth-child(3) > button:nth-child(2)',
    xpath: '/html[1]/body[1]/main[1]/form[1]/div[3]/button[2]',
    idXpath: '//*[@id="checkout-form"]/div[3]/button[2]',
    boundingBox: { x: 180, y: 420, width: 96, height: 40 },
    neighborTexts: ['Pay $34.99', 'Card number'],
    locator: "getByRole('button', { name: 'Cancel' })",
  });
  const form = fingerprint({
    tag: 'form',
    role: 'form',
    id: 'checkout-form',
    text: 'Email address Card number Pay $34.99 Cancel',
    cssPath: '#checkout-form',
    xpath: '/html[1]/body[1]/main[1]/form[1]',
    idXpath: '//*[@id="checkout-form"]',
    boundingBox: { x: 24, y: 260, width: 400, height: 220 },
    neighborTexts: ['USB-C cable', 'Privacy'],
  });
  const privacy = fingerprint({
    tag: 'a',
    role: 'link',
    accessibleName: 'Privacy',
    text: 'Privacy',
    href: 'https://shop.example.com/privacy',
    cssPath: 'footer > a:nth-child(1)',
    xpath: '/html[1]/body[1]/footer[1]/a[1]',
    boundingBox: { x: 24, y: 720, width: 56, height: 20 },
    neighborTexts: ['Terms'],
    locator: "getByRole('link', { name: 'Privacy' })",
  });
  return {
    home,
    orders,
    heading,
    removeMouse,
    removeCable,
    email,
    cardNumber,
    pay,
    payLabel,
    cancel,
    form,
    privacy,
  };
}

export type CheckoutPage = ReturnType<typeof checkoutPage>;

/** The page's elements in document order, as collectCandidateFingerprints would list them. */
export function candidatesOf(page: Partial<CheckoutPage>): ElementFingerprint[] {
  return Object.values(page).filter((element) => element !== undefined);
}

/** Moves a fingerprint's box by (dx, dy). */
export function moved(element: ElementFingerprint, dx: number, dy: number): ElementFingerprint {
  const box = element.boundingBox;
  return {
    ...element,
    boundingBox: box === null ? null : { ...box, x: box.x + dx, y: box.y + dy },
  };
}
