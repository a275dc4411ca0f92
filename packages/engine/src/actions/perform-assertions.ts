// Assertions: retried until they hold or their time runs out; failures carry expected versus (redacted) actual.
import type { Locator } from 'playwright-core';
import { pageFunction } from '../browser/page-function.ts';
import { redactSecrets, substituteSecrets } from '../secrets/secret-text.ts';
import { ActionError } from './action-errors.ts';
import type { ActionOf, ElementState } from './action-schema.ts';
import type { ActionStep, AssertionDetail } from './action-step.ts';
import { countVisibleText } from './perform-navigation.ts';
import { urlMatches } from './url-match.ts';

const ACTUAL_TEXT_MAX = 500;
const DESCRIBE_TIMEOUT_MS = 2_000;

function conclude(step: ActionStep, detail: AssertionDetail): void {
  const actual = detail.actual === null ? null : redactSecrets(detail.actual, step.secrets);
  step.record.assertion = { ...detail, actual };
  if (!detail.passed) {
    throw new ActionError(
      'ASSERTION_FAILED',
      `expected ${detail.expected}, but ${actual === null ? 'there was nothing to compare' : `got ${actual}`}`,
    );
  }
}

/** Fingerprints an asserted element when exactly one is there (absence is a finding, not an error). */
async function describeIfPresent(step: ActionStep, locator: Locator): Promise<void> {
  if ((await locator.count().catch(() => 0)) !== 1) return;
  await step.describeElement(locator, DESCRIBE_TIMEOUT_MS).catch(() => undefined);
}

async function visibleTextExcerpt(step: ActionStep, scope: Locator | null): Promise<string> {
  const text = await (scope ?? step.page.locator('body'))
    .innerText({ timeout: DESCRIBE_TIMEOUT_MS })
    .catch(() => '');
  const normalized = text.replace(/\s+/g, ' ').trim();
  return normalized.length > ACTUAL_TEXT_MAX
    ? `the page showed "${normalized.slice(0, ACTUAL_TEXT_MAX)}…"`
    : `the page showed "${normalized}"`;
}

export async function performAssertText(
  step: ActionStep,
  action: ActionOf<'assert_text_visible' | 'assert_text_not_visible'>,
): Promise<void> {
  const wanted = substituteSecrets(action.text, step.secrets);
  const scope = action.target ? await step.resolve(action.target) : null;
  const shouldShow = action.type === 'assert_text_visible';
  const result = await step.poll(async () => {
    const count = await countVisibleText(scope ?? step.page, wanted, action.exact);
    return { passed: shouldShow ? count > 0 : count === 0, count };
  });
  if (scope) await describeIfPresent(step, scope);
  conclude(step, {
    type: action.type,
    expected: `text "${action.text}" ${shouldShow ? '' : 'not '}visible${scope ? ` in ${step.record.targetLabel}` : ''}`,
    actual: result.passed
      ? shouldShow
        ? 'visible'
        : 'not visible'
      : shouldShow
        ? await visibleTextExcerpt(step, scope)
        : `visible in ${result.count} element${result.count === 1 ? '' : 's'}`,
    passed: result.passed,
  });
}

export async function performAssertUrl(
  step: ActionStep,
  action: ActionOf<'assert_url'>,
): Promise<void> {
  const expected = substituteSecrets(action.url, step.secrets);
  const result = await step.poll(async () => ({
    passed: urlMatches(step.page.url(), expected, action.match),
  }));
  conclude(step, {
    type: 'assert_url',
    expected: `URL ${action.match} ${action.url}`,
    actual: step.page.url(),
    passed: result.passed,
  });
}

async function stateOf(
  locator: Locator,
  state: ElementState,
): Promise<{ passed: boolean; actual: string }> {
  const count = await locator.count();
  if (count > 1)
    throw new ActionError(
      'ELEMENT_AMBIGUOUS',
      `the element matches ${count} elements; it must match exactly one`,
    );
  if (count === 0) return { passed: state === 'hidden', actual: 'absent' };
  switch (state) {
    case 'visible':
    case 'hidden': {
      const visible = await locator.isVisible();
      return { passed: visible === (state === 'visible'), actual: visible ? 'visible' : 'hidden' };
    }
    case 'enabled':
    case 'disabled': {
      const enabled = await locator.isEnabled({ timeout: DESCRIBE_TIMEOUT_MS });
      return {
        passed: enabled === (state === 'enabled'),
        actual: enabled ? 'enabled' : 'disabled',
      };
    }
    case 'checked':
    case 'unchecked': {
      const checked = await locator.isChecked({ timeout: DESCRIBE_TIMEOUT_MS });
      return {
        passed: checked === (state === 'checked'),
        actual: checked ? 'checked' : 'unchecked',
      };
    }
  }
}

export async function performAssertElement(
  step: ActionStep,
  action: ActionOf<'assert_element'>,
): Promise<void> {
  const locator = await step.resolve(action.target);
  const result = await step.poll(() => stateOf(locator, action.state));
  await describeIfPresent(step, locator);
  conclude(step, {
    type: 'assert_element',
    expected: `${step.record.targetLabel} ${action.state}`,
    actual: result.actual,
    passed: result.passed,
  });
}

const IS_PASSWORD = pageFunction(
  (element: Element) => element instanceof HTMLInputElement && element.type === 'password',
);

export async function performAssertValue(
  step: ActionStep,
  action: ActionOf<'assert_value'>,
): Promise<void> {
  const locator = await step.resolve(action.target);
  const expected = substituteSecrets(action.value, step.secrets);
  let password = false;
  const result = await step.poll(async () => {
    const count = await locator.count();
    if (count > 1)
      throw new ActionError(
        'ELEMENT_AMBIGUOUS',
        `${step.record.targetLabel} matches ${count} elements; it must match exactly one`,
      );
    if (count === 0) return { passed: false, actual: null as string | null };
    password = await locator.evaluate(IS_PASSWORD, undefined, { timeout: DESCRIBE_TIMEOUT_MS });
    const value = await locator.inputValue({ timeout: DESCRIBE_TIMEOUT_MS });
    return {
      passed: action.match === 'exact' ? value === expected : value.includes(expected),
      actual: value as string | null,
    };
  });
  await describeIfPresent(step, locator);
  conclude(step, {
    type: 'assert_value',
    expected: `value ${action.match === 'exact' ? '' : 'containing '}"${action.value}"`,
    // A password field's value is never reported, whether it matched or not.
    actual:
      result.actual === null
        ? 'no such element'
        : password
          ? '[password field: value not shown]'
          : `"${result.actual}"`,
    passed: result.passed,
  });
}

export async function performAssertCount(
  step: ActionStep,
  action: ActionOf<'assert_count'>,
): Promise<void> {
  const locator = await step.resolve(action.target);
  const compare = (n: number): boolean =>
    action.comparison === 'eq'
      ? n === action.count
      : action.comparison === 'gte'
        ? n >= action.count
        : n <= action.count;
  const result = await step.poll(async () => {
    const count = await locator.count();
    return { passed: compare(count), count };
  });
  const symbol = { eq: '', gte: 'at least ', lte: 'at most ' }[action.comparison];
  conclude(step, {
    type: 'assert_count',
    expected: `${symbol}${action.count} element${action.count === 1 ? '' : 's'} matching ${step.record.targetLabel}`,
    actual: `${result.count}`,
    passed: result.passed,
  });
}
