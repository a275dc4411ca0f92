// The shop journey as a careful person writes it with Playwright: the baseline both benchmarks measure against.
import type { FixtureServer } from '@retrace/fixtures';
import type { Locator, Page } from 'playwright-core';
import { SHOP_CARD_NUMBER } from '../../packages/engine/src/replay/testing/shop-bed.ts';

/**
 * The same locators as the steps file, Playwright's auto-waiting actions, and explicit waits (the
 * `expect(…).toBeVisible()` kind) wherever the steps file asserts. No sleeps.
 */
export async function handWrittenJourney(
  page: Page,
  server: Pick<FixtureServer, 'url'>,
): Promise<void> {
  const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
  await page.goto(server.url('/shop/'));
  await page.locator('#add-backpack').click();
  await page
    .locator('.product-card', { hasText: 'Camping Lantern' })
    .getByRole('button', { name: 'Add to cart' })
    .click();
  await visible(page.locator('#cart-link').getByText('(2)'));
  await page.getByRole('link', { name: 'Cart (2)' }).click();
  await page.getByLabel('Quantity of Camping Lantern').fill('2');
  await page.keyboard.press('Tab');
  await visible(page.getByText('Subtotal: $97.00'));
  await page.getByRole('button', { name: 'Proceed to checkout' }).click();
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.locator('#email').fill('ada@example.com');
  await page.getByPlaceholder('Street and number').fill('12 Analytical Way');
  await page.getByLabel('City').fill('London');
  await page.locator('input[name=postal]').fill('NW1 6XE');
  await page.getByLabel('Country').selectOption({ label: 'Hungary' });
  await page.getByLabel('Express shipping').check();
  await page.getByLabel('Card number').fill(SHOP_CARD_NUMBER);
  await visible(page.locator('#order-total').getByText('Total: $112.00'));
  await page.locator('#place-order').click();
  await visible(page.getByText('Order confirmed'));
  await visible(page.getByText('Total paid: $112.00'));
  await page.waitForURL(/confirmation\.html/);
}
