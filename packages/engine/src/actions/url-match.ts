// URL comparison for assert_url and wait_for: exact, contains, glob (Playwright style) or regular expression.
import type { UrlMatchMode } from './action-schema.ts';
import { ActionError } from './action-errors.ts';

const MAX_PATTERN = 2_000;

/**
 * A glob as Playwright's URL globs read it: `**` any characters, `*` any characters but `/`, `{a,b}` either,
 * a backslash escapes the next character, everything else (including `?`) is literal. Anchored at both ends.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '^';
  let inGroup = false;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '\\' && i + 1 < glob.length) {
      source += (glob[++i] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (ch === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else source += '[^/]*';
    } else if (ch === '{' && !inGroup) {
      inGroup = true;
      source += '(?:';
    } else if (ch === '}' && inGroup) {
      inGroup = false;
      source += ')';
    } else if (ch === ',' && inGroup) {
      source += '|';
    } else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  if (inGroup) throw new ActionError('INVALID_ACTION', `unclosed "{" in URL pattern ${glob}`);
  return new RegExp(`${source}$`);
}

/** Whether `actual` matches `expected` under the mode; bad patterns throw INVALID_ACTION. */
export function urlMatches(actual: string, expected: string, mode: UrlMatchMode): boolean {
  if (expected.length > MAX_PATTERN)
    throw new ActionError('INVALID_ACTION', 'URL pattern too long');
  switch (mode) {
    case 'exact':
      return actual === expected || normalizeUrl(actual) === normalizeUrl(expected);
    case 'contains':
      return actual.includes(expected);
    case 'glob':
      return globToRegExp(expected).test(actual);
    case 'regex': {
      let pattern: RegExp;
      try {
        pattern = new RegExp(expected);
      } catch (error) {
        throw new ActionError(
          'INVALID_ACTION',
          `invalid regular expression for the URL: ${expected}`,
          { cause: error },
        );
      }
      return pattern.test(actual);
    }
  }
}

/** http://host/path and http://host/path/ style differences that are not real differences. */
function normalizeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}
