// Turns parsed calls of a locator string into typed steps, validating every argument and option.
import {
  TEXT_METHODS,
  type FilterOptions,
  type GetByRoleOptions,
  type LocatorChain,
  type LocatorStep,
  type RegexLiteral,
  type TextMethod,
  type TextValue,
} from './locator-ast.ts';

/** Raw selector engines accepted in `engine=body` strings; the rest of Playwright's engines are refused. */
const RAW_ENGINES = new Set([
  'css',
  'xpath',
  'text',
  'role',
  'id',
  'data-testid',
  'data-test-id',
  'data-test',
  'nth',
  'visible',
]);

const RAW_ENGINE_PREFIX = /^([A-Za-z_][\w:-]*)=/;

/** A literal argument as the parser read it. */
export type ParsedValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'regex'; value: RegexLiteral }
  | { kind: 'object'; value: Map<string, ParsedValue> }
  | { kind: 'locator'; value: LocatorChain };

function textValue(
  value: ParsedValue | undefined,
  what: string,
  fail: (m: string) => never,
): TextValue {
  if (value?.kind === 'string') return value.value;
  if (value?.kind === 'regex') return value.value;
  return fail(`${what} must be a string or a regular expression`);
}

function stringValue(
  value: ParsedValue | undefined,
  what: string,
  fail: (m: string) => never,
): string {
  if (value?.kind === 'string') return value.value;
  return fail(`${what} must be a string`);
}

function booleanOption(value: ParsedValue, key: string, fail: (m: string) => never): boolean {
  if (value.kind !== 'boolean') fail(`option "${key}" must be true or false`);
  return value.value;
}

function options(
  value: ParsedValue | undefined,
  fail: (m: string) => never,
): Map<string, ParsedValue> {
  if (value === undefined) return new Map();
  if (value.kind !== 'object') fail('expected an options object');
  return value.value;
}

function filterOptions(value: ParsedValue | undefined, fail: (m: string) => never): FilterOptions {
  const filter: FilterOptions = {};
  for (const [key, item] of options(value, fail)) {
    if (key === 'hasText' || key === 'hasNotText') filter[key] = textValue(item, key, fail);
    else if (key === 'has' || key === 'hasNot') {
      if (item.kind !== 'locator') fail(`option "${key}" must be a locator`);
      filter[key] = item.value;
    } else if (key === 'visible') filter.visible = booleanOption(item, key, fail);
    else fail(`unknown filter option "${key}"`);
  }
  return filter;
}

const ROLE_BOOLEAN_OPTIONS = [
  'exact',
  'checked',
  'disabled',
  'expanded',
  'includeHidden',
  'pressed',
  'selected',
] as const;

function roleOptions(value: ParsedValue | undefined, fail: (m: string) => never): GetByRoleOptions {
  const result: GetByRoleOptions = {};
  for (const [key, item] of options(value, fail)) {
    if (key === 'name') result.name = textValue(item, 'name', fail);
    else if (key === 'level') {
      if (item.kind !== 'number' || !Number.isInteger(item.value) || item.value < 1)
        fail('option "level" must be a positive integer');
      result.level = item.value;
    } else if ((ROLE_BOOLEAN_OPTIONS as readonly string[]).includes(key)) {
      result[key as (typeof ROLE_BOOLEAN_OPTIONS)[number]] = booleanOption(item, key, fail);
    } else fail(`unknown getByRole option "${key}"`);
  }
  return result;
}

function arity(
  args: ParsedValue[],
  min: number,
  max: number,
  name: string,
  fail: (m: string) => never,
): void {
  if (args.length < min || args.length > max)
    fail(`${name}() takes ${min === max ? min : `${min} to ${max}`} argument(s)`);
}

export function toStep(name: string, args: ParsedValue[], fail: (m: string) => never): LocatorStep {
  switch (name) {
    case 'getByRole': {
      arity(args, 1, 2, name, fail);
      const role = stringValue(args[0], 'the role', fail);
      if (!/^[a-z]+$/.test(role)) fail(`"${role}" is not an ARIA role`);
      return { method: 'getByRole', role, options: roleOptions(args[1], fail) };
    }
    case 'getByTestId':
      arity(args, 1, 1, name, fail);
      return { method: 'getByTestId', testId: textValue(args[0], 'the test id', fail) };
    case 'locator': {
      arity(args, 1, 2, name, fail);
      const selector = stringValue(args[0], 'the selector', fail);
      checkRawSelector(selector, fail);
      return { method: 'locator', selector, filter: filterOptions(args[1], fail) };
    }
    case 'frameLocator': {
      arity(args, 1, 1, name, fail);
      const selector = stringValue(args[0], 'the frame selector', fail);
      checkRawSelector(selector, fail);
      return { method: 'frameLocator', selector };
    }
    case 'contentFrame':
    case 'first':
    case 'last':
      arity(args, 0, 0, name, fail);
      return { method: name };
    case 'nth': {
      arity(args, 1, 1, name, fail);
      const index = args[0];
      if (index?.kind !== 'number' || !Number.isInteger(index.value))
        fail('nth() takes an integer');
      return { method: 'nth', index: index.value };
    }
    case 'filter':
      arity(args, 0, 1, name, fail);
      return { method: 'filter', filter: filterOptions(args[0], fail) };
    case 'and':
    case 'or': {
      arity(args, 1, 1, name, fail);
      const other = args[0];
      if (other?.kind !== 'locator') fail(`${name}() takes a locator`);
      return { method: name, other: other.value };
    }
    default: {
      if ((TEXT_METHODS as readonly string[]).includes(name)) {
        arity(args, 1, 2, name, fail);
        const step: LocatorStep = {
          method: name as TextMethod,
          text: textValue(args[0], 'the text', fail),
        };
        for (const [key, item] of options(args[1], fail)) {
          if (key !== 'exact') fail(`unknown ${name} option "${key}"`);
          step.exact = booleanOption(item, key, fail);
        }
        return step;
      }
      return fail(`unsupported locator method "${name}"`);
    }
  }
}

export function checkRawSelector(selector: string, fail: (m: string) => never): void {
  if (selector.trim() === '') fail('empty selector');
  // Every `engine=` part of a `>>` chain must be one of the allowed engines.
  for (const part of selector.split('>>')) {
    const engine = RAW_ENGINE_PREFIX.exec(part.trim())?.[1];
    if (engine !== undefined && !RAW_ENGINES.has(engine) && !engine.startsWith('internal:'))
      fail(`selector engine "${engine}" is not allowed`);
  }
}

/**
 * Parses a locator written in Playwright's test syntax (`getByRole('button', { name: 'Pay' }).nth(1)`,
 * optionally prefixed with `page.`) or a raw selector string (`css=…`, `xpath=…`, `text=…`, `role=…`,
 * `//xpath`, plain CSS). Throws LocatorSyntaxError (code LOCATOR_INVALID) on anything else; never evaluates code.
 */
