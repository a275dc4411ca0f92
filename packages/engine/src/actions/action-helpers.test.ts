import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import { actionSchema } from './action-schema.ts';
import { resolveNavigationUrl } from './perform-navigation.ts';
import { toRecordedAction } from './recorded-action.ts';
import { redactSecretsEverywhere } from './redact-encoded-secrets.ts';
import { resolveUploadFiles } from './upload-files.ts';
import { globToRegExp, urlMatches } from './url-match.ts';

describe('urlMatches', () => {
  it('matches exactly (ignoring URL spelling differences), by substring, glob and regex', () => {
    expect(urlMatches('http://a.test/x', 'http://a.test/x', 'exact')).toBe(true);
    expect(urlMatches('http://a.test/', 'http://a.test', 'exact')).toBe(true);
    expect(urlMatches('http://a.test/x?y=1', 'http://a.test/x', 'exact')).toBe(false);
    expect(urlMatches('http://a.test/cart', '/cart', 'contains')).toBe(true);
    expect(urlMatches('http://a.test/shop/cart.html', '**/cart.html', 'glob')).toBe(true);
    expect(urlMatches('http://a.test/shop/cart.html', 'http://a.test/*.html', 'glob')).toBe(false);
    expect(urlMatches('http://a.test/shop/cart.html?x=1', '**/cart.{html,htm}?x=1', 'glob')).toBe(
      true,
    );
    expect(urlMatches('http://a.test/order/42', 'order/\\d+$', 'regex')).toBe(true);
  });

  it('treats regex characters in globs literally and refuses broken patterns', () => {
    expect(globToRegExp('http://a.test/a+b(c).html').test('http://a.test/a+b(c).html')).toBe(true);
    expect(globToRegExp('**/x?y').test('http://a/x?y')).toBe(true);
    expect(globToRegExp('**/x?y').test('http://a/xzy')).toBe(false);
    expect(() => urlMatches('x', '(', 'regex')).toThrow(/invalid regular expression/);
    expect(() => urlMatches('x', '{a,b', 'glob')).toThrow(/unclosed/);
  });
});

describe('resolveNavigationUrl', () => {
  it('resolves relative URLs against the base URL, then the current page', () => {
    expect(resolveNavigationUrl('/cart', 'http://shop.test/app/', 'about:blank').href).toBe(
      'http://shop.test/cart',
    );
    expect(resolveNavigationUrl('next.html', undefined, 'http://shop.test/a/b.html').href).toBe(
      'http://shop.test/a/next.html',
    );
    expect(() => resolveNavigationUrl('/cart', undefined, 'about:blank')).toThrow(/no base URL/);
  });
});

describe('resolveUploadFiles', () => {
  let root: string;
  let uploads: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'retrace-upload-unit-'));
    uploads = path.join(root, 'uploads');
    await mkdir(path.join(uploads, 'sub'), { recursive: true });
    await writeFile(path.join(uploads, 'a.txt'), 'a');
    await writeFile(path.join(uploads, 'sub', 'b.txt'), 'b');
    await writeFile(path.join(root, 'outside.txt'), 'secret');
    await symlink(path.join(root, 'outside.txt'), path.join(uploads, 'link.txt'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('returns files inside the directory, including subdirectories', async () => {
    expect(await resolveUploadFiles(uploads, ['a.txt', 'sub/b.txt'])).toEqual([
      path.join(uploads, 'a.txt'),
      path.join(uploads, 'sub', 'b.txt'),
    ]);
  });

  it('refuses escapes, absolute paths and links that lead outside', async () => {
    for (const name of [
      '../outside.txt',
      '/etc/passwd',
      'sub/../../outside.txt',
      'link.txt',
      'C:\\x.txt',
    ]) {
      await expect(resolveUploadFiles(uploads, [name]), name).rejects.toMatchObject({
        code: 'UPLOAD_NOT_ALLOWED',
      });
    }
    await expect(resolveUploadFiles(uploads, ['sub'])).rejects.toMatchObject({
      code: 'UPLOAD_FILE_NOT_FOUND',
    });
    await expect(resolveUploadFiles(undefined, ['a.txt'])).rejects.toMatchObject({
      code: 'UPLOAD_NOT_ALLOWED',
    });
    await expect(resolveUploadFiles(path.join(root, 'nope'), ['a.txt'])).rejects.toMatchObject({
      code: 'UPLOAD_NOT_ALLOWED',
    });
  });
});

describe('toRecordedAction', () => {
  const fingerprint = { locator: "getByRole('button', { name: 'Pay' })" } as ElementFingerprint;
  const secrets = new Map([['pw', 'hunter2-canary']]);

  it('replaces a ref by the recorded locator and keeps locator targets', () => {
    expect(
      toRecordedAction(
        actionSchema.parse({ type: 'click', target: { ref: 'e3' } }),
        fingerprint,
        secrets,
      ),
    ).toMatchObject({
      target: { locator: "getByRole('button', { name: 'Pay' })" },
    });
    expect(
      toRecordedAction(
        actionSchema.parse({ type: 'click', target: { locator: '#pay' } }),
        fingerprint,
        secrets,
      ),
    ).toMatchObject({ target: { locator: '#pay' } });
    expect(
      toRecordedAction(actionSchema.parse({ type: 'click', target: { ref: 'e3' } }), null, secrets),
    ).toMatchObject({ target: { ref: 'e3' } });
    expect(
      toRecordedAction(
        actionSchema.parse({ type: 'wait_for', until: { kind: 'element', target: { ref: 'e3' } } }),
        fingerprint,
        secrets,
      ),
    ).toMatchObject({ until: { target: { locator: "getByRole('button', { name: 'Pay' })" } } });
  });

  it('turns literal secret values back into placeholders', () => {
    const action = actionSchema.parse({
      type: 'input_text',
      target: { ref: 'e1' },
      text: 'hunter2-canary',
    });
    expect(toRecordedAction(action, fingerprint, secrets)).toMatchObject({
      text: '<secret>pw</secret>',
    });
  });
});

describe('redactSecretsEverywhere', () => {
  it('redacts plain, URL-component, form and URI encodings', () => {
    const secrets = new Map([['email', 'a b+c@d.test']]);
    const value = {
      plain: 'x a b+c@d.test',
      component: `?u=${encodeURIComponent('a b+c@d.test')}`,
      form: '?u=a+b%2Bc%40d.test',
      uri: encodeURI('/p/a b+c@d.test'),
      list: ['a b+c@d.test'],
    };
    expect(redactSecretsEverywhere(value, secrets)).toEqual({
      plain: 'x <secret>email</secret>',
      component: '?u=<secret>email</secret>',
      form: '?u=<secret>email</secret>',
      uri: '/p/<secret>email</secret>',
      list: ['<secret>email</secret>'],
    });
  });
});
