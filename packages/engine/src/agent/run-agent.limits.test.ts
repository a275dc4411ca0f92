import { describe, expect, it } from 'vitest';
import { TEST_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import { runAgenticTest, type RunAgenticTestOptions } from '../run/run-agentic.ts';
import { collectEvents, eventsOf, useAgentTestBed } from './testing/agent-test-bed.ts';
import {
  agentActions as a,
  agentReply,
  createScriptedAgentModel,
  type AgentPromptView,
  type AgentScriptAnswer,
} from './testing/scripted-agent.ts';

const bed = useAgentTestBed();

function run(
  script: (view: AgentPromptView, call: number) => AgentScriptAnswer,
  more: Partial<RunAgenticTestOptions> = {},
) {
  const model = createScriptedAgentModel(script);
  const promise = runAgenticTest({
    test: {
      description: 'Look at the sign-in page',
      expectedOutcome: 'The sign-in form is shown',
      startUrl: '/login/',
    },
    projectUrl: bed.server.origin,
    model,
    browser: bed.browser,
    ...more,
  });
  return { model, promise };
}

const verifyAndFinish = () =>
  agentReply('Verify the form and finish', [
    a.assertTextVisible('Sign in'),
    a.done(true, 'The form is shown'),
  ]);

describe('runAgent: limits', () => {
  it('fails as budget_exceeded when the steps run out before the outcome is verified', async () => {
    const views: AgentPromptView[] = [];
    const { model, promise } = run(
      (view) => {
        views.push(view);
        return agentReply('Look around', [a.scroll('down')]);
      },
      { limits: { maxSteps: 3 } },
    );
    const outcome = await promise;
    expect(outcome.failure).toEqual({
      kind: 'budget_exceeded',
      message: 'the agent used all 3 steps without verifying the expected outcome',
      stepIdx: null,
    });
    expect(model.doGenerateCalls).toHaveLength(3);
    expect(outcome.modelSteps).toBe(3);
    expect(views[2]?.status).toContain('You are at the step limit');
    expect(outcome.producedTraversal?.brainStates.map((s) => s.valid)).toEqual([true, true, true]);
  });

  it('fails with the kind of the last failure when too many steps fail in a row', async () => {
    const { promise } = run(() => agentReply('Click the button', [a.click('999')]), {
      limits: { maxConsecutiveFailures: 3 },
    });
    const outcome = await promise;
    expect(outcome.failure?.kind).toBe('element_not_found');
    expect(outcome.failure?.message).toMatch(
      /^the agent failed 3 steps in a row; the last failure: element 999 is not in the latest page state/,
    );
    expect(outcome.failure?.stepIdx).toBe(2);
    expect(outcome.steps.map((s) => s.passed)).toEqual([false, false, false]);
  });

  it('counts only failures in a row: a step that passes resets the count', async () => {
    const { promise } = run(
      (view) => {
        if (view.stepNumber === 5) return verifyAndFinish();
        return view.stepNumber % 2 === 1
          ? agentReply('Click', [a.click('999')])
          : agentReply('Scroll', [a.scroll('down')]);
      },
      { limits: { maxConsecutiveFailures: 2 } },
    );
    const outcome = await promise;
    expect(outcome.failure).toBeNull();
    expect(outcome.producedTraversal?.brainStates.map((s) => s.valid)).toEqual([
      false,
      true,
      false,
      true,
      true,
    ]);
  });

  it('feeds malformed model output back and goes on with the corrected reply', async () => {
    const { model, promise } = run((view, call) => {
      if (call === 0) return { text: 'I will look at the sign-in form now.' };
      expect(view.feedback).toMatch(/.+/);
      return verifyAndFinish();
    });
    const outcome = await promise;
    expect(outcome.failure).toBeNull();
    expect(outcome.modelSteps).toBe(1);
    const retry = model.doGenerateCalls[1]?.prompt ?? [];
    expect(retry.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(retry[2])).toContain('I will look at the sign-in form now.');
  });

  it('fails as infrastructure when the model keeps answering in an invalid format', async () => {
    const { model, promise } = run(() => ({ text: '{"actions": "none"' }), {
      limits: { maxConsecutiveFailures: 2 },
      llm: { maxValidationRetries: 0 },
    });
    const outcome = await promise;
    expect(outcome.failure?.kind).toBe('infrastructure');
    expect(outcome.failure?.message).toMatch(/the model kept replying in an invalid format/);
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it('runs none of the actions of a step that holds an invalid one, and tells the model', async () => {
    const views: AgentPromptView[] = [];
    const { promise } = run((view) => {
      views.push(view);
      if (view.stepNumber === 1) {
        return agentReply('Wait for the form', [
          a.scroll('down'),
          {
            type: 'wait_for',
            kind: 'text',
            text: null,
            ref: null,
            state: null,
            url: null,
            match: null,
            timeoutMs: null,
          },
        ]);
      }
      return verifyAndFinish();
    });
    const outcome = await promise;
    expect(outcome.failure).toBeNull();
    expect(views[1]?.previousStep).toMatch(
      /^no action of this step was run, because some are invalid: action 2: invalid wait_for action/,
    );
    expect(outcome.steps.map((s) => s.action.type)).toEqual(['assert_text_visible', 'done']);
  });

  it('recovers from a step that runs out of time', async () => {
    const views: AgentPromptView[] = [];
    const { promise } = run(
      (view, call) => {
        views.push(view);
        return call === 0 ? { hang: true } : verifyAndFinish();
      },
      { limits: { stepTimeoutMs: 3_000 } },
    );
    const outcome = await promise;
    expect(outcome.failure).toBeNull();
    expect(views[1]?.previousStep).toContain('Your previous step ran out of time');
  });

  it('fails as timeout when steps keep running out of time, or the run does', async () => {
    const steps = run(() => ({ hang: true }), {
      limits: { stepTimeoutMs: 2_500, maxConsecutiveFailures: 2 },
    });
    const stepOutcome = await steps.promise;
    expect(stepOutcome.failure).toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(
        /2 steps in a row; the last failure: the step ran out of time/,
      ),
    });
    expect(steps.model.doGenerateCalls).toHaveLength(2);

    const whole = run(() => ({ hang: true }), { limits: { totalTimeoutMs: 4_000 } });
    const runOutcome = await whole.promise;
    expect(runOutcome.failure).toEqual({
      kind: 'timeout',
      message: 'the run ran out of time before the outcome was verified',
      stepIdx: null,
    });
  });
});

describe('runAgenticTest: cancellation', () => {
  it('stops the model call in flight and closes the browser', async () => {
    const controller = new AbortController();
    const { model, promise } = run(
      (view) => {
        if (view.stepNumber === 1) return agentReply('Scroll', [a.scroll('down')]);
        setTimeout(() => controller.abort(), 100);
        return { hang: true };
      },
      {
        browser: undefined,
        launch: { executablePath: TEST_CHROMIUM_PATH },
        signal: controller.signal,
      },
    );
    const outcome = await promise;
    expect(outcome.failure).toEqual({
      kind: 'cancelled',
      message: 'the run was cancelled',
      stepIdx: null,
    });
    expect(model.doGenerateCalls).toHaveLength(2);
    expect(bed.ownBrowserProcesses()).toEqual([]);
  });

  it('stops the browser action in flight and closes the browser', async () => {
    const controller = new AbortController();
    const { events, onEvent } = collectEvents();
    const { promise } = run(
      () =>
        agentReply('Wait for a text that never comes', [
          {
            type: 'wait_for',
            kind: 'text',
            text: 'Never shown',
            ref: null,
            state: null,
            url: null,
            match: null,
            timeoutMs: 120_000,
          },
        ]),
      {
        browser: undefined,
        launch: { executablePath: TEST_CHROMIUM_PATH },
        signal: controller.signal,
        onEvent: (event) => {
          onEvent(event);
          if (event.type === 'step_started') setTimeout(() => controller.abort(), 200);
        },
      },
    );
    const outcome = await promise;
    expect(outcome.failure).toMatchObject({ kind: 'cancelled', stepIdx: 0 });
    expect(eventsOf(events, 'step_finished').map((e) => e.step.passed)).toEqual([false]);
    expect(bed.ownBrowserProcesses()).toEqual([]);
  });
});
