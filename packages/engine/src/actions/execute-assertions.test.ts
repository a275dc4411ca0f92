import { describe, expect, it } from 'vitest';
import type { ActionInput } from './action-schema.ts';
import { executeAction, type ActionContext } from './execute-action.ts';
import { useActionTestBed } from './action-test-bed.ts';

const bed = useActionTestBed();

async function run(action: ActionInput, context: ActionContext = {}) {
  return executeAction(bed.session, action, context);
}

async function open(path: string): Promise<void> {
  expect((await run({ type: 'navigate', url: bed.server.url(path) })).ok).toBe(true);
}

describe('assertions that hold', () => {
  it('checks visible text on the page, inside an element, exactly or loosely', async () => {
    await open('/widgets/');
    expect(await run({ type: 'assert_text_visible', text: 'accept the TERMS' })).toMatchObject({
      ok: true,
      assertion: { passed: true },
    });
    expect(
      await run({ type: 'assert_text_visible', text: 'I accept the terms', exact: true }),
    ).toMatchObject({ ok: true });
    expect(
      await run({
        type: 'assert_text_visible',
        text: 'Engineer',
        target: { locator: `locator('#team')` },
      }),
    ).toMatchObject({ ok: true });
    expect(await run({ type: 'assert_text_not_visible', text: 'Hidden note' })).toMatchObject({
      ok: true,
    });
    expect(await run({ type: 'assert_text_not_visible', text: 'Invisible note' })).toMatchObject({
      ok: true,
    });
  });

  it('waits for text that appears later, within the assertion timeout', async () => {
    await bed.session.page.goto(bed.server.url('/slow/?delay=800'), { waitUntil: 'commit' });
    expect(await run({ type: 'assert_text_visible', text: 'Report ready' })).toMatchObject({
      ok: true,
    });
  });

  it('checks the URL exactly, by substring, by glob and by regular expression', async () => {
    await open('/login/welcome.html?user=bob');
    const url = bed.server.url('/login/welcome.html?user=bob');
    expect(await run({ type: 'assert_url', url })).toMatchObject({
      ok: true,
      assertion: { actual: url },
    });
    expect(await run({ type: 'assert_url', url: 'welcome.html', match: 'contains' })).toMatchObject(
      { ok: true },
    );
    expect(
      await run({ type: 'assert_url', url: '**/login/*.html?user=*', match: 'glob' }),
    ).toMatchObject({ ok: true });
    expect(
      await run({ type: 'assert_url', url: 'welcome\\.html\\?user=b.b$', match: 'regex' }),
    ).toMatchObject({ ok: true });
  });

  it('checks element states', async () => {
    await open('/widgets/');
    const continueButton = { locator: `getByRole('button', { name: 'Continue' })` };
    const terms = { locator: `getByLabel('I accept the terms')` };
    expect(
      await run({ type: 'assert_element', target: continueButton, state: 'disabled' }),
    ).toMatchObject({ ok: true, assertion: { actual: 'disabled' } });
    expect(await run({ type: 'assert_element', target: terms, state: 'unchecked' })).toMatchObject({
      ok: true,
    });
    await run({ type: 'click', target: terms });
    expect(await run({ type: 'assert_element', target: terms, state: 'checked' })).toMatchObject({
      ok: true,
    });
    expect(
      await run({ type: 'assert_element', target: continueButton, state: 'enabled' }),
    ).toMatchObject({ ok: true });
    expect(
      await run({ type: 'assert_element', target: continueButton, state: 'visible' }),
    ).toMatchObject({ ok: true });
    expect(
      await run({
        type: 'assert_element',
        target: { locator: `locator('#hidden-note')` },
        state: 'hidden',
      }),
    ).toMatchObject({ ok: true });
    const absent = await run({
      type: 'assert_element',
      target: { locator: `locator('#no-such-thing')` },
      state: 'hidden',
    });
    expect(absent).toMatchObject({ ok: true, assertion: { actual: 'absent' }, fingerprint: null });
  });

  it('checks field values and counts', async () => {
    await open('/widgets/');
    expect(
      await run({
        type: 'assert_value',
        target: { locator: `getByLabel('Nickname')` },
        value: 'Ace',
      }),
    ).toMatchObject({ ok: true, assertion: { actual: '"Ace"' } });
    expect(
      await run({
        type: 'assert_value',
        target: { locator: `getByLabel('Account id')` },
        value: '0042',
        match: 'contains',
      }),
    ).toMatchObject({ ok: true });
    expect(
      await run({ type: 'assert_count', target: { locator: `locator('.tag')` }, count: 3 }),
    ).toMatchObject({ ok: true, assertion: { actual: '3' } });
    expect(
      await run({
        type: 'assert_count',
        target: { locator: `getByRole('button', { name: 'Edit' })` },
        count: 2,
        comparison: 'gte',
      }),
    ).toMatchObject({ ok: true });
    expect(
      await run({
        type: 'assert_count',
        target: { locator: `locator('.nothing')` },
        count: 0,
        comparison: 'lte',
      }),
    ).toMatchObject({ ok: true });
  });
});

describe('assertions that fail', () => {
  it('fails with expected versus what the page showed', async () => {
    await open('/login/welcome.html?user=bob');
    const result = await run({
      type: 'assert_text_visible',
      text: 'Order confirmed',
      timeoutMs: 300,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'ASSERTION_FAILED' } });
    expect(result.assertion).toMatchObject({
      type: 'assert_text_visible',
      expected: 'text "Order confirmed" visible',
      passed: false,
    });
    expect(result.assertion?.actual).toContain('Welcome, bob!');
    expect(result.error?.message).toContain('expected text "Order confirmed" visible');
  });

  it('fails when text that should be gone is visible', async () => {
    await open('/widgets/');
    const result = await run({ type: 'assert_text_not_visible', text: 'Alpha', timeoutMs: 200 });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'ASSERTION_FAILED' },
      assertion: { actual: 'visible in 1 element' },
    });
  });

  it('fails on a different URL, state, value or count', async () => {
    await open('/widgets/');
    const timeoutMs = 200;
    expect(
      await run({ type: 'assert_url', url: bed.server.url('/checkout/'), timeoutMs }),
    ).toMatchObject({
      ok: false,
      assertion: { actual: bed.server.url('/widgets/') },
    });
    expect(
      await run({
        type: 'assert_element',
        target: { locator: `getByRole('button', { name: 'Continue' })` },
        state: 'enabled',
        timeoutMs,
      }),
    ).toMatchObject({
      ok: false,
      assertion: {
        expected: `getByRole('button', { name: 'Continue' }) enabled`,
        actual: 'disabled',
      },
    });
    expect(
      await run({
        type: 'assert_element',
        target: { locator: `locator('#nope')` },
        state: 'visible',
        timeoutMs,
      }),
    ).toMatchObject({
      ok: false,
      assertion: { actual: 'absent' },
    });
    expect(
      await run({
        type: 'assert_value',
        target: { locator: `getByLabel('Nickname')` },
        value: 'Ace of spades',
        timeoutMs,
      }),
    ).toMatchObject({
      ok: false,
      assertion: { actual: '"Ace"' },
    });
    expect(
      await run({
        type: 'assert_count',
        target: { locator: `locator('.tag')` },
        count: 5,
        timeoutMs,
      }),
    ).toMatchObject({
      ok: false,
      assertion: { expected: `5 elements matching locator('.tag')`, actual: '3' },
    });
  });

  it('reports an ambiguous element instead of asserting on one of them', async () => {
    await open('/widgets/');
    const result = await run({
      type: 'assert_element',
      target: { locator: `getByRole('button', { name: 'Edit' })` },
      state: 'visible',
      timeoutMs: 200,
    });
    expect(result.error?.code).toBe('ELEMENT_AMBIGUOUS');
  });
});
