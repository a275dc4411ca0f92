// Turns a parsed locator into a live Playwright Locator on a page or frame.
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import {
  fillKnownSecrets,
  fillKnownSecretsInRegex,
  type SecretValues,
} from '../secrets/secret-text.ts';
import {
  isRegexLiteral,
  type FilterOptions,
  type LocatorChain,
  type LocatorStep,
  type RegexLiteral,
  type TextValue,
} from './locator-ast.ts';
import { LocatorSyntaxError, parseLocator } from './parse-locator.ts';

type Scope = Page | Frame | Locator | FrameLocator;
type Current =
  | { kind: 'root'; value: Page | Frame }
  | { kind: 'locator'; value: Locator }
  | { kind: 'frame'; value: FrameLocator };

function toMatcher(value: TextValue): string | RegExp {
  return isRegexLiteral(value) ? new RegExp(value.regex, value.flags) : value;
}

function filterOptions(
  root: Page | Frame,
  filter: FilterOptions,
): Parameters<Locator['filter']>[0] {
  return {
    ...(filter.hasText !== undefined && { hasText: toMatcher(filter.hasText) }),
    ...(filter.hasNotText !== undefined && { hasNotText: toMatcher(filter.hasNotText) }),
    ...(filter.has !== undefined && { has: buildLocator(root, filter.has) }),
    ...(filter.hasNot !== undefined && { hasNot: buildLocator(root, filter.hasNot) }),
    ...(filter.visible !== undefined && { visible: filter.visible }),
  };
}

function scopeOf(current: Current): Scope {
  return current.value;
}

function unsupported(step: LocatorStep, on: string): never {
  throw new LocatorSyntaxError(`${step.method}() cannot be called on ${on}`, 0);
}

function applyStep(root: Page | Frame, current: Current, step: LocatorStep): Current {
  const scope = scopeOf(current);
  switch (step.method) {
    case 'getByRole': {
      const { name, ...rest } = step.options;
      return {
        kind: 'locator',
        value: scope.getByRole(step.role as Parameters<Page['getByRole']>[0], {
          ...rest,
          ...(name !== undefined && { name: toMatcher(name) }),
        }),
      };
    }
    case 'getByText':
    case 'getByLabel':
    case 'getByPlaceholder':
    case 'getByAltText':
    case 'getByTitle':
      return {
        kind: 'locator',
        value: scope[step.method](
          toMatcher(step.text),
          step.exact === undefined ? undefined : { exact: step.exact },
        ),
      };
    case 'getByTestId':
      return { kind: 'locator', value: scope.getByTestId(toMatcher(step.testId)) };
    case 'selector':
      return { kind: 'locator', value: scope.locator(step.selector) };
    case 'locator':
      return {
        kind: 'locator',
        value: scope.locator(step.selector, filterOptions(root, step.filter)),
      };
    case 'frameLocator':
      return { kind: 'frame', value: scope.frameLocator(step.selector) };
    case 'contentFrame':
      if (current.kind !== 'locator') unsupported(step, 'a page or frame');
      return { kind: 'frame', value: current.value.contentFrame() };
    case 'first':
    case 'last':
      if (current.kind === 'root') unsupported(step, 'a page');
      return current.kind === 'locator'
        ? { kind: 'locator', value: current.value[step.method]() }
        : { kind: 'frame', value: current.value[step.method]() };
    case 'nth':
      if (current.kind === 'root') unsupported(step, 'a page');
      return current.kind === 'locator'
        ? { kind: 'locator', value: current.value.nth(step.index) }
        : { kind: 'frame', value: current.value.nth(step.index) };
    case 'filter':
      if (current.kind !== 'locator') unsupported(step, 'a page or frame');
      return { kind: 'locator', value: current.value.filter(filterOptions(root, step.filter)) };
    case 'and':
    case 'or':
      if (current.kind !== 'locator') unsupported(step, 'a page or frame');
      return { kind: 'locator', value: current.value[step.method](buildLocator(root, step.other)) };
  }
}

/** The chain with every known secret's placeholder replaced by its value (escaped inside regular expressions). */
function withSecretValues<T>(value: T, secrets: SecretValues): T {
  if (typeof value === 'string') return fillKnownSecrets(value, secrets) as T;
  if (Array.isArray(value))
    return value.map((item: unknown) => withSecretValues(item, secrets)) as T;
  if (value === null || typeof value !== 'object') return value;
  if ('regex' in value && 'flags' in value && typeof value.regex === 'string') {
    const literal = value as unknown as RegexLiteral;
    return { ...literal, regex: fillKnownSecretsInRegex(literal.regex, secrets) } as T;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = withSecretValues(item, secrets);
  return out as T;
}

/**
 * A Locator for a parsed chain (or a locator string) under a page or frame. With `secrets`, placeholders in the
 * locator (a recorded element whose name or attribute held a secret value is recorded with its placeholder)
 * are filled with the values here, at execution, and nowhere else.
 */
export function buildLocator(
  root: Page | Frame,
  chain: LocatorChain | string,
  secrets?: SecretValues,
): Locator {
  let parsed = typeof chain === 'string' ? parseLocator(chain) : chain;
  if (secrets !== undefined && secrets.size > 0) parsed = withSecretValues(parsed, secrets);
  let current: Current = { kind: 'root', value: root };
  for (const step of parsed.steps) current = applyStep(root, current, step);
  if (current.kind !== 'locator')
    throw new LocatorSyntaxError('the locator ends at a frame, not an element', 0);
  return current.value;
}
