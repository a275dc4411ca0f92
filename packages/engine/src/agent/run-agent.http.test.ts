import { afterEach, describe, expect, it } from 'vitest';
import { computeCost } from '../llm/compute-cost.ts';
import { withConfiguredPrices } from '../llm/model-prices.ts';
import { createLanguageModel } from '../llm/create-language-model.ts';
import {
  startFakeLlmServer,
  type FakeLlmReply,
  type FakeLlmServer,
} from '../llm/testing/fake-llm-server.ts';
import { runAgenticTest } from '../run/run-agentic.ts';
import { AGENT_SYSTEM_PROMPT } from './agent-prompt.ts';
import { AGENT_REPLY_SCHEMA_NAME } from './agent-reply.ts';
import { useAgentTestBed } from './testing/agent-test-bed.ts';
import {
  agentActions as a,
  agentReply,
  readAgentPromptText,
  type AgentPromptView,
} from './testing/scripted-agent.ts';

const bed = useAgentTestBed();
let llm: FakeLlmServer | undefined;

afterEach(async () => {
  await llm?.close();
  llm = undefined;
});

const USAGE = { inputTokens: 1_000, outputTokens: 100 };

/** Signs in as alice from the login page, then verifies the greeting; the reply is JSON on the wire. */
function signInStep(view: AgentPromptView): FakeLlmReply {
  const ref = (role: string, name: string): string => {
    const match = new RegExp(`\\[(\\w+)\\]${role} "${name}"`).exec(
      view.pageState.split('\n---\n')[1] ?? '',
    );
    if (!match?.[1]) throw new Error(`no ${role} ${name} in the page state`);
    return match[1];
  };
  if (view.title.startsWith('Sign in')) {
    return {
      json: agentReply('Sign in as alice', [
        a.inputText(ref('textbox', 'Username'), 'alice'),
        a.inputText(ref('textbox', 'Password'), '<secret>password</secret>'),
        a.click(ref('button', 'Sign in')),
      ]),
      usage: USAGE,
    };
  }
  return {
    json: agentReply('Verify the greeting', [
      a.assertTextVisible('Welcome, alice!'),
      a.done(true, 'Greeted as alice'),
    ]),
    usage: USAGE,
  };
}

function runLogin(server: FakeLlmServer, more: Partial<Parameters<typeof runAgenticTest>[0]> = {}) {
  return runAgenticTest({
    test: {
      description: 'Sign in as alice',
      expectedOutcome: 'The welcome page greets alice',
      startUrl: '/login/',
    },
    projectUrl: bed.server.origin,
    model: createLanguageModel(server.llmConfig('gpt-4.1-mini')),
    browser: bed.browser,
    secrets: new Map([['password', 'wonderland-42']]),
    llm: { sleep: async () => undefined },
    ...more,
  });
}

describe('runAgenticTest over HTTP (fake OpenAI-compatible server)', () => {
  it('sends the reply JSON schema, retries a 429, and its usage becomes a cost', async () => {
    let rateLimited = false;
    const server = await startFakeLlmServer({
      provider: 'openai-chat',
      script: (request) => {
        if (!rateLimited) {
          rateLimited = true;
          return { status: 429, message: 'slow down', retryAfterMs: 5 };
        }
        return signInStep(readAgentPromptText(request.text));
      },
    });
    llm = server;
    const outcome = await runLogin(server);
    expect(outcome.failure).toBeNull();
    expect(outcome.status).toBe('passed');

    expect(server.requests).toHaveLength(3);
    const first = server.requests[0];
    expect(first?.path).toBe('/v1/chat/completions');
    expect(first?.structuredOutput).toMatchObject({
      mode: 'json_schema',
      name: AGENT_REPLY_SCHEMA_NAME,
      strict: true,
    });
    const schema = first?.structuredOutput.schema as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual([
      'evaluation_previous_goal',
      'memory',
      'next_goal',
      'actions',
    ]);
    expect(schema.required).toEqual(['evaluation_previous_goal', 'memory', 'next_goal', 'actions']);
    expect(first?.text).toContain(AGENT_SYSTEM_PROMPT.slice(0, 80));
    expect(first?.text).toContain(
      'Secrets you can use (names only; write <secret>name</secret> where the value goes): password',
    );
    // The retried request is the same request.
    expect(server.requests[1]?.body).toEqual(first?.body);
    for (const request of server.requests)
      expect(JSON.stringify(request.body)).not.toContain('wonderland-42');

    expect(outcome.usage).toEqual([
      {
        provider: 'openai.chat',
        modelId: 'gpt-4.1-mini',
        calls: 3,
        inputTokens: 2_000,
        outputTokens: 200,
        cachedInputTokens: 0,
        cacheWriteInputTokens: 0,
      },
    ]);
    const cost = computeCost(outcome.usage);
    expect(cost).toMatchObject({
      modelType: 'gpt-4.1-mini',
      inputTokens: 2_000,
      completionTokens: 200,
      priceKnown: true,
    });
    expect(cost.costInDollars).toBeCloseTo((2_000 * 0.4 + 200 * 1.6) / 1_000_000, 12);
  });

  it('drives a self-hosted model through the openai-compatible provider, priced from configuration', async () => {
    const server = await startFakeLlmServer({
      provider: 'openai-chat',
      script: (request) => signInStep(readAgentPromptText(request.text)),
    });
    llm = server;
    const outcome = await runLogin(server, {
      model: createLanguageModel({
        provider: 'openai-compatible',
        name: 'local-llm',
        baseURL: server.baseURL,
        model: 'llama3.1:8b',
      }),
    });
    expect(outcome.failure).toBeNull();
    expect(server.requests[0]?.structuredOutput).toMatchObject({ mode: 'json_schema' });
    expect(outcome.usage).toEqual([
      expect.objectContaining({
        modelId: 'llama3.1:8b',
        calls: 2,
        inputTokens: 2_000,
        outputTokens: 200,
      }),
    ]);
    const prices = withConfiguredPrices({
      'llama3.1': { inputPerMillion: 0.1, outputPerMillion: 0.2 },
    });
    expect(computeCost(outcome.usage, prices).costInDollars).toBeCloseTo(
      (2_000 * 0.1 + 200 * 0.2) / 1e6,
      12,
    );
  });

  it('fails as budget_exceeded when the provider account has no quota left', async () => {
    const server = await startFakeLlmServer({
      provider: 'openai-chat',
      script: [
        { status: 429, code: 'insufficient_quota', message: 'You exceeded your current quota' },
      ],
    });
    llm = server;
    const outcome = await runLogin(server);
    expect(outcome.status).toBe('failed');
    expect(outcome.failure).toMatchObject({ kind: 'budget_exceeded', stepIdx: null });
    expect(outcome.failure?.message).toMatch(/^the model call failed: /);
    expect(outcome.steps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('fails as infrastructure when the provider refuses the API key', async () => {
    const server = await startFakeLlmServer({
      provider: 'openai-chat',
      apiKey: 'the-right-key',
      script: [],
    });
    llm = server;
    const outcome = await runLogin(server);
    expect(outcome.failure).toMatchObject({ kind: 'infrastructure' });
    expect(outcome.usage).toEqual([expect.objectContaining({ calls: 1, inputTokens: 0 })]);
  });

  it('fails as timeout when every model call runs past its time', async () => {
    const server = await startFakeLlmServer({
      provider: 'openai-chat',
      script: () => ({ hang: true }),
    });
    llm = server;
    const outcome = await runLogin(server, {
      limits: { llmCallTimeoutMs: 300 },
      llm: { sleep: async () => undefined, retry: { maxRetries: 1 } },
    });
    expect(outcome.failure).toMatchObject({ kind: 'timeout' });
    expect(server.requests).toHaveLength(2);
  });
});
