// Field rules: URL routes, host patterns, colours, secret names.
import { describe, expect, it } from 'vitest';
import {
  allowedDomainsSchema,
  colorSchema,
  hostPatternSchema,
  httpUrlSchema,
  secretNameSchema,
  urlRouteSchema,
} from './fields.ts';

describe('field schemas', () => {
  it.each([
    '/',
    '/login',
    'cart?x=1',
    '#/hash-route',
    'https://app.test/a',
    'http://localhost:3000/',
  ])('accepts the url route %j', (route) =>
    expect(urlRouteSchema.safeParse(route).success).toBe(true),
  );

  it.each([
    'javascript:alert(1)',
    'data:text/html,x',
    '//evil.test',
    '\\\\evil',
    'ftp://x.test',
    'a b',
    'mailto:x@y.z',
  ])('refuses the url route %j', (route) =>
    expect(urlRouteSchema.safeParse(route).success).toBe(false),
  );

  it.each([
    'example.com',
    '*.example.com',
    'localhost',
    'localhost:8080',
    '127.0.0.1',
    'xn--bcher-kva.example',
  ])('accepts the host pattern %j', (host) =>
    expect(hostPatternSchema.safeParse(host).success).toBe(true),
  );

  it.each(['*', '*.com', 'a..b', '-a.com', 'http://a.com', 'a.com/path', 'a_b.com', ''])(
    'refuses the host pattern %j',
    (host) => expect(hostPatternSchema.safeParse(host).success).toBe(false),
  );

  it('normalises and de-duplicates allowed domains', () => {
    expect(allowedDomainsSchema.parse(['A.com', ' a.com ', '*.B.com'])).toEqual([
      'a.com',
      '*.b.com',
    ]);
  });

  it('lower-cases colours and refuses anything but #rrggbb', () => {
    expect(colorSchema.parse('#AABBCC')).toBe('#aabbcc');
    for (const bad of ['#abc', 'aabbcc', '#aabbccdd', 'blue'])
      expect(colorSchema.safeParse(bad).success).toBe(false);
  });

  it('accepts secret names the placeholder syntax accepts', () => {
    expect(secretNameSchema.safeParse('DB_PASSWORD.v2-x').success).toBe(true);
    for (const bad of ['', 'has space', 'a/b', 'x'.repeat(129)])
      expect(secretNameSchema.safeParse(bad).success).toBe(false);
  });

  it('accepts only absolute http(s) base URLs', () => {
    expect(httpUrlSchema.safeParse('https://app.test').success).toBe(true);
    expect(httpUrlSchema.safeParse('app.test').success).toBe(false);
    expect(httpUrlSchema.safeParse('file:///x').success).toBe(false);
  });
});
