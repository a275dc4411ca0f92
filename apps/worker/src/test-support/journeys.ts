// Test support: the journeys worker tests replay, as steps files over the fixture pages.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE_PAGES_DIR } from '@retrace/fixtures';

/** alice's password on the fixture login page; the project stores it as the secret `password`. */
export const LOGIN_PASSWORD = 'wonderland-42';
/** The card number the shop journey types through `<secret>card_number</secret>`. */
export const SHOP_CARD_NUMBER = '4242 4242 4242 4242';

/** Four actions and an assertion: a short replay, typing a secret. */
export const LOGIN_STEPS = `
name: Sign in as alice
description: Sign in with alice's password and check the greeting.
expectedOutcome: The welcome page greets alice
startUrl: /login/
steps:
  - goal: Enter the user name
    fill: { locator: "getByLabel('Username')", value: alice }
  - goal: Enter the password
    fill: { locator: "getByLabel('Password')", value: "<secret>password</secret>" }
  - goal: Sign in
    click: "getByRole('button', { name: 'Sign in' })"
  - goal: Check the greeting
    assert_text_visible: "Welcome, alice!"
`;

/** The fixture shop's journey (product list → cart → checkout → confirmation), recorded on the base shop. */
export const SHOP_JOURNEY = readFileSync(
  path.join(FIXTURE_PAGES_DIR, 'shop', 'shop-journey.steps.yaml'),
  'utf8',
);
