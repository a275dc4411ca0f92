import { zodSchema } from 'ai';
import { describe, expect, it } from 'vitest';
import { isStrictJsonSchema } from '../llm/strict-json-schema.ts';
import { agentReplySchema } from './agent-reply.ts';
import { renderTaskSection, readPromptSection } from './agent-prompt.ts';

describe('the agent reply schema', () => {
  it('satisfies strict structured outputs', async () => {
    expect(isStrictJsonSchema(await zodSchema(agentReplySchema).jsonSchema)).toBe(true);
  });

  it('rejects a reply with a missing field or an unknown action', () => {
    expect(agentReplySchema.safeParse({ memory: '', next_goal: 'x', actions: [] }).success).toBe(
      false,
    );
    expect(
      agentReplySchema.safeParse({
        evaluation_previous_goal: '',
        memory: '',
        next_goal: 'x',
        actions: [{ type: 'teleport', ref: '1' }],
      }).success,
    ).toBe(false);
  });
});

describe('the task section', () => {
  it('lists the names of the secrets and the allowed domains', () => {
    const text = renderTaskSection(
      {
        description: 'Log in',
        expectedOutcome: 'Dashboard',
        startUrl: 'http://app/',
        allowedDomains: ['*.auth.example'],
      },
      ['password', 'otp_seed'],
    );
    const body = readPromptSection(text, 'task');
    expect(body).toContain(
      'Secrets you can use (names only; write <secret>name</secret> where the value goes): password, otp_seed',
    );
    expect(body).toContain(
      "Allowed domains: the application's own host, and *.auth.example. Other hosts are blocked.",
    );
    expect(body).not.toContain('Extra rules');
  });
});
