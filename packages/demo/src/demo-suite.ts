// The demo project's definition: its name, tags, browser configs, secret, document and test cases (steps files).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinBrowserConfigId } from '@retrace/domain';

/** Where the demo's steps files live. */
export const DEMO_TESTS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'tests',
);

export const DEMO_PROJECT_NAME = 'Pinecone Supply (demo)';
export const DEMO_SECRET_NAME = 'demo_password';

export const DEMO_DESKTOP_CONFIG_ID = builtinBrowserConfigId('desktop-chromium');
export const DEMO_PHONE_CONFIG_ID = builtinBrowserConfigId('phone-pixel-7');

/** Tag name → colour. `agentic` marks the test that has no steps file: it needs a model to be recorded. */
export const DEMO_TAGS = {
  smoke: '#2f6b3a',
  catalog: '#3b6ea8',
  cart: '#b7791f',
  checkout: '#c05621',
  auth: '#6b46c1',
  agentic: '#718096',
} as const;
export type DemoTagName = keyof typeof DEMO_TAGS;

export interface DemoTestCase {
  /** Stable key (the steps file's base name). */
  key: string;
  tags: DemoTagName[];
  /** Smoke tests also run on the phone preset. */
  browserConfigIds: string[];
  /** The steps file recorded into the traversal; null for the description-only (agentic) test. */
  stepsFile: string | null;
  /** Only for the description-only test: what the agent is asked to do. */
  agentic?: { name: string; description: string; expectedOutcome: string; urlRoute: string };
  /** Name of the document linked to it, if any. */
  document?: string;
}

const BOTH = [DEMO_DESKTOP_CONFIG_ID, DEMO_PHONE_CONFIG_ID];
const DESKTOP = [DEMO_DESKTOP_CONFIG_ID];

export const DEMO_DOCUMENT = {
  name: 'Checkout requirements',
  content: `# Checkout requirements

- The cart total is the sum of unit price × quantity of every line.
- Standard shipping costs $5.00, express shipping $15.00; the order total adds the chosen shipping.
- The checkout form requires a full name, a valid email address, a street, a city, a postal code of 3 to 10
  letters or digits, and a country; it says what to fix before placing the order.
- Once placed, the confirmation shows the order number and the total paid.
`,
};

export const DEMO_TEST_CASES: readonly DemoTestCase[] = [
  {
    key: 'catalog-filters',
    tags: ['smoke', 'catalog'],
    browserConfigIds: BOTH,
    stepsFile: 'catalog-filters.steps.yaml',
  },
  {
    key: 'product-details',
    tags: ['catalog'],
    browserConfigIds: DESKTOP,
    stepsFile: 'product-details.steps.yaml',
  },
  {
    key: 'cart-subtotal',
    tags: ['smoke', 'cart'],
    browserConfigIds: BOTH,
    stepsFile: 'cart-subtotal.steps.yaml',
  },
  {
    key: 'checkout-validation',
    tags: ['checkout'],
    browserConfigIds: DESKTOP,
    stepsFile: 'checkout-validation.steps.yaml',
    document: DEMO_DOCUMENT.name,
  },
  {
    key: 'checkout-complete',
    tags: ['smoke', 'checkout'],
    browserConfigIds: BOTH,
    stepsFile: 'checkout-complete.steps.yaml',
  },
  {
    key: 'sign-in',
    tags: ['smoke', 'auth'],
    browserConfigIds: BOTH,
    stepsFile: 'sign-in.steps.yaml',
  },
  {
    key: 'sign-in-refused',
    tags: ['auth'],
    browserConfigIds: DESKTOP,
    stepsFile: 'sign-in-refused.steps.yaml',
  },
  {
    key: 'cheapest-tent',
    tags: ['agentic', 'cart'],
    browserConfigIds: DESKTOP,
    stepsFile: null,
    agentic: {
      name: 'Put the cheapest tent in stock in the cart',
      description:
        'Use the catalog filters or search to find the tents. Among the tents that are in stock, add the ' +
        'cheapest one to the cart once, then open the cart.',
      expectedOutcome:
        'The cart holds one Dome Tent (2 person), the cheapest tent in stock, and shows "Subtotal: $149.00"',
      urlRoute: '/',
    },
  },
];
