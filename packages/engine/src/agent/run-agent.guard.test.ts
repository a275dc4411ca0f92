import { describe, expect, it } from 'vitest';
import { runAgenticTest } from '../run/run-agentic.ts';
import { useAgentTestBed } from './testing/agent-test-bed.ts';
import {
  agentActions as a,
  agentReply,
  createScriptedAgentModel,
  findRef,
  type AgentPromptView,
} from './testing/scripted-agent.ts';

// partner.test resolves to loopback, so a request that escaped the guard would reach the fixture server.
const bed = useAgentTestBed({ extraArgs: ['--host-resolver-rules=MAP *.test 127.0.0.1'] });

function partnerHits(): number {
  return bed.server.requests.filter((r) => String(r.headers.host ?? '').startsWith('partner.test'))
    .length;
}

describe('runAgenticTest: allowed domains', () => {
  it('blocks navigations to other hosts and reports them to the model in the next step', async () => {
    const views: AgentPromptView[] = [];
    const partnerUrl = `http://partner.test:${bed.server.port}/agent/partner.html`;
    const model = createScriptedAgentModel((view) => {
      views.push(view);
      switch (view.stepNumber) {
        case 1:
          return agentReply('Open the partner site', [
            a.click(findRef(view.pageState, 'link', 'Visit the partner site')),
          ]);
        case 2:
          return agentReply('Open the partner site by its address', [
            a.navigate(`${partnerUrl}?ref=acme`),
          ]);
        default:
          return agentReply('Report that the partner site cannot be reached', [
            a.done(false, 'The partner site is outside the allowed domains'),
          ]);
      }
    });
    const outcome = await runAgenticTest({
      test: {
        description: 'Open the partner offers from the partners page',
        expectedOutcome: 'The partner offers page is shown',
        startUrl: '/agent/links.html',
      },
      projectUrl: bed.server.origin,
      model,
      browser: bed.browser,
    });

    // The click's navigation was stopped at the network; the model learns it with the click's result.
    expect(views[1]?.previousStep).toContain(
      'Blocked requests (outside the allowed domains; they did not reach their host):',
    );
    expect(views[1]?.previousStep).toContain(`- navigation ${partnerUrl}: host not allowed`);
    // URLs are reported without their query string.
    expect(views[1]?.previousStep).not.toContain('ref=acme');
    // The navigate action is refused before anything is sent.
    expect(views[2]?.previousStep).toContain(
      `navigate ${partnerUrl}?ref=acme → FAILED (NAVIGATION_BLOCKED): partner.test:${bed.server.port} is not the project's host or one of the test's allowed domains`,
    );
    expect(outcome.failure).toMatchObject({ kind: 'outcome_unreachable' });
    expect(outcome.steps.map((s) => [s.action.type, s.passed])).toEqual([
      ['click', true],
      ['navigate', false],
      ['done', false],
    ]);
    expect(partnerHits()).toBe(0);
  });

  it('lets the test reach a host listed in its allowed domains', async () => {
    const model = createScriptedAgentModel((view) => {
      if (view.stepNumber === 1) {
        return agentReply('Open the partner site', [
          a.click(findRef(view.pageState, 'link', 'Visit the partner site')),
        ]);
      }
      return agentReply('Verify the offers', [
        a.assertTextVisible('Ten percent off'),
        a.done(true, 'Offers shown'),
      ]);
    });
    const before = partnerHits();
    const outcome = await runAgenticTest({
      test: {
        description: 'Open the partner offers from the partners page',
        expectedOutcome: 'The partner offers page is shown',
        startUrl: '/agent/links.html',
        allowedDomains: ['partner.test'],
      },
      projectUrl: bed.server.origin,
      model,
      browser: bed.browser,
    });
    expect(outcome.failure).toBeNull();
    expect(partnerHits()).toBeGreaterThan(before);
  });
});
