import { describe, expect, it } from 'vitest';
import { captureFingerprint } from '../fingerprint/capture-fingerprint.ts';
import type { ActionInput } from './action-schema.ts';
import { executeAction, type ActionResult } from './execute-action.ts';
import { refsOf, useActionTestBed } from './action-test-bed.ts';

const bed = useActionTestBed();

// Canary values: the fixture's real credentials, so the login really happens with them.
const USER = 'alice';
const PASSWORD = 'wonderland-42';
const secrets = new Map([
  ['user', USER],
  ['password', PASSWORD],
]);

describe('secret values never leave executeAction', () => {
  it('logs in with secrets, and no result, recorded action, fingerprint or error contains a value', async () => {
    const results: ActionResult[] = [];
    const run = async (
      action: ActionInput,
      extra: Parameters<typeof executeAction>[2] = {},
    ): Promise<ActionResult> => {
      const result = await executeAction(bed.session, action, { secrets, ...extra });
      results.push(result);
      return result;
    };
    const page = bed.session.page;
    await run({ type: 'navigate', url: bed.server.url('/login/') });
    const refs = refsOf({ e1: page.getByLabel('Username') });

    const user = await run(
      { type: 'input_text', target: { ref: 'e1' }, text: '<secret>user</secret>' },
      { refs },
    );
    expect(user).toMatchObject({ ok: true, info: 'typed text with <secret>user</secret>' });
    expect(user.recordedAction).toMatchObject({
      text: '<secret>user</secret>',
      target: { locator: "getByTestId('login-username')" },
    });
    expect(await page.getByLabel('Username').inputValue()).toBe(USER);

    // The model may write a value literally: it is typed, but recorded as the placeholder.
    const literal = await run({
      type: 'input_text',
      target: { locator: `getByLabel('Password')` },
      text: PASSWORD,
    });
    expect(literal.recordedAction).toMatchObject({ text: '<secret>password</secret>' });
    expect(literal.info).toBe('typed 13 characters');
    const password = await run({
      type: 'input_text',
      target: { locator: `getByLabel('Password')` },
      text: '<secret>password</secret>',
    });
    expect(password.ok).toBe(true);
    expect(await page.getByLabel('Password').inputValue()).toBe(PASSWORD);

    const passwordValue = await run({
      type: 'assert_value',
      target: { locator: `getByLabel('Password')` },
      value: '<secret>password</secret>',
    });
    expect(passwordValue).toMatchObject({
      ok: true,
      assertion: {
        expected: 'value "<secret>password</secret>"',
        actual: '[password field: value not shown]',
      },
    });
    const wrongPassword = await run({
      type: 'assert_value',
      target: { locator: `getByLabel('Password')` },
      value: 'guess',
      timeoutMs: 100,
    });
    expect(wrongPassword).toMatchObject({
      ok: false,
      assertion: { actual: '[password field: value not shown]' },
    });
    const userValue = await run({
      type: 'assert_value',
      target: { locator: `getByLabel('Username')` },
      value: 'bob',
      timeoutMs: 100,
    });
    expect(userValue.assertion?.actual).toBe('"<secret>user</secret>"');
    expect(userValue.fingerprint?.value).toBeNull();

    const missing = await run(
      { type: 'click', target: { locator: `getByText('${PASSWORD}')` } },
      { timeoutMs: 300 },
    );
    expect(missing.error).toEqual({
      code: 'ELEMENT_NOT_FOUND',
      message: `no element matches getByText('<secret>password</secret>')`,
    });

    const signIn = await run({
      type: 'click',
      target: { locator: `getByRole('button', { name: 'Sign in' })` },
    });
    expect(signIn.urlAfter).toBe(
      `${bed.server.origin}/login/welcome.html?user=<secret>user</secret>`,
    );
    await run({
      type: 'wait_for',
      until: { kind: 'text', text: 'Welcome, <secret>user</secret>!' },
    });
    const welcome = await run({
      type: 'assert_text_visible',
      text: 'Welcome, <secret>user</secret>!',
      exact: true,
    });
    expect(welcome).toMatchObject({
      ok: true,
      assertion: { expected: 'text "Welcome, <secret>user</secret>!" visible' },
    });
    const heading = await run({
      type: 'assert_element',
      target: { locator: `getByRole('heading', { level: 1 })` },
      state: 'visible',
    });
    expect(heading.fingerprint?.accessibleName).toBe('Welcome, <secret>user</secret>!');
    const failing = await run({ type: 'assert_text_visible', text: 'Your orders', timeoutMs: 100 });
    expect(failing.assertion?.actual).toContain('Welcome, <secret>user</secret>!');
    await run({
      type: 'assert_url',
      url: `**/welcome.html?user=<secret>user</secret>`,
      match: 'glob',
    });

    const everything = JSON.stringify(results);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(USER);
    expect(results.filter((r) => !r.ok).map((r) => r.error?.code)).toEqual([
      'ASSERTION_FAILED',
      'ASSERTION_FAILED',
      'ELEMENT_NOT_FOUND',
      'ASSERTION_FAILED',
    ]);
  });

  it('never fingerprints a password value, even without secrets', async () => {
    await executeAction(bed.session, { type: 'navigate', url: bed.server.url('/login/') });
    await bed.session.page.getByLabel('Password').fill(PASSWORD);
    const result = await executeAction(bed.session, {
      type: 'click',
      target: { locator: `getByLabel('Password')` },
    });
    expect(result.fingerprint).toMatchObject({ type: 'password', value: null });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(
      JSON.stringify(await captureFingerprint(bed.session.page.getByLabel('Password'))),
    ).not.toContain(PASSWORD);
  });

  it('redacts a secret that reaches a URL in encoded form', async () => {
    const email = new Map([['email', 'ada+test@example.com']]);
    const url = `${bed.server.origin}/login/welcome.html?user=${encodeURIComponent('ada+test@example.com')}`;
    const result = await executeAction(bed.session, { type: 'navigate', url }, { secrets: email });
    expect(result.urlAfter).toBe(
      `${bed.server.origin}/login/welcome.html?user=<secret>email</secret>`,
    );
    expect(result.recordedAction).toEqual({
      type: 'navigate',
      url: `${bed.server.origin}/login/welcome.html?user=<secret>email</secret>`,
    });
    const heading = await executeAction(
      bed.session,
      { type: 'assert_element', target: { locator: `getByRole('heading')` }, state: 'visible' },
      { secrets: email },
    );
    expect(heading.fingerprint?.accessibleName).toBe('Welcome, <secret>email</secret>!');
    expect(heading.fingerprint?.frame.url).toContain('user=<secret>email</secret>');
    expect(JSON.stringify([result, heading])).not.toMatch(/ada(\+|%2B)test(@|%40)example\.com/);
  });
});
