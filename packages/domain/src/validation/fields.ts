// Field schemas shared by the operations' inputs: ids, names, colours, URLs, host patterns, secret names.
import { z } from 'zod';

export const idSchema = z.string().min(1).max(64);

export const nameSchema = z.string().trim().min(1).max(200);

export const longTextSchema = z.string().max(100_000);

/** `#rrggbb`; stored lower case. */
export const colorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, { message: 'colour must be #rrggbb, e.g. #1e90ff' })
  .transform((value) => value.toLowerCase());

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** An absolute http(s) URL. */
export const httpUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine(isHttpUrl, { message: 'must be an absolute http:// or https:// URL' });

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

function isUrlRoute(value: string): boolean {
  if (/\s/.test(value) || [...value].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f'))
    return false;
  if (SCHEME.test(value)) return isHttpUrl(value);
  // "//host/path" would leave the project's host.
  if (value.startsWith('//') || value.startsWith('\\\\')) return false;
  try {
    new URL(value, 'http://base.invalid/');
    return true;
  } catch {
    return false;
  }
}

/** A path relative to the project's base URL (`/login`, `cart?x=1`) or an absolute http(s) URL. */
export const urlRouteSchema = z.string().trim().max(2048).refine(isUrlRoute, {
  message: 'must be a relative path such as /login or an absolute http(s) URL',
});

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_PATTERN = new RegExp(`^(?:\\*\\.)?${LABEL}(?:\\.${LABEL})*(?::\\d{1,5})?$`);

function isHostPattern(value: string): boolean {
  if (!HOST_PATTERN.test(value)) return false;
  // A wildcard must keep at least two labels ("*.example.com", not "*.com").
  if (value.startsWith('*.')) return value.slice(2).split(':')[0]?.includes('.') ?? false;
  return true;
}

/** `example.com`, `*.example.com` or `localhost:3000`; stored lower case. */
export const hostPatternSchema = z.string().trim().toLowerCase().max(253).refine(isHostPattern, {
  message: 'must be a host name such as example.com or a wildcard such as *.example.com',
});

export const allowedDomainsSchema = z
  .array(hostPatternSchema)
  .max(100)
  .transform((hosts) => [...new Set(hosts)]);

/** Secret names as the `<secret>name</secret>` placeholder accepts them. */
export const secretNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, {
  message: 'secret names use 1-128 letters, digits, "_", "." or "-"',
});

export const secretValueSchema = z.string().min(1).max(10_000);

/** The `updated_at` the caller last saw (If-Match); the write is refused if the row changed since. */
export const expectedUpdatedAtSchema = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((value) => (value instanceof Date ? value : new Date(value)))
  .optional();

export const memberRoleSchema = z.enum(['admin', 'member', 'guest']);
