// Agentic runs through the worker: a scripted model on a fake OpenAI server records traversal v1 and its cost.
import { primaryTestDatabaseDriver } from '@retrace/db/testing';
import {
  DEFAULT_BROWSER_CONFIG_ID,
  getLatestVerifiedTraversal,
  getRunDetail,
} from '@retrace/domain';
import {
  DEFAULT_PRICE_TABLE,
  PROMPT_SECTIONS,
  computeCost,
  readPromptSection,
} from '@retrace/engine';
import { type FakeLlmServer, startFakeLlmServer } from '@retrace/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from './create-worker.ts';
import { LOGIN_PASSWORD } from './test-support/journeys.ts';
import { useWorkerHarness } from './test-support/worker-harness.ts';
import {
  addTestCase,
  isFinished,
  queueRuns,
  setTestConfig,
  waitForRun,
} from './test-support/worker-world.ts';

const FAKE_KEY = 'fake-openai-key-for-tests';

/** The ref of the one element of `role` named `name` in the step's page state (`[12]textbox "Username"`). */
function refOf(pageState: string, role: string, name: string): string {
  const pattern = new RegExp(`\\[([A-Za-z0-9]+)\\]${role} "${name}"`, 'g');
  const found = [...pageState.matchAll(pattern)].map((m) => m[1]);
  if (found.length !== 1) throw new Error(`${found.length} ${role} "${name}" in:\n${pageState}`);
  return found[0]!;
}

/** One step does the whole test: sign in, assert the greeting, done. */
function signInReply(text: string): unknown {
  const page = readPromptSection(text, PROMPT_SECTIONS.pageState) ?? '';
  return {
    evaluation_previous_goal: 'Start',
    memory: '',
    next_goal: 'Sign in as alice and check the greeting',
    actions: [
      {
        type: 'input_text',
        ref: refOf(page, 'textbox', 'Username'),
        text: 'alice',
        clear: null,
        pressEnter: null,
      },
      {
        type: 'input_text',
        ref: refOf(page, 'textbox', 'Password'),
        text: '<secret>password</secret>',
        clear: null,
        pressEnter: null,
      },
      { type: 'click', ref: refOf(page, 'button', 'Sign in'), button: null, clickCount: null },
      {
        type: 'assert_text_visible',
        text: 'Welcome, alice!',
        exact: null,
        ref: null,
        timeoutMs: null,
      },
      { type: 'done', success: true, outcome: 'alice is greeted on the welcome page' },
    ],
  };
}

describe.each(primaryTestDatabaseDriver(process.env))(
  'the worker runs the agent [$name]',
  (driver) => {
    const h = useWorkerHarness(driver);
    let llm: FakeLlmServer;
    let worker: Worker;

    beforeAll(async () => {
      llm = await startFakeLlmServer({
        provider: 'openai-responses',
        apiKey: FAKE_KEY,
        script: (request) => ({
          json: signInReply(request.text),
          usage: { inputTokens: 2_000, outputTokens: 150 },
        }),
      });
      await setTestConfig(h.world, {
        llmProvider: 'openai',
        llmModel: 'gpt-4.1-mini',
        llmBaseUrl: llm.baseURL,
      });
      // The key comes from the worker's configuration, never from the database.
      worker = await h.startWorker({ llm: { apiKeys: { openai: FAKE_KEY } } });
    });
    afterAll(async () => {
      await worker?.stop();
      await llm?.close();
    });

    it('an agentic run records traversal v1 (verified), its history and its cost', async () => {
      const testCase = await addTestCase(h.world, {
        name: 'agentic login',
        urlRoute: '/login/',
        description: 'Sign in as alice with her password',
        expectedOutcome: 'The welcome page greets alice',
      });
      const [queued] = await queueRuns(h.world, h.queue, [testCase.id], 'auto');
      const run = await waitForRun(h.world, queued!.id, isFinished);

      expect(run).toMatchObject({ state: 'PASSED', runType: 'AGENTIC', failureKind: null });
      const traversal = await getLatestVerifiedTraversal(h.world.domain, h.world.actor, {
        testCaseId: testCase.id,
        browserConfigId: DEFAULT_BROWSER_CONFIG_ID,
      });
      expect(traversal).toMatchObject({
        version: 1,
        verified: true,
        source: 'agentic',
        createdByRunId: run.id,
      });
      expect(run.producedTraversalId).toBe(traversal!.id);
      expect(run.testTraversalId).toBe(traversal!.id);
      expect(traversal!.secrets.map((s) => [s.secretName, s.secretVersion])).toEqual([
        ['password', 1],
      ]);

      const detail = await getRunDetail(h.world.domain, h.world.actor, { runId: run.id });
      const actionIds = new Set(traversal!.brainStates.flatMap((s) => s.actions.map((a) => a.id)));
      expect(detail.history.length).toBeGreaterThanOrEqual(4);
      expect(detail.history.every((e) => actionIds.has(e.actionId))).toBe(true);
      expect(detail.history.every((e) => e.historyElementState === 'PASSED')).toBe(true);

      const expected = computeCost(
        [
          {
            provider: 'openai.responses',
            modelId: 'gpt-4.1-mini',
            inputTokens: 2_000,
            outputTokens: 150,
            cachedInputTokens: 0,
            cacheWriteInputTokens: 0,
          },
        ],
        DEFAULT_PRICE_TABLE,
      );
      expect(expected.costInDollars).toBeGreaterThan(0);
      expect(detail.cost).toMatchObject({
        modelType: 'gpt-4.1-mini',
        inputTokenNum: 2_000,
        completionTokenNum: 150,
      });
      expect(detail.cost!.costInDollars).toBeCloseTo(expected.costInDollars, 10);

      // The model saw the secret's name, never its value; nor did anything the run stored.
      expect(llm.requests.length).toBe(1);
      expect(llm.requests.map((r) => r.text).join('\n')).not.toContain(LOGIN_PASSWORD);
      expect(JSON.stringify(detail)).not.toContain(LOGIN_PASSWORD);
      expect(JSON.stringify(traversal)).not.toContain(LOGIN_PASSWORD);
    });
  },
);
