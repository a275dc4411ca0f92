import { startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeAction } from '../actions/execute-action.ts';
import { openBrowserSession } from '../browser/browser-session.ts';
import { launchBrowser, type LaunchedBrowser } from '../browser/launch-browser.ts';
import { TEST_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { parseStepsFile } from '../steps/parse-steps-file.ts';
import { recordTraversalFromSteps } from '../steps/record-traversal-from-steps.ts';
import type { RunEvent } from './replay-options.ts';
import { replayTraversal } from './replay-traversal.ts';

// Secrets whose values also occur where nobody typed them: a password "password" is the id, name, type and
// test id of its own field (and so of the locator the step uses); a secret "secret" is in every placeholder's
// markup; a PIN's digit is in every timestamp. Recording and replay must still work, and the values still
// appear nowhere but as placeholders.
const LOGIN = parseStepsFile(`
name: Sign in as alice
description: Sign in and check the greeting.
expectedOutcome: The welcome page greets alice
startUrl: /login/
steps:
  - goal: Sign in
    actions:
      - fill: { locator: "getByLabel('Username')", value: alice }
      - fill: { locator: "getByTestId('login-password')", value: "<secret>login_pw</secret>" }
      - click: "getByRole('button', { name: 'Sign in' })"
  - goal: Check the greeting
    assert_text_visible: "Welcome, alice!"
`);

let browser: LaunchedBrowser;
beforeAll(async () => {
  browser = await launchBrowser({ executablePath: TEST_CHROMIUM_PATH });
});
afterAll(async () => {
  await browser?.close();
});

async function recordAndReplay(password: string) {
  const server: FixtureServer = await startFixtureServer({ users: { alice: password } });
  const secrets: SecretValues = new Map([
    ['login_pw', password],
    ['spare', 'secret'],
  ]);
  try {
    const recording = await openBrowserSession({ browser });
    const traversal = await recordTraversalFromSteps(LOGIN, {
      session: recording,
      baseUrl: server.origin,
      secrets,
    }).finally(() => recording.close());
    const session = await openBrowserSession({ browser });
    const events: RunEvent[] = [];
    try {
      await executeAction(
        session,
        { type: 'navigate', url: server.url('/login/') },
        { baseUrl: server.origin },
      );
      const outcome = await replayTraversal({
        session,
        traversal,
        secrets,
        baseUrl: server.origin,
        settings: { actionTimeoutMs: 4_000, assertionTimeoutMs: 3_000 },
        onEvent: (event) => void events.push(event),
      });
      return { traversal, outcome, events };
    } finally {
      await session.close();
    }
  } finally {
    await server.close();
  }
}

const times = (value: unknown): string[] =>
  [...JSON.stringify(value).matchAll(/"(?:startedAt|finishedAt)":"([^"]*)"/g)].map(
    (m) => m[1] ?? '',
  );

describe('replay with secrets whose values occur in the page and in timestamps', () => {
  it('a password "password": recorded as placeholders once, replayed by its recorded locators', async () => {
    const { traversal, outcome } = await recordAndReplay('password');
    const password = traversal.brainStates[0]?.actions[1];
    expect(password?.action).toMatchObject({
      text: '<secret>login_pw</secret>',
      target: { locator: "getByTestId('login-<secret>login_pw</secret>')" },
    });
    // The field's own attributes held the value: redacted once (not nested), and its locator still works.
    expect(password?.domElementData?.id).toBe('<secret>login_pw</secret>');
    expect(password?.domElementData?.locator).toBe(
      "getByTestId('login-<secret>login_pw</secret>')",
    );
    expect(JSON.stringify(traversal)).not.toContain('password');
    expect(JSON.stringify(traversal)).not.toMatch(/<secret>(<|[^<]*<secret>)|<<secret>/);
    expect(outcome.failure).toBeNull();
    expect(outcome.status).toBe('passed');
    expect(outcome.steps.map((s) => s.locateMethod)).toEqual([
      'locator',
      'locator',
      'locator',
      'none',
    ]);
    expect(JSON.stringify(outcome.steps.map((s) => ({ ...s, screenshot: null })))).not.toContain(
      'password',
    );
  });

  it('a one-digit PIN: the run still has readable start and finish times', async () => {
    const { outcome, events } = await recordAndReplay('4');
    expect(outcome.status).toBe('passed');
    const stamped = [...times(outcome.steps), ...times(events)];
    expect(stamped.length).toBeGreaterThanOrEqual(outcome.steps.length * 2);
    for (const time of stamped) expect(Number.isNaN(Date.parse(time)), time).toBe(false);
    for (const step of outcome.steps)
      expect(Date.parse(step.finishedAt)).toBeGreaterThanOrEqual(Date.parse(step.startedAt));
  });
});
