import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAgenticTest } from '../run/run-agentic.ts';
import type { AgentLogEntry } from './agent-options.ts';
import { collectEvents, useAgentTestBed } from './testing/agent-test-bed.ts';
import {
  agentActions as a,
  agentReply,
  createScriptedAgentModel,
  findRef,
} from './testing/scripted-agent.ts';

const USER = 'canary-user-5d2b';
const PASSWORD = 'CANARY-pw-7f3a9c1e';

const bed = useAgentTestBed({ server: { users: { [USER]: PASSWORD } } });

/** Everything written to the console or the process streams while a test runs. */
function captureOutput(): { text(): string } {
  const chunks: string[] = [];
  const record = (...args: unknown[]): void =>
    void chunks.push(args.map((x) => String(x)).join(' '));
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation(record);
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(String(chunk));
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
  return { text: () => chunks.join('\n') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

function withoutScreenshots(value: unknown): string {
  return JSON.stringify(value, (key, item: unknown) => (key === 'screenshot' ? null : item));
}

describe('runAgenticTest: secrets', () => {
  it('never lets a secret value reach the model, the traversal, the steps, the events or the logs', async () => {
    const output = captureOutput();
    const logs: AgentLogEntry[] = [];
    const { events, onEvent } = collectEvents();
    const model = createScriptedAgentModel((view) => {
      const page = view.pageState;
      if (view.title.startsWith('Sign in')) {
        return agentReply('Sign in with the test account', [
          a.inputText(findRef(page, 'textbox', 'Username'), '<secret>username</secret>'),
          a.inputText(findRef(page, 'textbox', 'Password'), '<secret>password</secret>'),
          a.click(findRef(page, 'button', 'Sign in')),
        ]);
      }
      // The greeting shows the user name, a secret: the model sees its placeholder only.
      expect(page).toContain('Welcome, <secret>username</secret>!');
      if (!view.previousStep.includes('FAILED')) {
        return agentReply('Check a wrong greeting first', [
          a.assertTextVisible('Welcome, bob!', null, 300),
        ]);
      }
      expect(view.previousStep).toContain('<secret>username</secret>');
      return agentReply('Check the greeting and finish', [
        a.assertTextVisible('Welcome, <secret>username</secret>!'),
        a.done(true, 'Signed in and greeted by name'),
      ]);
    });

    const outcome = await runAgenticTest({
      test: {
        description: 'Sign in with the test account',
        expectedOutcome: 'The welcome page greets the user by name',
        startUrl: '/login/',
      },
      projectUrl: bed.server.origin,
      model,
      browser: bed.browser,
      secrets: new Map([
        ['username', USER],
        ['password', PASSWORD],
      ]),
      onEvent,
      log: (entry) => void logs.push(entry),
    });

    expect(outcome.failure).toBeNull();
    expect(outcome.status).toBe('passed');
    expect(outcome.producedTraversal?.secretNames).toEqual(['username', 'password']);
    const recorded = outcome.producedTraversal?.brainStates.flatMap((s) =>
      s.actions.map((r) => r.action),
    );
    expect(recorded?.slice(0, 2)).toMatchObject([
      { type: 'input_text', text: '<secret>username</secret>' },
      { type: 'input_text', text: '<secret>password</secret>' },
    ]);
    // The sign-in really happened with the values, as the server saw it.
    expect(bed.server.requests.some((r) => r.url === `/login/welcome.html?user=${USER}`)).toBe(
      true,
    );

    const bodies = model.doGenerateCalls.map((call) => JSON.stringify(call.prompt));
    expect(bodies).toHaveLength(3);
    const places: [string, string][] = [
      ['the model', bodies.join('\n')],
      ['the outcome', withoutScreenshots(outcome)],
      ['the events', withoutScreenshots(events)],
      ['the logs', JSON.stringify(logs)],
      ['the console', output.text()],
    ];
    for (const [where, text] of places) {
      for (const secret of [USER, PASSWORD, encodeURIComponent(USER)]) {
        expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
      }
    }
    expect(logs.length).toBeGreaterThan(0);
  });
});
