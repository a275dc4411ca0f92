import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeAction, type ActionContext } from './execute-action.ts';
import type { ActionInput } from './action-schema.ts';
import { refsOf, useActionTestBed } from './action-test-bed.ts';

const bed = useActionTestBed();
let uploadDir: string;

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), 'retrace-uploads-'));
  await writeFile(path.join(uploadDir, 'report.txt'), 'quarterly numbers\n');
  await writeFile(path.join(uploadDir, 'avatar.txt'), 'a');
});
afterAll(async () => {
  await rm(uploadDir, { recursive: true, force: true });
});

async function run(action: ActionInput, context: ActionContext = {}) {
  const result = await executeAction(bed.session, action, { uploadDir, ...context });
  return result;
}

async function go(path: string): Promise<void> {
  const result = await run({ type: 'navigate', url: bed.server.url(path) });
  expect(result.error).toBeNull();
}

describe('executeAction: navigation', () => {
  it('navigates, waits for the page to settle and reports both URLs', async () => {
    const result = await run({ type: 'navigate', url: bed.server.url('/slow/?delay=400') });
    expect(result).toMatchObject({
      ok: true,
      type: 'navigate',
      error: null,
      urlBefore: 'about:blank',
      urlAfter: bed.server.url('/slow/?delay=400'),
      settled: true,
    });
    expect(await bed.session.page.locator('#content').textContent()).toBe(
      'Report ready: 3 new sign-ups',
    );
    expect(result.recordedAction).toEqual({
      type: 'navigate',
      url: bed.server.url('/slow/?delay=400'),
    });
  });

  it('resolves a relative URL against the base URL and reports HTTP errors as info', async () => {
    const result = await run(
      { type: 'navigate', url: '/status?code=404' },
      { baseUrl: bed.server.origin },
    );
    expect(result).toMatchObject({
      ok: true,
      urlAfter: bed.server.url('/status?code=404'),
      info: 'the server answered HTTP 404 Not Found',
    });
  });

  it('goes back, and refuses when there is no previous page', async () => {
    await go('/login/');
    await go('/todo/');
    expect(await run({ type: 'go_back' })).toMatchObject({
      ok: true,
      urlAfter: bed.server.url('/login/'),
    });
    await bed.session.page.close();
    const fresh = await bed.session.context.newPage();
    await bed.session.switchTab(fresh);
    expect(await run({ type: 'go_back' })).toMatchObject({
      ok: false,
      error: { code: 'NAVIGATION_FAILED' },
    });
  });
});

describe('executeAction: element actions', () => {
  it('clicks by locator and records the element before the click changed it', async () => {
    await go('/todo/');
    const result = await run({
      type: 'click',
      target: { locator: `getByRole('button', { name: 'Delete "Buy milk"' })` },
    });
    expect(result).toMatchObject({ ok: true, foundBy: 'locator', score: null });
    expect(result.fingerprint).toMatchObject({
      tag: 'button',
      accessibleName: 'Delete "Buy milk"',
      text: 'Delete',
    });
    expect(result.boundingBox).toEqual(result.fingerprint?.boundingBox);
    expect(await bed.session.page.getByText('Buy milk').count()).toBe(0);
    expect(result.recordedAction).toEqual({
      type: 'click',
      target: { locator: `getByRole('button', { name: 'Delete "Buy milk"' })` },
      button: 'left',
      clickCount: 1,
    });
  });

  it('clicks by ref and records the recorded locator instead of the ref', async () => {
    await go('/todo/');
    const refs = refsOf({
      e3: bed.session.page.getByRole('checkbox', { name: 'Mark "Walk the dog" as done' }),
    });
    const result = await run({ type: 'click', target: { ref: 'e3' } }, { refs });
    expect(result).toMatchObject({ ok: true, foundBy: 'ref' });
    expect(await bed.session.page.getByText('1 item left').isVisible()).toBe(true);
    expect(result.recordedAction).toMatchObject({
      type: 'click',
      target: { locator: result.fingerprint?.locator },
    });
    expect(result.fingerprint?.locator).toBe(
      `getByRole('checkbox', { name: 'Mark "Walk the dog" as done' })`,
    );
  });

  it('types text, replacing or appending, and presses Enter', async () => {
    await go('/todo/');
    const target = { locator: `getByRole('textbox', { name: 'New todo' })` };
    expect(await run({ type: 'input_text', target, text: 'Pay ' })).toMatchObject({
      ok: true,
      info: 'typed 4 characters',
    });
    expect(
      await run({ type: 'input_text', target, text: 'rent', clear: false, pressEnter: true }),
    ).toMatchObject({ ok: true });
    expect(await bed.session.page.locator('#todos li span').allTextContents()).toEqual([
      'Buy milk',
      'Walk the dog',
      'Pay rent',
    ]);
  });

  it.each([true, false])('refuses to type into a file input (clear: %s)', async (clear) => {
    await go('/upload/');
    const result = await run({
      type: 'input_text',
      target: { locator: `getByLabel('Attachment')` },
      text: 'x',
      clear,
    });
    expect(result.error).toMatchObject({
      code: 'INVALID_ACTION',
      message: expect.stringContaining('upload_file'),
    });
  });

  it('selects a native option by label and by value, and lists the options when none matches', async () => {
    await go('/select/');
    const target = { locator: `getByLabel('Country')` };
    expect(await run({ type: 'select_option', target, option: 'Germany' })).toMatchObject({
      ok: true,
      info: 'selected "Germany" (value de)',
    });
    expect(await bed.session.page.locator('#country-output').textContent()).toBe('Germany (de)');
    expect(await run({ type: 'select_option', target, option: 'fr', by: 'value' })).toMatchObject({
      ok: true,
    });
    expect(await bed.session.page.locator('#country-output').textContent()).toBe('France (fr)');
    const missing = await run({ type: 'select_option', target, option: 'Atlantis' });
    expect(missing.error).toMatchObject({
      code: 'OPTION_NOT_FOUND',
      message: expect.stringContaining('"United States", "Germany"'),
    });
  });

  it('selects in a custom dropdown by label and by value', async () => {
    await go('/select/');
    const target = { locator: `getByRole('combobox', { name: 'Favourite fruit' })` };
    expect(await run({ type: 'select_option', target, option: 'Cherry' })).toMatchObject({
      ok: true,
      info: 'selected "Cherry" in the dropdown',
    });
    expect(await bed.session.page.locator('#fruit-output').textContent()).toBe('Cherry (cherry)');
    expect(
      await run({ type: 'select_option', target, option: 'dragonfruit', by: 'value' }),
    ).toMatchObject({ ok: true });
    expect(await bed.session.page.locator('#fruit-output').textContent()).toBe(
      'Dragon fruit (dragonfruit)',
    );
    const missing = await run(
      { type: 'select_option', target, option: 'Durian' },
      { timeoutMs: 2_000 },
    );
    expect(missing.error).toMatchObject({
      code: 'OPTION_NOT_FOUND',
      message: expect.stringContaining('"Apple", "Banana"'),
    });
  });

  it('presses keys on an element and on the page', async () => {
    await go('/widgets/');
    await run({
      type: 'input_text',
      target: { locator: `getByPlaceholder('Search the docs')` },
      text: 'retrace',
    });
    expect(
      await run({
        type: 'press_keys',
        keys: 'Enter',
        target: { locator: `getByPlaceholder('Search the docs')` },
      }),
    ).toMatchObject({ ok: true });
    expect(await bed.session.page.locator('#search-result').textContent()).toBe(
      'Results for "retrace"',
    );
    expect(await run({ type: 'press_keys', keys: 'Control+k' })).toMatchObject({ ok: true });
    expect(await bed.session.page.locator('#last-key').textContent()).toBe('Last key: Control+k');
    expect((await run({ type: 'press_keys', keys: 'NoSuchKey' })).error).toMatchObject({
      code: 'INVALID_ACTION',
    });
  });

  it('hovers to reveal a menu', async () => {
    await go('/widgets/');
    expect(await bed.session.page.getByRole('menuitem', { name: 'Settings' }).isVisible()).toBe(
      false,
    );
    expect(
      await run({ type: 'hover', target: { locator: `getByRole('button', { name: 'Account' })` } }),
    ).toMatchObject({ ok: true });
    expect(await bed.session.page.getByRole('menuitem', { name: 'Settings' }).isVisible()).toBe(
      true,
    );
  });

  it('scrolls the page by a page and to the edge, and inside a scrollable element', async () => {
    await go('/widgets/');
    const page = await run({ type: 'scroll', direction: 'down' });
    expect(page.info).toMatch(/^scrolled the page down from 0 to 648 of \d+ px$/);
    const edge = await run({ type: 'scroll', direction: 'down', amount: 'edge' });
    expect(await bed.session.page.getByText('Bottom of the page').isVisible()).toBe(true);
    expect(edge.ok).toBe(true);
    expect((await run({ type: 'scroll', direction: 'down' })).info).toMatch(
      /cannot scroll further down/,
    );
    const inner = await run({
      type: 'scroll',
      direction: 'down',
      amount: 100,
      target: { locator: `locator('#log')` },
    });
    expect(inner.info).toMatch(/^scrolled the element down from 0 to 100 of \d+ px$/);
    expect(await bed.session.page.locator('#log').evaluate((e) => e.scrollTop)).toBe(100);
  });

  it('uploads files from the upload directory, through a file input and through a file chooser', async () => {
    await go('/upload/');
    const direct = await run({
      type: 'upload_file',
      target: { locator: `getByLabel('Attachment')` },
      files: ['report.txt'],
    });
    expect(direct).toMatchObject({ ok: true, info: 'attached report.txt' });
    const chooser = await run({
      type: 'upload_file',
      target: { locator: `getByRole('button', { name: 'Choose avatar' })` },
      files: ['avatar.txt'],
    });
    expect(chooser).toMatchObject({ ok: true });
    expect(await bed.session.page.locator('#avatar-name').textContent()).toBe('avatar.txt');
    await run({
      type: 'click',
      target: { locator: `getByRole('button', { name: 'Upload', exact: true })` },
    });
    expect(await bed.session.page.locator('#uploaded li').allTextContents()).toEqual([
      'Uploaded report.txt (18 bytes)',
      'Uploaded avatar.txt (1 bytes)',
    ]);
  });

  it('refuses uploads from outside the upload directory', async () => {
    await go('/upload/');
    const target = { locator: `getByLabel('Attachment')` };
    for (const file of ['../etc/passwd', '/etc/passwd', 'sub/../../x']) {
      expect((await run({ type: 'upload_file', target, files: [file] })).error?.code, file).toBe(
        'UPLOAD_NOT_ALLOWED',
      );
    }
    expect((await run({ type: 'upload_file', target, files: ['missing.txt'] })).error?.code).toBe(
      'UPLOAD_FILE_NOT_FOUND',
    );
    expect(
      (
        await run(
          { type: 'upload_file', target, files: ['report.txt'] },
          { uploadDir: undefined as unknown as string },
        )
      ).error?.code,
    ).toBe('UPLOAD_NOT_ALLOWED');
  });
});

describe('executeAction: frames, shadow roots and tabs', () => {
  it('acts inside an iframe and records the frame', async () => {
    await go('/iframe/');
    const frame = `locator('iframe[name="payment"]').contentFrame()`;
    expect(
      await run({
        type: 'input_text',
        target: { locator: `${frame}.getByLabel('Coupon code')` },
        text: 'SAVE10',
      }),
    ).toMatchObject({ ok: true });
    const click = await run({
      type: 'click',
      target: { locator: `${frame}.getByRole('button', { name: 'Apply coupon' })` },
    });
    expect(click.fingerprint?.frame).toMatchObject({
      name: 'payment',
      framePath: ['iframe[name="payment"]'],
    });
    expect(
      await run({ type: 'assert_text_visible', text: 'Coupon applied: 10% off' }),
    ).toMatchObject({ ok: true });
  });

  it('acts inside open shadow roots', async () => {
    await go('/shadow/');
    await run({
      type: 'input_text',
      target: { locator: `getByLabel('Display name')` },
      text: 'Grace Hopper',
    });
    const star = await run({
      type: 'click',
      target: { locator: `getByRole('button', { name: '3 stars' })` },
    });
    expect(star.fingerprint?.frame.shadowPath).toEqual(['#card', 'div > star-rating']);
    await run({
      type: 'click',
      target: { locator: `getByRole('button', { name: 'Save profile' })` },
    });
    expect(await bed.session.page.locator('#saved').textContent()).toBe('Grace Hopper (3 stars)');
  });

  it('follows a tab the action opened and reports it; switch_tab goes back', async () => {
    await go('/tabs/');
    const result = await run({
      type: 'click',
      target: { locator: `getByRole('link', { name: 'Open the user guide' })` },
    });
    expect(result).toMatchObject({
      ok: true,
      newTabs: [{ index: 1, url: bed.server.url('/tabs/second.html') }],
      urlAfter: bed.server.url('/tabs/second.html'),
    });
    expect(await bed.session.page.title()).toBe('User guide');
    await run({
      type: 'click',
      target: { locator: `getByRole('button', { name: 'I have read it' })` },
    });
    expect(await run({ type: 'assert_text_visible', text: 'Thanks for reading' })).toMatchObject({
      ok: true,
    });
    expect(await run({ type: 'switch_tab', index: 0 })).toMatchObject({
      ok: true,
      info: 'switched to tab 0',
      urlAfter: bed.server.url('/tabs/'),
    });
    expect(await run({ type: 'switch_tab', urlContains: 'second' })).toMatchObject({
      ok: true,
      urlAfter: bed.server.url('/tabs/second.html'),
    });
    expect((await run({ type: 'switch_tab', index: 7 })).error?.code).toBe('TAB_NOT_FOUND');
  });

  it('follows a window.open popup too, unless told not to', async () => {
    await go('/tabs/');
    const stay = await run(
      {
        type: 'click',
        target: { locator: `getByRole('button', { name: 'Open report in a popup' })` },
      },
      { followNewTabs: false },
    );
    expect(stay.newTabs).toHaveLength(1);
    expect(stay.urlAfter).toBe(bed.server.url('/tabs/'));
    expect(bed.session.pages()).toHaveLength(2);
  });
});

describe('executeAction: dialogs', () => {
  it('accepts a native confirm like a user clicking OK, and reports its text', async () => {
    await go('/modal/');
    const result = await run({
      type: 'click',
      target: { locator: `getByRole('button', { name: 'Archive all' })` },
    });
    expect(result).toMatchObject({
      ok: true,
      dialogs: [{ type: 'confirm', message: 'Archive all projects?' }],
    });
    expect(await bed.session.page.locator('#message').textContent()).toBe('Archived all projects');
  });

  it('uses the in-page modal dialog like any other element', async () => {
    await go('/modal/');
    await run({
      type: 'click',
      target: { locator: `getByRole('row', { name: 'Mobile app' }).getByRole('button')` },
    });
    expect(
      await run({
        type: 'assert_element',
        target: { locator: `getByRole('dialog', { name: 'Delete project?' })` },
        state: 'visible',
      }),
    ).toMatchObject({ ok: true });
    await run({
      type: 'click',
      target: { locator: `getByRole('button', { name: 'Delete project' })` },
    });
    expect(await run({ type: 'assert_text_visible', text: 'Deleted Mobile app' })).toMatchObject({
      ok: true,
      dialogs: [],
    });
    expect(
      await run({ type: 'assert_count', target: { locator: `getByRole('row')` }, count: 1 }),
    ).toMatchObject({ ok: true });
  });
});

describe('executeAction: waiting and done', () => {
  it('waits for a text, an element and a URL', async () => {
    await bed.session.page.goto(bed.server.url('/slow/?delay=1500'), { waitUntil: 'commit' });
    expect(
      await run({ type: 'wait_for', until: { kind: 'text', text: 'Report ready' } }),
    ).toMatchObject({ ok: true, assertion: { passed: true } });
    expect(
      await run({ type: 'wait_for', until: { kind: 'text', text: 'Loading report', gone: true } }),
    ).toMatchObject({ ok: true });
    const element = await run({
      type: 'wait_for',
      until: { kind: 'element', target: { locator: `getByRole('button', { name: 'Load more' })` } },
    });
    expect(element).toMatchObject({ ok: true, fingerprint: { text: 'Load more' } });
    await bed.session.page.evaluate(() =>
      setTimeout(() => history.pushState({}, '', '/slow/done'), 300),
    );
    expect(
      await run({ type: 'wait_for', until: { kind: 'url', url: '**/done', match: 'glob' } }),
    ).toMatchObject({ ok: true });
  });

  it('times out a wait with TIMEOUT and says what it waited for', async () => {
    await go('/widgets/');
    const result = await run({
      type: 'wait_for',
      until: { kind: 'text', text: 'Never shown' },
      timeoutMs: 300,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'TIMEOUT', message: 'the text "Never shown" did not appear in time' },
    });
    expect(result.assertion).toMatchObject({ passed: false, actual: 'not visible' });
  });

  it('reports done with its outcome without touching the page', async () => {
    await go('/widgets/');
    const result = await run({ type: 'done', success: true, outcome: 'The terms were accepted' });
    expect(result).toMatchObject({
      ok: true,
      done: { success: true, outcome: 'The terms were accepted' },
      settled: null,
      fingerprint: null,
    });
  });
});
