import { describe, expect, it } from 'vitest';
import { runAgenticTest, type RunAgenticTestOptions } from '../run/run-agentic.ts';
import { collectEvents, eventsOf, useAgentTestBed } from './testing/agent-test-bed.ts';
import {
  agentActions as a,
  agentReply,
  createScriptedAgentModel,
  findRef,
  type AgentPromptView,
  type AgentScriptAnswer,
} from './testing/scripted-agent.ts';

const bed = useAgentTestBed();

function run(
  startUrl: string,
  script: (view: AgentPromptView, call: number) => AgentScriptAnswer,
  more: Partial<RunAgenticTestOptions> = {},
) {
  const model = createScriptedAgentModel(script);
  const promise = runAgenticTest({
    test: {
      description: 'Sign in as alice',
      expectedOutcome: 'The welcome page greets alice',
      startUrl,
    },
    projectUrl: bed.server.origin,
    model,
    browser: bed.browser,
    secrets: new Map([['password', 'wonderland-42']]),
    ...more,
  });
  return { model, promise };
}

function signIn(view: AgentPromptView, password = '<secret>password</secret>') {
  return [
    a.inputText(findRef(view.pageState, 'textbox', 'Username'), 'alice'),
    a.inputText(findRef(view.pageState, 'textbox', 'Password'), password),
    a.click(findRef(view.pageState, 'button', 'Sign in')),
  ];
}

describe('runAgent: accepting done', () => {
  it('refuses done(success) with no passing assertion after the last interaction, then accepts it once verified', async () => {
    const { events, onEvent } = collectEvents();
    const views: AgentPromptView[] = [];
    const { promise } = run(
      '/login/',
      (view) => {
        views.push(view);
        if (view.stepNumber === 1)
          return agentReply('Sign in and finish', [...signIn(view), a.done(true, 'Signed in')]);
        return agentReply('Verify the greeting, then finish', [
          a.assertTextVisible('Welcome, alice!'),
          a.done(true, 'Greeted as alice'),
        ]);
      },
      { onEvent },
    );
    const outcome = await promise;
    expect(outcome.failure).toBeNull();
    expect(outcome.status).toBe('passed');
    expect(eventsOf(events, 'done_rejected')).toEqual([
      {
        type: 'done_rejected',
        stepNumber: 1,
        reason: expect.stringMatching(/no assertion verified/),
        rejections: 1,
      },
    ]);
    expect(views[1]?.previousStep).toContain(
      'done(success: true) "Signed in" → not run: done(success: true) was refused',
    );
    expect(views[1]?.status).toContain('done(success: true) was refused 1 of 3 allowed times.');
    // The refused done is not recorded: replay must not meet it.
    const states = outcome.producedTraversal?.brainStates ?? [];
    expect(states.map((s) => [s.valid, s.actions.map((r) => r.action.type)])).toEqual([
      [true, ['input_text', 'input_text', 'click']],
      [true, ['assert_text_visible', 'done']],
    ]);
    expect(outcome.steps.map((s) => s.action.type)).toEqual([
      'input_text',
      'input_text',
      'click',
      'assert_text_visible',
      'done',
    ]);
  });

  it('refuses done after a failing assertion, and after an assertion that an interaction followed', async () => {
    const { events, onEvent } = collectEvents();
    const views: AgentPromptView[] = [];
    const { promise } = run(
      '/login/welcome.html?user=alice',
      (view) => {
        views.push(view);
        switch (view.stepNumber) {
          case 1:
            return agentReply('Check the greeting', [
              a.assertTextVisible('Welcome, bob!', null, 200),
            ]);
          case 2:
            return agentReply('Finish anyway', [a.done(true, 'Greeted')]);
          case 3:
            return agentReply('Check the greeting, sign out, finish', [
              a.assertTextVisible('Welcome, alice!'),
              a.click(findRef(view.pageState, 'link', 'Sign out')),
              a.done(true, 'Signed out'),
            ]);
          default:
            return agentReply('Check the sign-in page, then finish', [
              a.assertTextVisible('Sign in'),
              a.done(true, 'Signed out'),
            ]);
        }
      },
      { onEvent },
    );
    const outcome = await promise;
    expect(outcome.failure).toBeNull();
    expect(outcome.status).toBe('passed');
    const reasons = eventsOf(events, 'done_rejected').map((e) => e.reason);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(
      /your last assertion \(assert_text_visible\) after your last interaction FAILED/,
    );
    expect(reasons[1]).toMatch(
      /no assertion verified the expected outcome after your last interaction/,
    );
    expect(views[1]?.previousStep).toMatch(
      /assert_text_visible "Welcome, bob!" → FAILED \(ASSERTION_FAILED\)/,
    );
    expect(views[3]?.previousStep).toMatch(
      /click \[\w+\] link "Sign out" → ok; the page changed to/,
    );
  });

  it('does not count an assertion whose element could not be recorded, since replay could not check it', async () => {
    const views: AgentPromptView[] = [];
    const { promise } = run('/login/', (view) => {
      views.push(view);
      if (view.stepNumber === 1) {
        const username = findRef(view.pageState, 'textbox', 'Username');
        return agentReply('Check the form', [
          { type: 'assert_count', ref: username, count: 1, comparison: null, timeoutMs: null },
          a.done(true, 'The form is there'),
        ]);
      }
      return agentReply('Check the form another way', [
        a.assertTextVisible('Sign in'),
        a.done(true, 'The form is there'),
      ]);
    });
    const outcome = await promise;
    expect(outcome.failure).toBeNull();
    expect(views[1]?.previousStep).toMatch(
      /assert_count \[\w+\] eq 1 → FAILED \(ELEMENT_NOT_FOUND\): the action ran, but its element could not be recorded/,
    );
    expect(
      outcome.producedTraversal?.brainStates.map((s) => [
        s.valid,
        s.actions.map((r) => r.action.type),
      ]),
    ).toEqual([
      [false, ['assert_count']],
      [true, ['assert_text_visible', 'done']],
    ]);
  });

  it('fails as assertion_failed when the agent keeps claiming success without verifying it', async () => {
    const { model, promise } = run(
      '/login/',
      () => agentReply('Finish', [a.done(true, 'All good')]),
      {
        limits: { maxRejectedDones: 1 },
      },
    );
    const outcome = await promise;
    expect(outcome.status).toBe('failed');
    expect(outcome.failure).toEqual({
      kind: 'assertion_failed',
      message:
        'the agent declared success 2 times without verifying the expected outcome with a passing assertion',
      stepIdx: null,
    });
    expect(model.doGenerateCalls).toHaveLength(2);
    expect(outcome.steps).toEqual([]);
    expect(outcome.producedTraversal?.brainStates.map((s) => [s.valid, s.actions.length])).toEqual([
      [false, 0],
      [false, 0],
    ]);
  });

  it('fails as outcome_unreachable with the reason when the agent judges the outcome unreachable', async () => {
    const { events, onEvent } = collectEvents();
    const { promise } = run(
      '/login/',
      (view) => {
        if (view.stepNumber === 1) return agentReply('Sign in', signIn(view, 'not-the-password'));
        expect(view.pageState).toContain('Invalid username or password');
        return agentReply('Report that sign-in is refused', [
          a.done(
            false,
            'The application answers "Invalid username or password" for the test account',
          ),
        ]);
      },
      { onEvent },
    );
    const outcome = await promise;
    expect(outcome.status).toBe('failed');
    expect(outcome.failure).toEqual({
      kind: 'outcome_unreachable',
      message:
        'the agent judged the expected outcome unreachable: The application answers "Invalid username or password" for the test account',
      stepIdx: 3,
    });
    expect(outcome.doneOutcome).toBe(
      'The application answers "Invalid username or password" for the test account',
    );
    const last = outcome.steps.at(-1);
    expect(last).toMatchObject({ idx: 3, passed: false, action: { type: 'done', success: false } });
    expect(last?.error).toMatch(/^the agent judged the expected outcome unreachable/);
    expect(events.at(-1)).toMatchObject({
      type: 'run_finished',
      status: 'failed',
      failure: { kind: 'outcome_unreachable' },
    });
  });
});
