import { describe, expect, it } from 'vitest';
import type { ActionInput } from './action-schema.ts';
import { ActionError } from './action-errors.ts';
import { executeAction, type ActionContext } from './execute-action.ts';
import { useActionTestBed } from './action-test-bed.ts';

const bed = useActionTestBed();

async function run(action: ActionInput, context: ActionContext = {}) {
  return executeAction(bed.session, action, context);
}

async function open(path: string): Promise<void> {
  expect((await run({ type: 'navigate', url: bed.server.url(path) })).ok).toBe(true);
}

describe('action failures have stable codes', () => {
  it('ELEMENT_NOT_FOUND for a locator that matches nothing, or an unknown ref', async () => {
    await open('/login/');
    const result = await run(
      { type: 'click', target: { locator: `getByRole('button', { name: 'Register' })` } },
      { timeoutMs: 500 },
    );
    expect(result.error).toEqual({
      code: 'ELEMENT_NOT_FOUND',
      message: `no element matches getByRole('button', { name: 'Register' })`,
    });
    expect(result.ok).toBe(false);
    const ref = await run(
      { type: 'click', target: { ref: 'e99' } },
      { refs: { locatorFor: () => undefined } },
    );
    expect(ref.error).toMatchObject({
      code: 'ELEMENT_NOT_FOUND',
      message: expect.stringContaining('e99'),
    });
  });

  it('ELEMENT_AMBIGUOUS when a locator matches several elements', async () => {
    await open('/widgets/');
    const result = await run({
      type: 'click',
      target: { locator: `getByRole('button', { name: 'Edit' })` },
    });
    expect(result.error).toMatchObject({
      code: 'ELEMENT_AMBIGUOUS',
      message: expect.stringContaining('matches 2 elements'),
    });
    expect(await bed.session.page.locator('#editing').textContent()).toBe('');
  });

  it('ELEMENT_NOT_ACTIONABLE when a disabled button or a covered element never becomes clickable', async () => {
    await open('/widgets/');
    const disabled = await run(
      { type: 'click', target: { locator: `getByRole('button', { name: 'Continue' })` } },
      { timeoutMs: 800 },
    );
    expect(disabled.error).toMatchObject({
      code: 'ELEMENT_NOT_ACTIONABLE',
      message: expect.stringContaining('not enabled'),
    });
    await open('/modal/');
    await run({
      type: 'click',
      target: { locator: `getByRole('row', { name: 'Mobile app' }).getByRole('button')` },
    });
    const covered = await run(
      {
        type: 'click',
        target: { locator: `getByRole('row', { name: 'Website redesign' }).getByRole('button')` },
      },
      { timeoutMs: 800 },
    );
    expect(covered.error).toMatchObject({
      code: 'ELEMENT_NOT_ACTIONABLE',
      message: expect.stringContaining('intercepts pointer events'),
    });
  });

  it('LOCATOR_INVALID and INVALID_ACTION before touching the page', async () => {
    await open('/login/');
    expect(
      (await run({ type: 'click', target: { locator: `getByRole(alert(1))` } })).error?.code,
    ).toBe('LOCATOR_INVALID');
    const invalid = await run({ type: 'click' } as unknown as ActionInput);
    expect(invalid).toMatchObject({
      ok: false,
      type: 'click',
      recordedAction: null,
      error: { code: 'INVALID_ACTION' },
    });
    expect(await run({ type: 'teleport' } as unknown as ActionInput)).toMatchObject({
      type: null,
      error: { code: 'INVALID_ACTION' },
    });
  });

  it('NAVIGATION_BLOCKED for other schemes and for the navigation policy, NAVIGATION_FAILED when unreachable', async () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<h1>x</h1>',
      'chrome://settings',
    ]) {
      expect((await run({ type: 'navigate', url })).error?.code, url).toBe('NAVIGATION_BLOCKED');
    }
    const policy = (url: URL): string | null =>
      url.hostname === '127.0.0.1' ? null : `${url.hostname} is not an allowed domain`;
    expect(
      (await run({ type: 'navigate', url: 'http://example.test/' }, { navigationPolicy: policy }))
        .error,
    ).toEqual({
      code: 'NAVIGATION_BLOCKED',
      message: 'example.test is not an allowed domain',
    });
    expect((await run({ type: 'navigate', url: 'http://127.0.0.1:9/' })).error?.code).toBe(
      'NAVIGATION_FAILED',
    );
  });

  it('reports a navigation the network layer blocked', async () => {
    await bed.session.context.route('**/blocked/**', (route) => route.abort('blockedbyclient'));
    expect(
      (await run({ type: 'navigate', url: bed.server.url('/blocked/page') })).error?.code,
    ).toBe('NAVIGATION_BLOCKED');
  });

  it('UNKNOWN_SECRET names the missing secret and types nothing', async () => {
    await open('/login/');
    const result = await run({
      type: 'input_text',
      target: { locator: `getByLabel('Password')` },
      text: '<secret>db_password</secret>',
    });
    expect(result.error).toMatchObject({
      code: 'UNKNOWN_SECRET',
      message: expect.stringContaining('db_password'),
    });
    expect(await bed.session.page.getByLabel('Password').inputValue()).toBe('');
  });

  it('CANCELLED when the signal fires mid-action, without waiting for the timeout', async () => {
    await open('/widgets/');
    const controller = new AbortController();
    const running = run(
      { type: 'click', target: { locator: `getByRole('button', { name: 'Continue' })` } },
      { timeoutMs: 60_000, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 200);
    const result = await running;
    expect(result.error?.code).toBe('CANCELLED');
    expect(result.durationMs).toBeLessThan(60_000);
    expect(
      (await run({ type: 'navigate', url: bed.server.url('/') }, { signal: AbortSignal.abort() }))
        .error?.code,
    ).toBe('CANCELLED');
  });

  it('SESSION_CLOSED when the session goes away during the action', async () => {
    await open('/widgets/');
    const running = run(
      { type: 'click', target: { locator: `getByRole('button', { name: 'Continue' })` } },
      { timeoutMs: 60_000 },
    );
    setTimeout(() => void bed.session.close(), 200);
    expect((await running).error?.code).toBe('SESSION_CLOSED');
  });

  it('takes the element from a custom resolver and reports how it was found', async () => {
    await open('/widgets/');
    const result = await run(
      { type: 'click', target: { locator: `getByRole('button', { name: 'Edit' })` } },
      {
        resolveTarget: async (_target, page) => ({
          locator: page.locator('#team tr').nth(1).getByRole('button'),
          foundBy: 'similarity',
          score: 0.92,
          detail: 'margin 0.31 over the runner-up',
        }),
      },
    );
    expect(result).toMatchObject({
      ok: true,
      foundBy: 'similarity',
      score: 0.92,
      resolveDetail: 'margin 0.31 over the runner-up',
    });
    expect(await bed.session.page.locator('#editing').textContent()).toBe('Editing Grace');
    const refused = await run(
      { type: 'click', target: { locator: `getByRole('button', { name: 'Edit' })` } },
      {
        resolveTarget: async () => {
          throw new ActionError('ELEMENT_AMBIGUOUS', 'two candidates score 0.81 and 0.80');
        },
      },
    );
    expect(refused.error).toEqual({
      code: 'ELEMENT_AMBIGUOUS',
      message: 'two candidates score 0.81 and 0.80',
    });
  });

  it('skips the fingerprint when asked, still reporting the box', async () => {
    await open('/login/');
    const result = await run(
      { type: 'click', target: { locator: `getByLabel('Username')` } },
      { captureFingerprint: false },
    );
    expect(result.fingerprint).toBeNull();
    expect(result.boundingBox).toMatchObject({
      width: expect.any(Number),
      height: expect.any(Number),
    });
    expect(result.recordedAction).toMatchObject({ target: { locator: `getByLabel('Username')` } });
  });
});
