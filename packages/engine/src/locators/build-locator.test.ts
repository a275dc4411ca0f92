import { startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../browser/browser-session.ts';
import { TEST_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import { buildLocator } from './build-locator.ts';
import { LocatorSyntaxError } from './parse-locator.ts';

let server: FixtureServer;
let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  server = await startFixtureServer();
  session = await openBrowserSession({ launch: { executablePath: TEST_CHROMIUM_PATH } });
  page = session.page;
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

async function texts(source: string): Promise<string[]> {
  return (await buildLocator(page, source).allInnerTexts()).map((t) => t.trim());
}

describe('buildLocator against real pages', () => {
  it('resolves getBy* locators with their options', async () => {
    await page.goto(server.url('/widgets/'));
    expect(await texts(`getByRole('button', { name: 'Edit' })`)).toEqual(['Edit', 'Edit']);
    expect(await texts(`getByRole('button', { name: 'continue', exact: false })`)).toEqual([
      'Continue',
    ]);
    expect(
      await buildLocator(page, `getByRole('button', { name: 'continue', exact: true })`).count(),
    ).toBe(0);
    expect(await buildLocator(page, `getByRole('button', { disabled: true })`).count()).toBe(1);
    expect(await texts(`getByRole('heading', { level: 2 })`)).toEqual(['Team', 'Activity log']);
    expect(await buildLocator(page, `getByLabel('Nickname')`).inputValue()).toBe('Ace');
    expect(await buildLocator(page, `getByPlaceholder(/search/i)`).count()).toBe(1);
    expect(await buildLocator(page, `getByAltText('Retrace logo')`).count()).toBe(1);
    expect(await buildLocator(page, `getByTitle('Open the help centre')`).count()).toBe(1);
    expect(await texts(`getByText('Alpha', { exact: true })`)).toEqual(['Alpha']);
  });

  it('resolves chains, filters, positions and combinations', async () => {
    await page.goto(server.url('/widgets/'));
    expect(
      await texts(`locator('#team tr').filter({ hasText: 'Grace' }).getByRole('button')`),
    ).toEqual(['Edit']);
    expect(
      await texts(`locator('#team tr').filter({ has: getByText('Ada') }).locator('td').nth(1)`),
    ).toEqual(['Engineer']);
    expect(
      await texts(`locator('#team tr').filter({ hasNot: getByText('Ada') }).locator('td').first()`),
    ).toEqual(['Grace']);
    expect(await texts(`locator('.tag').last()`)).toEqual(['Gamma']);
    expect(
      await texts(`getByRole('link', { name: 'Help centre' }).or(getByRole('menuitem'))`),
    ).toEqual(['Help centre']);
    expect(await buildLocator(page, `getByRole('button').and(locator('.edit'))`).count()).toBe(2);
    expect(
      await buildLocator(
        page,
        `locator('#team').getByRole('button').filter({ visible: true })`,
      ).count(),
    ).toBe(2);
  });

  it('resolves raw css, xpath, text and role selectors', async () => {
    await page.goto(server.url('/login/'));
    expect(await buildLocator(page, 'css=#login-form button').textContent()).toBe('Sign in');
    expect(await buildLocator(page, '#login-form button').textContent()).toBe('Sign in');
    expect(await buildLocator(page, 'xpath=//form/button').textContent()).toBe('Sign in');
    expect(await buildLocator(page, '//form/button').textContent()).toBe('Sign in');
    expect(await buildLocator(page, 'text=Sign in').count()).toBe(2);
    expect(await buildLocator(page, 'role=button[name="Sign in"]').count()).toBe(1);
  });

  it('goes into iframes with frameLocator and contentFrame', async () => {
    await page.goto(server.url('/iframe/'));
    expect(
      await buildLocator(
        page,
        `frameLocator('iframe[name="payment"]').getByRole('button', { name: 'Apply coupon' })`,
      ).count(),
    ).toBe(1);
    expect(
      await buildLocator(
        page,
        `locator('iframe[name="payment"]').contentFrame().locator('iframe').contentFrame().getByRole('button')`,
      ).innerText(),
    ).toBe('Need help?');
  });

  it('refuses a chain that ends at a frame or calls a method where it does not apply', () => {
    expect(() => buildLocator(page, `frameLocator('iframe')`)).toThrow(LocatorSyntaxError);
    expect(() => buildLocator(page, `first()`)).toThrow(LocatorSyntaxError);
    expect(() => buildLocator(page, `frameLocator('iframe').filter({ hasText: 'x' })`)).toThrow(
      /cannot be called on a page or frame/,
    );
  });
  it('fills secret placeholders with their values only when built, escaped inside regular expressions', async () => {
    await page.goto(server.url('/login/'));
    // A password field recorded while the secret's value was "password": its id and label were redacted.
    const secrets = new Map([
      ['pw', 'password'],
      ['label', 'Password'],
      ['almost', 'Your passwor.'],
      ['start', 'Your pass'],
    ]);
    expect(await buildLocator(page, '#<secret>pw</secret>', secrets).count()).toBe(1);
    expect(await buildLocator(page, "getByLabel('<secret>label</secret>')", secrets).count()).toBe(
      1,
    );
    expect(
      await buildLocator(
        page,
        "locator('form').filter({ has: locator('#<secret>pw</secret>') })",
        secrets,
      )
        .count()
        .catch(() => -1),
    ).toBe(1); // the filter's inner locator is filled too
    expect(
      await buildLocator(
        page,
        'getByPlaceholder(/^<secret>start<\\/secret>word$/)',
        secrets,
      ).count(),
    ).toBe(1);
    // Inside a regular expression the value is literal: "." does not match the "d" of "Your password".
    expect(
      await buildLocator(page, 'getByPlaceholder(/<secret>almost<\\/secret>/)', secrets).count(),
    ).toBe(0);
    expect(await buildLocator(page, 'getByPlaceholder(/Your passwor./)').count()).toBe(1);
    // Without the values (or for an unknown name) the placeholder stays, and finds nothing.
    expect(await buildLocator(page, "getByLabel('<secret>label</secret>')").count()).toBe(0);
    expect(await buildLocator(page, "getByLabel('<secret>other</secret>')", secrets).count()).toBe(
      0,
    );
  });
});
