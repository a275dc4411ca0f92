// A test case whose recorded path fails for real on the demo shop: its last assertion expects a wrong cart count.
import { api, type DemoContext } from './api-requests.ts';

export const FAILING_EXPECTATION = 'Cart (5)';

/** Creates the test case with an imported, verified traversal (a click, then the failing assertion). */
export async function createFailingTestCase(
  baseUrl: string,
  key: string,
  demo: DemoContext,
): Promise<{ testCaseId: string; name: string }> {
  const name = `Cart badge counts five items ${Date.now()}`;
  const testCase = await api<{ id: string }>(
    baseUrl,
    key,
    'POST',
    `/api/orgs/${demo.orgId}/projects/${demo.projectId}/test-cases`,
    {
      name,
      testDescription: 'Add the Trail Backpack to the cart from the catalog.',
      expectedOutcome: `The cart link says ${FAILING_EXPECTATION}`,
      urlRoute: '/',
    },
  );
  await api(baseUrl, key, 'POST', `/api/orgs/${demo.orgId}/test-cases/${testCase.id}/traversals`, {
    browserConfigId: 'builtin-desktop-chromium',
    expectedOutcome: `The cart link says ${FAILING_EXPECTATION}`,
    verified: true,
    brainStates: [
      {
        nextGoal: 'Add the Trail Backpack to the cart',
        actions: [
          {
            action: {
              type: 'click',
              target: { locator: "getByRole('button', { name: 'Add Trail Backpack to cart' })" },
              button: 'left',
              clickCount: 1,
            },
          },
        ],
      },
      {
        nextGoal: 'Check that the cart holds five items',
        actions: [
          {
            action: {
              type: 'assert_text_visible',
              text: FAILING_EXPECTATION,
              exact: false,
              target: { locator: "locator('#cart-link')" },
              timeoutMs: 2000,
            },
          },
        ],
      },
    ],
  });
  return { testCaseId: testCase.id, name };
}
