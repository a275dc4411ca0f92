// Writes a parsed locator back in Playwright's test syntax, the canonical form stored in recordings.
import {
  isRegexLiteral,
  type FilterOptions,
  type GetByRoleOptions,
  type LocatorChain,
  type LocatorStep,
  type TextValue,
} from './locator-ast.ts';

/** A JavaScript single-quoted string literal for any text. */
export function quoteString(text: string): string {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x2028 || code === 0x2029 || code === 0x7f)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

function formatText(value: TextValue): string {
  return isRegexLiteral(value) ? `/${value.regex}/${value.flags}` : quoteString(value);
}

function formatOptions(entries: [string, string][]): string {
  return entries.length === 0 ? '' : `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}

function roleOptionEntries(options: GetByRoleOptions): [string, string][] {
  const entries: [string, string][] = [];
  // Playwright's own order: name first, then exact, then the state filters.
  if (options.name !== undefined) entries.push(['name', formatText(options.name)]);
  for (const key of [
    'exact',
    'checked',
    'disabled',
    'expanded',
    'includeHidden',
    'level',
    'pressed',
    'selected',
  ] as const) {
    const value = options[key];
    if (value !== undefined) entries.push([key, String(value)]);
  }
  return entries;
}

function filterEntries(filter: FilterOptions): [string, string][] {
  const entries: [string, string][] = [];
  if (filter.hasText !== undefined) entries.push(['hasText', formatText(filter.hasText)]);
  if (filter.hasNotText !== undefined) entries.push(['hasNotText', formatText(filter.hasNotText)]);
  if (filter.has !== undefined) entries.push(['has', formatLocator(filter.has)]);
  if (filter.hasNot !== undefined) entries.push(['hasNot', formatLocator(filter.hasNot)]);
  if (filter.visible !== undefined) entries.push(['visible', String(filter.visible)]);
  return entries;
}

function call(name: string, ...args: string[]): string {
  return `${name}(${args.filter((a) => a !== '').join(', ')})`;
}

function formatStep(step: LocatorStep): string {
  switch (step.method) {
    case 'getByRole':
      return call(
        'getByRole',
        quoteString(step.role),
        formatOptions(roleOptionEntries(step.options)),
      );
    case 'getByTestId':
      return call('getByTestId', formatText(step.testId));
    case 'locator':
      return call('locator', quoteString(step.selector), formatOptions(filterEntries(step.filter)));
    case 'frameLocator':
      return call('frameLocator', quoteString(step.selector));
    case 'contentFrame':
    case 'first':
    case 'last':
      return call(step.method);
    case 'nth':
      return call('nth', String(step.index));
    case 'filter':
      return call('filter', formatOptions(filterEntries(step.filter)));
    case 'and':
    case 'or':
      return call(step.method, formatLocator(step.other));
    case 'selector':
      return call('locator', quoteString(step.selector));
    default:
      return call(
        step.method,
        formatText(step.text),
        step.exact === undefined ? '' : formatOptions([['exact', String(step.exact)]]),
      );
  }
}

/** The chain in Playwright's test syntax, e.g. getByRole('button', { name: 'Pay' }).first(). */
export function formatLocator(chain: LocatorChain): string {
  return chain.steps.map(formatStep).join('.');
}
