// Compares link targets by what they point at (path, query, hash route), not by host or tracking noise.

import { diceSimilarity, levenshteinSimilarity } from './text-similarity.ts';

export interface PreparedHref {
  readonly raw: string;
  /** Host without "www.", lower case; "" for relative or opaque URLs. */
  readonly host: string;
  /** Last two labels of the host: "craigslist.org" for "sfbay.craigslist.org". */
  readonly domain: string;
  /** Path (and hash route) segments, lower case, page extensions stripped. */
  readonly path: string;
  readonly pathSegments: ReadonlySet<string>;
  /** "key=value" pairs of the query, tracking parameters removed. */
  readonly query: ReadonlySet<string>;
}

/** Parameters that say where a click came from, not where it goes. */
const TRACKING_PARAMETER =
  /^(?:utm_.*|ref|ref_|refid|ref_src|trk|trkinfo|promoid|mv|lnk|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|cmp|icid|intcmp|sr|from_page|from_action)$/i;
const PAGE_EXTENSION = /\.(?:html?|shtml|php|aspx?|jsp)$/i;
const RELATIVE_BASE = 'http://relative.invalid/';

/** Hrefs that navigate nowhere ("#", "javascript:void(0)") say nothing about the element: treated as absent. */
function isPlaceholderHref(href: string): boolean {
  return href === '' || href === '#' || /^javascript:/i.test(href);
}

function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.toLowerCase().replace(PAGE_EXTENSION, ''));
}

export function prepareHref(href: string | null): PreparedHref | null {
  if (href === null) return null;
  const raw = href.trim();
  if (isPlaceholderHref(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, RELATIVE_BASE);
  } catch {
    const segments = segmentsOf(raw);
    return {
      raw,
      host: '',
      domain: '',
      path: segments.join('/'),
      pathSegments: new Set(segments),
      query: new Set(),
    };
  }
  const isHttp = url.protocol === 'http:' || url.protocol === 'https:';
  const host = isHttp && url.host !== 'relative.invalid' ? url.hostname.replace(/^www\./, '') : '';
  const segments = isHttp ? segmentsOf(url.pathname) : [url.protocol, ...segmentsOf(url.pathname)];
  // A hash that looks like a route ("#/settings", "#!/cart", "#categoriesMenu") is part of where the link goes.
  const hash = url.hash.replace(/^#!?\/?/, '');
  if (hash !== '') segments.push(...segmentsOf(hash).map((s) => `#${s}`));
  const query = new Set<string>();
  for (const [key, value] of url.searchParams) {
    if (!TRACKING_PARAMETER.test(key)) query.add(`${key.toLowerCase()}=${value}`);
  }
  return {
    raw,
    host,
    domain: host.split('.').slice(-2).join('.'),
    path: segments.join('/'),
    pathSegments: new Set(segments),
    query,
  };
}

function pathSimilarity(a: PreparedHref, b: PreparedHref): number {
  if (a.path === b.path) return 1;
  if (a.path === '' || b.path === '') return 0;
  return Math.max(
    diceSimilarity(a.pathSegments, b.pathSegments),
    levenshteinSimilarity(a.path, b.path),
  );
}

function querySimilarity(a: PreparedHref, b: PreparedHref): number {
  if (a.query.size === 0 && b.query.size === 0) return 1;
  return diceSimilarity(a.query, b.query);
}

/** A changed host (http→https, www→secure.) moves the link, not its meaning; a different site does. */
function hostFactor(a: PreparedHref, b: PreparedHref): number {
  if (a.host === b.host) return 1;
  if (a.host === '' || b.host === '') return 0.9;
  if (a.domain === b.domain) return 0.9;
  return 0.6;
}

/** Similarity of two link targets in 0..1: mostly the path, then the query, scaled down for another site. */
export function hrefSimilarity(a: PreparedHref, b: PreparedHref): number {
  if (a.raw === b.raw) return 1;
  return hostFactor(a, b) * (0.8 * pathSimilarity(a, b) + 0.2 * querySimilarity(a, b));
}
