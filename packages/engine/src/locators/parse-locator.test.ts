import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLocator, quoteString } from './format-locator.ts';
import { LocatorSyntaxError, parseLocator } from './parse-locator.ts';

function roundTrip(source: string): string {
  return formatLocator(parseLocator(source));
}

describe('parseLocator', () => {
  it('parses getByRole with a name and state options', () => {
    expect(
      parseLocator(`getByRole('button', { name: 'Pay', exact: true, disabled: false })`),
    ).toEqual({
      steps: [
        {
          method: 'getByRole',
          role: 'button',
          options: { name: 'Pay', exact: true, disabled: false },
        },
      ],
    });
    expect(parseLocator(`getByRole("heading", { level: 2 })`).steps[0]).toEqual({
      method: 'getByRole',
      role: 'heading',
      options: { level: 2 },
    });
  });

  it('parses every getBy method with strings, regular expressions and exact', () => {
    expect(parseLocator(`getByText('Welcome, alice!', { exact: true })`).steps[0]).toEqual({
      method: 'getByText',
      text: 'Welcome, alice!',
      exact: true,
    });
    expect(parseLocator('getByLabel(/card number/i)').steps[0]).toEqual({
      method: 'getByLabel',
      text: { regex: 'card number', flags: 'i' },
    });
    for (const method of ['getByPlaceholder', 'getByAltText', 'getByTitle']) {
      expect(parseLocator(`${method}('x')`).steps[0]).toEqual({ method, text: 'x' });
    }
    expect(parseLocator(`getByTestId('login-username')`).steps[0]).toEqual({
      method: 'getByTestId',
      testId: 'login-username',
    });
  });

  it('parses chains with locator, filter, nth, first, last, frames and nested locators', () => {
    const chain = parseLocator(
      `page.locator('#todos li').filter({ hasText: 'Buy milk', has: getByRole('checkbox') }).getByRole('button', { name: /delete/i }).nth(0)`,
    );
    expect(chain.steps.map((s) => s.method)).toEqual(['locator', 'filter', 'getByRole', 'nth']);
    expect(chain.steps[1]).toEqual({
      method: 'filter',
      filter: {
        hasText: 'Buy milk',
        has: { steps: [{ method: 'getByRole', role: 'checkbox', options: {} }] },
      },
    });
    expect(
      parseLocator(
        `locator('iframe[name="payment"]').contentFrame().getByLabel('Card number')`,
      ).steps.map((s) => s.method),
    ).toEqual(['locator', 'contentFrame', 'getByLabel']);
    expect(parseLocator(`frameLocator('#f').first().getByText('a').last()`).steps).toHaveLength(4);
    expect(parseLocator(`getByRole('button').or(getByRole('link'))`).steps[1]?.method).toBe('or');
  });

  it('accepts raw selector strings with the allowed engines and plain CSS or XPath', () => {
    for (const raw of [
      'css=button.primary',
      'xpath=//button[1]',
      '//html/body/button',
      'text=Sign in',
      'role=button[name="Pay"]',
      '#login-form > button',
      'input[name=username]',
      'internal:role=button',
      'css=.row >> nth=1',
    ]) {
      expect(parseLocator(raw)).toEqual({ steps: [{ method: 'selector', selector: raw }] });
    }
  });

  it('refuses selector engines outside the allowed list', () => {
    expect(() => parseLocator('_react=App')).toThrow(/not allowed/);
    expect(() => parseLocator(`locator('css=a >> _vue=x')`)).toThrow(/not allowed/);
  });

  it('refuses anything that is not a locator instead of evaluating it', () => {
    const attempts = [
      `getByRole(alert(1))`,
      `getByRole('button').constructor('return process')()`,
      'getByText(`${process.exit()}`)',
      `getByRole('button'); process.exit()`,
      `getByRole('button', { name: 'x', toString: 'y' })`,
      `evaluate('1')`,
      `getByText('a').click()`,
      `getByRole('Button')`,
      `getByText('unterminated)`,
      `getByText(/(/)`,
      `nth('1')`,
      ``,
    ];
    for (const attempt of attempts) {
      expect(() => parseLocator(attempt), attempt).toThrow(LocatorSyntaxError);
    }
  });

  it('reports a stable code and the position of the error', () => {
    try {
      parseLocator(`getByRole('button' { name: 'x' })`);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LocatorSyntaxError);
      expect((error as LocatorSyntaxError).code).toBe('LOCATOR_INVALID');
      expect((error as LocatorSyntaxError).position).toBe(19);
    }
  });

  it('decodes string escapes', () => {
    expect(parseLocator(String.raw`getByText('it\'s \u00e9\x41\n"q"')`).steps[0]).toEqual({
      method: 'getByText',
      text: 'it\'s éA\n"q"',
    });
    expect(parseLocator('getByText(`tick`)').steps[0]).toEqual({
      method: 'getByText',
      text: 'tick',
    });
  });

  it('formats back to the canonical test syntax', () => {
    expect(roundTrip(`page.getByRole("button",{name:"Pay",exact:true})`)).toBe(
      `getByRole('button', { name: 'Pay', exact: true })`,
    );
    expect(roundTrip(`locator( '#a' ).filter( { hasText : /x/i } ).nth( 2 )`)).toBe(
      `locator('#a').filter({ hasText: /x/i }).nth(2)`,
    );
    expect(roundTrip('css=button')).toBe(`locator('css=button')`);
  });

  it('round-trips any text through format and parse', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (text, exact) => {
        const source = `getByText(${quoteString(text)}, { exact: ${exact} })`;
        expect(parseLocator(source).steps[0]).toEqual({ method: 'getByText', text, exact });
        expect(roundTrip(source)).toBe(source);
      }),
    );
  });
});
