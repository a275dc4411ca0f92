// Allowed-host patterns (`example.com`, `*.example.com`, optional `:port`) and the URL checks built on them.
import { domainToASCII } from 'node:url';

/** One parsed allowed_domains entry. */
export interface HostPattern {
  /** Lower-case ASCII (punycode) host without trailing dot; the suffix for wildcards; IPv6 in brackets. */
  host: string;
  /** `*.host`: any subdomain of host (not host itself). */
  wildcard: boolean;
  /** Only this port when set; any port otherwise. */
  port: number | undefined;
  /** The entry as written. */
  source: string;
}

export class InvalidHostPatternError extends Error {
  readonly code = 'INVALID_HOST_PATTERN';
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`invalid allowed domain ${JSON.stringify(pattern)}: ${reason}`);
    this.name = 'InvalidHostPatternError';
  }
}

const NETWORK_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);
const DEFAULT_PORTS: Record<string, number> = {
  'http:': 80,
  'ws:': 80,
  'https:': 443,
  'wss:': 443,
};
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function isIpLiteral(host: string): boolean {
  return IPV4.test(host) || host.startsWith('[');
}

/** Normalises a host the way Chromium sees it: lower case, punycode, canonical IP, no trailing dot. */
export function normalizeHost(host: string): string {
  let out = host.trim().toLowerCase();
  while (out.endsWith('.')) out = out.slice(0, -1);
  try {
    // The WHATWG URL parser canonicalises IPv4 forms (2130706433, 0x7f.1) and converts IDN to punycode.
    out = new URL(`http://${out}/`).hostname;
  } catch {
    out = domainToASCII(out);
  }
  while (out.endsWith('.')) out = out.slice(0, -1);
  return out;
}

/** Parses one allowed_domains entry; a scheme prefix and a trailing slash are tolerated. */
export function parseHostPattern(entry: string): HostPattern {
  const source = entry;
  let text = entry.trim();
  if (text === '') throw new InvalidHostPatternError(source, 'it is empty');
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
  if (scheme) text = text.slice(scheme[0].length);
  if (text.endsWith('/')) text = text.slice(0, -1);
  if (/[/?#@\s\\]/.test(text))
    throw new InvalidHostPatternError(
      source,
      'give a host, optionally with :port (no path, query or user)',
    );
  let wildcard = false;
  if (text.startsWith('*.')) {
    wildcard = true;
    text = text.slice(2);
  }
  if (text.includes('*'))
    throw new InvalidHostPatternError(
      source,
      'a wildcard may only start the pattern, as in *.example.com',
    );
  let port: number | undefined;
  const portMatch = /^(.*?):(\d+)$/.exec(text);
  if (portMatch && !(text.startsWith('[') && !text.includes(']:'))) {
    text = portMatch[1] ?? '';
    port = Number(portMatch[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new InvalidHostPatternError(source, 'the port must be between 1 and 65535');
  }
  const host = normalizeHost(text);
  if (host === '' || !/^(\[[0-9a-f:.]+\]|[a-z0-9-_.]+)$/.test(host))
    throw new InvalidHostPatternError(source, 'the host is not a valid domain name or IP address');
  if (wildcard && (isIpLiteral(host) || !host.includes('.')))
    throw new InvalidHostPatternError(
      source,
      'a wildcard needs a domain with at least two labels (*.example.com), never an IP or a bare TLD',
    );
  return { host, wildcard, port, source };
}

/** A compiled allowlist; the only way URLs are judged. */
export interface HostAllowlist {
  readonly patterns: readonly HostPattern[];
  /** Whether a host (normalised or not) on a port is allowed. */
  allowsHost(host: string, port: number): boolean;
  /** Whether an http(s)/ws(s) URL may be fetched. Other schemes are not network hosts: false. */
  allowsUrl(url: string | URL): boolean;
}

export function compileHostAllowlist(entries: readonly string[]): HostAllowlist {
  const patterns = entries.map(parseHostPattern);
  const allowsHost = (rawHost: string, port: number): boolean => {
    const host = normalizeHost(rawHost);
    return patterns.some((p) => {
      if (p.port !== undefined && p.port !== port) return false;
      if (!p.wildcard) return host === p.host;
      return !isIpLiteral(host) && host.endsWith(`.${p.host}`);
    });
  };
  return {
    patterns,
    allowsHost,
    allowsUrl(url) {
      let parsed: URL;
      try {
        parsed = typeof url === 'string' ? new URL(url) : url;
      } catch {
        return false;
      }
      if (!NETWORK_SCHEMES.has(parsed.protocol)) return false;
      return allowsHost(parsed.hostname, effectivePort(parsed));
    },
  };
}

export function effectivePort(url: URL): number {
  return url.port !== '' ? Number(url.port) : (DEFAULT_PORTS[url.protocol] ?? 0);
}

/**
 * The allowlist of a test: the project's own host (with its explicit port, if the URL has one) first,
 * then the test case's allowed_domains.
 */
export function buildAllowedHosts(projectUrl: string, allowedDomains: readonly string[]): string[] {
  const url = new URL(projectUrl);
  const own = url.port !== '' ? `${url.hostname}:${url.port}` : url.hostname;
  return [own, ...allowedDomains.filter((d) => d.trim() !== '')];
}

/** A URL safe to report or log: scheme, host, port and path only (no user, password, query or fragment). */
export function trimUrlForReport(url: string): string {
  try {
    const parsed = new URL(url);
    if (!NETWORK_SCHEMES.has(parsed.protocol) && parsed.protocol !== 'file:')
      return `${parsed.protocol}…`;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return url.replace(/[?#].*$/s, '').slice(0, 200);
  }
}

export type NavigationRefusal = 'INVALID_URL' | 'SCHEME_NOT_ALLOWED' | 'HOST_NOT_ALLOWED';

export type NavigationCheck =
  | { allowed: true; url: string }
  | { allowed: false; code: NavigationRefusal; reason: string; url: string };

/**
 * What the navigate action calls before going anywhere: only http(s) URLs on allowed hosts (and
 * about:blank). file:, data:, javascript:, chrome:, ftp:, blob: and the like are refused.
 */
export function checkNavigationUrl(
  url: string,
  allowedHosts: readonly string[] | HostAllowlist,
): NavigationCheck {
  const allowlist = 'allowsUrl' in allowedHosts ? allowedHosts : compileHostAllowlist(allowedHosts);
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return {
      allowed: false,
      code: 'INVALID_URL',
      reason: 'not an absolute URL',
      url: trimUrlForReport(url),
    };
  }
  if (parsed.href === 'about:blank') return { allowed: true, url: parsed.href };
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return {
      allowed: false,
      code: 'SCHEME_NOT_ALLOWED',
      reason: `only http and https pages may be opened, not ${parsed.protocol}`,
      url: trimUrlForReport(parsed.href),
    };
  }
  if (!allowlist.allowsUrl(parsed)) {
    return {
      allowed: false,
      code: 'HOST_NOT_ALLOWED',
      reason: `${parsed.host} is not the project's host or one of the test's allowed domains`,
      url: trimUrlForReport(parsed.href),
    };
  }
  return { allowed: true, url: parsed.href };
}
