import { describe, expect, it } from 'vitest';
import { collectEvents, useAgentTestBed } from '../agent/testing/agent-test-bed.ts';
import {
  agentActions as a,
  agentReply,
  createScriptedAgentModel,
  findRef,
  type AgentPromptView,
  type AgentScriptAnswer,
} from '../agent/testing/scripted-agent.ts';
import { launchBrowser } from '../browser/launch-browser.ts';
import { TEST_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import { runAgenticTest, type RunAgenticTestOptions } from './run-agentic.ts';

const bed = useAgentTestBed();

function options(
  script: (view: AgentPromptView, call: number) => AgentScriptAnswer,
  more: Partial<RunAgenticTestOptions> = {},
): RunAgenticTestOptions & { model: ReturnType<typeof createScriptedAgentModel> } {
  const model = createScriptedAgentModel(script);
  return {
    test: {
      description: 'Sign in as alice',
      expectedOutcome: 'The welcome page greets alice',
      startUrl: '/login/',
    },
    projectUrl: bed.server.origin,
    launch: { executablePath: TEST_CHROMIUM_PATH },
    secrets: new Map([['password', 'wonderland-42']]),
    ...more,
    model,
  };
}

const signInAndVerify = (view: AgentPromptView): AgentScriptAnswer =>
  view.title.startsWith('Sign in')
    ? agentReply('Sign in', [
        a.inputText(findRef(view.pageState, 'textbox', 'Username'), 'alice'),
        a.inputText(findRef(view.pageState, 'textbox', 'Password'), '<secret>password</secret>'),
        a.click(findRef(view.pageState, 'button', 'Sign in')),
        a.assertTextVisible('Welcome, alice!'),
        a.done(true, 'Greeted as alice'),
      ])
    : agentReply('Unexpected page', [a.done(false, `unexpected page ${view.title}`)]);

describe('runAgenticTest', () => {
  it('opens the start URL, passes with an accepted done, and closes its browser', async () => {
    const run = options(signInAndVerify);
    const outcome = await runAgenticTest(run);
    expect(outcome.failure).toBeNull();
    expect(outcome.status).toBe('passed');
    // The start URL is opened before the agent's first step and is not part of the traversal.
    expect(outcome.producedTraversal?.brainStates[0]?.actions[0]?.action.type).toBe('input_text');
    expect(run.model.doGenerateCalls).toHaveLength(1);
    expect(bed.ownBrowserProcesses()).toEqual([]);
  });

  it('closes its browser when the run fails too', async () => {
    const outcome = await runAgenticTest(
      options(() => agentReply('Give up', [a.done(false, 'cannot sign in')])),
    );
    expect(outcome.failure?.kind).toBe('outcome_unreachable');
    expect(bed.ownBrowserProcesses()).toEqual([]);
  });

  it('fails as infrastructure when the browser cannot be launched', async () => {
    const { events, onEvent } = collectEvents();
    const run = options(signInAndVerify, {
      launch: { executablePath: '/nonexistent/chromium' },
      onEvent,
    });
    const outcome = await runAgenticTest(run);
    expect(events).toEqual([{ type: 'run_finished', status: 'failed', failure: outcome.failure }]);
    expect(outcome.status).toBe('failed');
    expect(outcome.failure?.kind).toBe('infrastructure');
    expect(outcome.failure?.message).toMatch(
      /No executable browser at the configured path \/nonexistent\/chromium/,
    );
    expect(outcome.producedTraversal).toEqual({
      expectedOutcome: 'The welcome page greets alice',
      brainStates: [],
      secretNames: [],
    });
    expect(run.model.doGenerateCalls).toHaveLength(0);
  });

  it('fails as infrastructure when the browser dies during the run', async () => {
    const browser = await launchBrowser({ executablePath: TEST_CHROMIUM_PATH });
    const mine = bed.ownBrowserProcesses();
    expect(mine.length).toBeGreaterThan(0);
    const { events, onEvent } = collectEvents();
    try {
      const outcome = await runAgenticTest(
        options(() => agentReply('Look around', [a.scroll('down')]), {
          browser,
          launch: undefined,
          onEvent: (event) => {
            onEvent(event);
            // The browser crashes right after the first action.
            if (event.type === 'step_finished')
              for (const pid of mine) process.kill(pid, 'SIGKILL');
          },
        }),
      );
      expect(outcome.status).toBe('failed');
      expect(outcome.failure?.kind).toBe('infrastructure');
      expect(outcome.failure?.message).toMatch(/browser|page/);
      expect(events.filter((e) => e.type === 'step_finished')).toHaveLength(1);
    } finally {
      await browser.close();
    }
    // Processes the browser started after `mine` was read (the run's renderer) exit on their own once they see
    // the killed browser gone, a moment after close() returns for a dead browser: none may stay.
    await expect.poll(() => bed.ownBrowserProcesses(), { timeout: 10_000 }).toEqual([]);
  });

  it('fails as infrastructure when the start URL cannot be reached', async () => {
    const run = options(signInAndVerify, {
      browser: bed.browser,
      launch: undefined,
      test: {
        description: 'x',
        expectedOutcome: 'y',
        startUrl: 'http://127.0.0.1:9/nothing-listens-here',
      },
    });
    const outcome = await runAgenticTest(run);
    expect(outcome.failure?.kind).toBe('infrastructure');
    expect(outcome.failure?.message).toMatch(
      /^the start URL could not be opened: the navigation failed/,
    );
    expect(run.model.doGenerateCalls).toHaveLength(0);
  });

  it('fails as infrastructure when an allowed domain is not a host pattern', async () => {
    const outcome = await runAgenticTest(
      options(signInAndVerify, {
        test: {
          description: 'x',
          expectedOutcome: 'y',
          startUrl: '/login/',
          allowedDomains: ['https://example.com/path'],
        },
      }),
    );
    expect(outcome.failure?.kind).toBe('infrastructure');
    expect(outcome.failure?.message).toMatch(
      /^the test's allowed domains are invalid: invalid allowed domain/,
    );
  });

  it('refuses a start URL that is not http(s) and limits that are not positive', async () => {
    await expect(
      runAgenticTest(
        options(signInAndVerify, {
          test: { description: 'x', expectedOutcome: 'y', startUrl: 'file:///etc/passwd' },
        }),
      ),
    ).rejects.toMatchObject({ code: 'AGENT_OPTIONS_INVALID' });
    await expect(
      runAgenticTest(options(signInAndVerify, { limits: { maxSteps: 0 } })),
    ).rejects.toMatchObject({
      code: 'AGENT_OPTIONS_INVALID',
      message: 'agent limit maxSteps must be a positive number (got 0)',
    });
  });

  it('sends a screenshot of the page with the page state to vision models', async () => {
    const run = options(signInAndVerify, { browser: bed.browser, launch: undefined, vision: true });
    const outcome = await runAgenticTest(run);
    expect(outcome.failure).toBeNull();
    const user = run.model.doGenerateCalls[0]?.prompt.find((m) => m.role === 'user');
    const parts = Array.isArray(user?.content) ? user.content : [];
    expect(parts.map((p) => p.type)).toEqual(['text', 'file']);
    const file = parts[1] as { mediaType: string; data: unknown };
    expect(file.mediaType).toBe('image/jpeg');
  });
});
