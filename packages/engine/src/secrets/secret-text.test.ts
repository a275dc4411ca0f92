import { describe, expect, it } from 'vitest';
import {
  fillKnownSecrets,
  isOwnTimestamp,
  redactSecrets,
  redactSecretsDeep,
  secretNamesIn,
  substituteSecrets,
  UnknownSecretError,
} from './secret-text.ts';

const secrets = new Map([
  ['password', 'hunter2-canary'],
  ['user', 'alice@example.com'],
]);

describe('secret text', () => {
  it('substitutes placeholders only with known secrets', () => {
    expect(substituteSecrets('<secret>user</secret> / <secret>password</secret>', secrets)).toBe(
      'alice@example.com / hunter2-canary',
    );
    expect(() => substituteSecrets('<secret>missing</secret>', secrets)).toThrow(
      UnknownSecretError,
    );
  });

  it('an unknown-secret error names the secret but carries no value', () => {
    try {
      substituteSecrets('<secret>missing</secret> hunter2-canary', secrets);
    } catch (error) {
      expect(String(error)).toContain('missing');
      expect(String(error)).not.toContain('hunter2-canary');
    }
  });

  it('lists the secret names a text uses, once each', () => {
    expect(secretNamesIn('<secret>a</secret><secret>b</secret><secret>a</secret>')).toEqual([
      'a',
      'b',
    ]);
  });

  it('redacts every exact occurrence, longest value first', () => {
    const nested = new Map([
      ['short', 'abc'],
      ['long', 'xxabcxx'],
    ]);
    expect(redactSecrets('xxabcxx and abc', nested)).toBe(
      '<secret>long</secret> and <secret>short</secret>',
    );
  });

  it('redacts once: placeholders already there stay whole, whatever the values', () => {
    // A password "secret" occurs in every placeholder's markup; a secret may be named like its value.
    const awkward = new Map([
      ['pw', 'secret'],
      ['password', 'password'],
      ['pin', '4'],
    ]);
    const once = redactSecrets('secret password 1432', awkward);
    expect(once).toBe('<secret>pw</secret> <secret>password</secret> 1<secret>pin</secret>32');
    expect(redactSecrets(once, awkward)).toBe(once);
    expect(redactSecretsDeep({ a: [once] }, awkward)).toEqual({ a: [once] });
    // Text that only looks like a placeholder (no secret of that name) is redacted like any other.
    const pw = '<secret>pw</secret>';
    expect(redactSecrets('<secret>other</secret> <secret>secret</secret>', awkward)).toBe(
      `<${pw}>other</${pw}> <${pw}>${pw}</${pw}>`,
    );
  });

  it('keeps the times Retrace stamps itself, even when a short secret occurs among their digits', () => {
    const pin = new Map([['pin', '737']]);
    const step = {
      startedAt: '2026-11-25T14:07:37.737Z',
      finishedAt: '2026-11-25T14:07:37.9Z',
      error: 'typed 737 at 2026-11-25T14:07:37.737Z',
      at: '737',
      postedAt: 'order 737',
    };
    expect(redactSecretsDeep(step, pin)).toEqual({
      startedAt: '2026-11-25T14:07:37.737Z',
      finishedAt: '2026-11-25T14:07:37.9Z',
      error: 'typed <secret>pin</secret> at 2026-11-25T14:07:37.<secret>pin</secret>Z',
      at: '<secret>pin</secret>',
      postedAt: 'order <secret>pin</secret>',
    });
    expect(isOwnTimestamp('startedAt', '2026-11-25T14:07:37+01:00')).toBe(true);
    expect(isOwnTimestamp('started', '2026-11-25T14:07:37Z')).toBe(false);
    expect(isOwnTimestamp('startedAt', '2026-11-25 737')).toBe(false);
  });

  it('fills the placeholders of known secrets for locating, and leaves others', () => {
    expect(
      fillKnownSecrets("getByText('<secret>user</secret>') <secret>nope</secret>", secrets),
    ).toBe("getByText('alice@example.com') <secret>nope</secret>");
    expect(fillKnownSecrets('<secret>user</secret>', secrets, (v) => v.toUpperCase())).toBe(
      'ALICE@EXAMPLE.COM',
    );
  });

  it('redacts inside nested objects and arrays', () => {
    const redacted = redactSecretsDeep(
      { a: ['hunter2-canary'], b: { c: 'pw hunter2-canary' } },
      secrets,
    );
    expect(JSON.stringify(redacted)).not.toContain('hunter2-canary');
  });
});
