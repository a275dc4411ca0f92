// Page-level actions: navigate, go back, switch tab and wait for a text, an element or a URL.
import type { Frame, Locator, Page } from 'playwright-core';
import { redactSecrets, substituteSecrets } from '../secrets/secret-text.ts';
import { ActionError } from './action-errors.ts';
import type { ActionOf } from './action-schema.ts';
import type { ActionStep } from './action-step.ts';
import { urlMatches } from './url-match.ts';

const ALLOWED_SCHEMES = new Set(['http:', 'https:']);

/** The absolute URL a navigate action opens: relative URLs resolve against the base URL or the current page. */
export function resolveNavigationUrl(
  raw: string,
  baseUrl: string | undefined,
  currentUrl: string,
): URL {
  const base = baseUrl ?? (/^https?:/.test(currentUrl) ? currentUrl : undefined);
  try {
    return base === undefined ? new URL(raw) : new URL(raw, base);
  } catch (error) {
    throw new ActionError(
      'INVALID_ACTION',
      `"${raw}" is not a URL${base ? '' : ' (and there is no base URL for a relative one)'}`,
      {
        cause: error,
      },
    );
  }
}

export async function performNavigate(
  step: ActionStep,
  action: ActionOf<'navigate'>,
): Promise<void> {
  const url = resolveNavigationUrl(
    substituteSecrets(action.url, step.secrets),
    step.settings.baseUrl,
    step.page.url(),
  );
  if (!ALLOWED_SCHEMES.has(url.protocol)) {
    throw new ActionError(
      'NAVIGATION_BLOCKED',
      `only http and https URLs can be opened, not ${url.protocol}`,
    );
  }
  const refusal = step.settings.navigationPolicy?.(url);
  if (refusal) throw new ActionError('NAVIGATION_BLOCKED', redactSecrets(refusal, step.secrets));
  const response = await step.page.goto(url.href, {
    waitUntil: 'domcontentloaded',
    ...step.limits(),
  });
  if (response && response.status() >= 400)
    step.record.info =
      `the server answered HTTP ${response.status()} ${response.statusText()}`.trim();
}

export async function performGoBack(step: ActionStep): Promise<void> {
  const before = step.page.url();
  const response = await step.page.goBack({ waitUntil: 'domcontentloaded', ...step.limits() });
  // null means no history entry, or a same-document navigation (which did change the URL).
  if (response === null && step.page.url() === before) {
    throw new ActionError('NAVIGATION_FAILED', 'there is no previous page in this tab');
  }
}

export async function performSwitchTab(
  step: ActionStep,
  action: ActionOf<'switch_tab'>,
): Promise<void> {
  const page = await step.session.switchTab(
    action.index ?? { urlContains: action.urlContains ?? '' },
  );
  step.record.info = `switched to tab ${step.session.pages().indexOf(page)}`;
  await page.waitForLoadState('domcontentloaded', step.limits());
}

/** Visible elements showing the text, in every frame of the page (or inside one element). */
export async function countVisibleText(
  scope: Page | Locator,
  text: string,
  exact: boolean,
): Promise<number> {
  const scopes: (Frame | Locator)[] = 'frames' in scope ? scope.frames() : [scope];
  const counts = await Promise.all(
    scopes.map((s) =>
      s
        .getByText(text, { exact })
        .filter({ visible: true })
        .count()
        .catch(() => 0),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

export async function performWaitFor(
  step: ActionStep,
  action: ActionOf<'wait_for'>,
): Promise<void> {
  const { until } = action;
  switch (until.kind) {
    case 'text': {
      const wanted = substituteSecrets(until.text, step.secrets);
      const result = await step.poll(async () => {
        const count = await countVisibleText(step.page, wanted, until.exact);
        return { passed: until.gone ? count === 0 : count > 0, count };
      });
      step.record.assertion = {
        type: 'wait_for',
        expected: `text "${until.text}" ${until.gone ? 'gone' : 'visible'}`,
        actual: result.count === 0 ? 'not visible' : `visible (${result.count} elements)`,
        passed: result.passed,
      };
      if (!result.passed)
        throw new ActionError(
          'TIMEOUT',
          `the text "${until.text}" did not ${until.gone ? 'disappear' : 'appear'} in time`,
        );
      return;
    }
    case 'element': {
      const element = await step.resolve(until.target);
      await element.waitFor({ state: until.state, ...step.limits() });
      if (until.state === 'visible' || until.state === 'attached')
        await step.describeElement(element);
      return;
    }
    case 'url': {
      const expected = substituteSecrets(until.url, step.secrets);
      const result = await step.poll(async () => ({
        passed: urlMatches(step.page.url(), expected, until.match),
      }));
      step.record.assertion = {
        type: 'wait_for',
        expected: `URL ${until.match} ${until.url}`,
        actual: redactSecrets(step.page.url(), step.secrets),
        passed: result.passed,
      };
      if (!result.passed)
        throw new ActionError(
          'TIMEOUT',
          `the URL did not match ${until.url} (${until.match}) in time`,
        );
      return;
    }
  }
}
