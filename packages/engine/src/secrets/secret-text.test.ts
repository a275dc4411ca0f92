import { describe, expect, it } from 'vitest';
import {
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

  it('redacts inside nested objects and arrays', () => {
    const redacted = redactSecretsDeep(
      { a: ['hunter2-canary'], b: { c: 'pw hunter2-canary' } },
      secrets,
    );
    expect(JSON.stringify(redacted)).not.toContain('hunter2-canary');
  });
});
