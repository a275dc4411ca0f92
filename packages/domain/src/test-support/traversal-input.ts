// Test support: a realistic recorded path (brain states, actions with element fingerprints).
import type { ElementFingerprint } from '@retrace/engine';
import type { SaveTraversalInput } from '../traversals/save-traversal.ts';

export function fingerprint(text: string): ElementFingerprint {
  return {
    version: 1,
    tag: 'button',
    role: 'button',
    accessibleName: text,
    text,
    id: null,
    name: null,
    type: 'submit',
    placeholder: null,
    label: null,
    testIds: { 'data-testid': text.toLowerCase() },
    href: null,
    alt: null,
    title: null,
    classes: ['btn'],
    value: null,
    cssPath: 'main > button',
    xpath: '/html/body/main/button[1]',
    idXpath: null,
    boundingBox: { x: 10, y: 20, width: 100, height: 30 },
    neighborTexts: ['Total'],
    frame: { url: 'http://shop.test/', name: null, framePath: [], shadowPath: [] },
    locator: `getByRole('button', { name: '${text}' })`,
  };
}

export function traversalInput(
  testCaseId: string,
  browserConfigId: string,
  overrides: Partial<SaveTraversalInput> = {},
): SaveTraversalInput {
  return {
    testCaseId,
    browserConfigId,
    expectedOutcome: 'the order is confirmed',
    verified: true,
    source: 'agentic',
    brainStates: [
      {
        nextGoal: 'open the cart',
        actions: [
          { action: { type: 'navigate', url: '/cart' } },
          { action: { type: 'click', ref: 'e1' }, domElementData: fingerprint('Cart') },
        ],
      },
      {
        evaluationPreviousGoal: 'cart open',
        memory: 'one item',
        nextGoal: 'log in and pay',
        actions: [
          {
            action: { type: 'input_text', text: '<secret>PASSWORD</secret>' },
            domElementData: null,
          },
          { action: { type: 'click', ref: 'e9' }, domElementData: fingerprint('Pay') },
        ],
      },
      { nextGoal: 'a step that failed', valid: false, actions: [] },
    ],
    ...overrides,
  };
}
