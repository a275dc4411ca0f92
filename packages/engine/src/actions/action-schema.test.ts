import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ActionError } from './action-errors.ts';
import { ACTION_TYPES, actionSchema, isAssertion, targetOf } from './action-schema.ts';
import { agentActionSchema, agentActionToAction } from './agent-action-schema.ts';

describe('actionSchema', () => {
  it('applies defaults and keeps secret placeholders', () => {
    expect(actionSchema.parse({ type: 'click', target: { ref: 'e1' } })).toEqual({
      type: 'click',
      target: { ref: 'e1' },
      button: 'left',
      clickCount: 1,
    });
    expect(
      actionSchema.parse({
        type: 'input_text',
        target: { locator: `getByLabel('Password')` },
        text: '<secret>pw</secret>',
      }),
    ).toEqual({
      type: 'input_text',
      target: { locator: `getByLabel('Password')` },
      text: '<secret>pw</secret>',
      clear: true,
      pressEnter: false,
    });
    expect(actionSchema.parse({ type: 'scroll', direction: 'down' })).toEqual({
      type: 'scroll',
      direction: 'down',
      amount: 'page',
    });
    expect(actionSchema.parse({ type: 'wait_for', until: { kind: 'url', url: '/done' } })).toEqual({
      type: 'wait_for',
      until: { kind: 'url', url: '/done', match: 'contains' },
    });
  });

  it('rejects unknown fields, targets with both or neither form, and a switch_tab with two selectors', () => {
    expect(
      actionSchema.safeParse({ type: 'click', target: { ref: 'e1' }, force: true }).success,
    ).toBe(false);
    expect(
      actionSchema.safeParse({ type: 'click', target: { ref: 'e1', locator: 'x' } }).success,
    ).toBe(false);
    expect(actionSchema.safeParse({ type: 'click', target: {} }).success).toBe(false);
    expect(actionSchema.safeParse({ type: 'switch_tab', index: 1, urlContains: 'x' }).success).toBe(
      false,
    );
    expect(actionSchema.safeParse({ type: 'switch_tab' }).success).toBe(false);
    expect(
      actionSchema.safeParse({ type: 'upload_file', target: { ref: 'e1' }, files: [] }).success,
    ).toBe(false);
  });

  it('lists every action type and tells assertions apart', () => {
    expect(ACTION_TYPES).toHaveLength(18);
    expect(ACTION_TYPES).toContain('assert_count');
    expect(isAssertion(actionSchema.parse({ type: 'assert_url', url: 'x' }))).toBe(true);
    expect(isAssertion(actionSchema.parse({ type: 'go_back' }))).toBe(false);
    expect(
      targetOf(
        actionSchema.parse({ type: 'wait_for', until: { kind: 'element', target: { ref: 'e2' } } }),
      ),
    ).toEqual({ ref: 'e2' });
  });
});

/** Walks a JSON schema and lists what OpenAI strict structured outputs would refuse. */
function strictModeProblems(schema: unknown, path = '$'): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const problems: string[] = [];
  for (const keyword of [
    'oneOf',
    'allOf',
    'not',
    'if',
    'patternProperties',
    'minLength',
    'maxLength',
    'pattern',
    'format',
    'minimum',
    'maximum',
    'minItems',
    'maxItems',
  ]) {
    if (keyword in node) problems.push(`${path}: uses ${keyword}`);
  }
  if (node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object'))) {
    const properties = Object.keys((node.properties as Record<string, unknown>) ?? {});
    if (node.additionalProperties !== false)
      problems.push(`${path}: additionalProperties is not false`);
    const required = (node.required as string[]) ?? [];
    for (const key of properties)
      if (!required.includes(key)) problems.push(`${path}.${key}: not required`);
  }
  for (const [key, child] of Object.entries(node)) {
    if (key === 'properties')
      for (const [name, sub] of Object.entries(child as object))
        problems.push(...strictModeProblems(sub, `${path}.${name}`));
    else if (Array.isArray(child))
      child.forEach((sub, i) => problems.push(...strictModeProblems(sub, `${path}.${key}[${i}]`)));
    else if (typeof child === 'object')
      problems.push(...strictModeProblems(child, `${path}.${key}`));
  }
  return problems;
}

describe('agentActionSchema', () => {
  it('is accepted by OpenAI strict structured outputs: closed objects, every field required, no unsupported keywords', () => {
    const json = z.toJSONSchema(agentActionSchema);
    expect(strictModeProblems(json)).toEqual([]);
    expect((json.anyOf as unknown[]).length).toBe(18);
  });

  it('converts model output into actions, nulls meaning defaults', () => {
    expect(
      agentActionToAction({ type: 'click', ref: 'e12', button: null, clickCount: null }),
    ).toEqual({
      type: 'click',
      target: { ref: 'e12' },
      button: 'left',
      clickCount: 1,
    });
    expect(
      agentActionToAction({
        type: 'scroll',
        ref: null,
        direction: 'down',
        amount: null,
        pixels: 300,
      }),
    ).toEqual({ type: 'scroll', direction: 'down', amount: 300 });
    expect(
      agentActionToAction({
        type: 'wait_for',
        kind: 'text_gone',
        text: 'Loading',
        ref: null,
        state: null,
        url: null,
        match: null,
        timeoutMs: 5000,
      }),
    ).toEqual({
      type: 'wait_for',
      until: { kind: 'text', text: 'Loading', exact: false, gone: true },
      timeoutMs: 5000,
    });
    expect(
      agentActionToAction({
        type: 'assert_text_visible',
        text: 'Paid',
        exact: null,
        ref: 'e4',
        timeoutMs: null,
      }),
    ).toEqual({
      type: 'assert_text_visible',
      text: 'Paid',
      exact: false,
      target: { ref: 'e4' },
    });
    expect(agentActionToAction({ type: 'switch_tab', index: 1, urlContains: null })).toEqual({
      type: 'switch_tab',
      index: 1,
    });
    expect(agentActionToAction({ type: 'done', success: true, outcome: 'ok' })).toEqual({
      type: 'done',
      success: true,
      outcome: 'ok',
    });
  });

  it('accepts every type the model can write and converts each into a valid action', () => {
    const samples = [
      { type: 'navigate', url: '/x' },
      { type: 'input_text', ref: 'e1', text: 'a', clear: false, pressEnter: null },
      { type: 'select_option', ref: 'e1', option: 'Germany', by: null },
      { type: 'press_keys', keys: 'Enter', ref: null },
      { type: 'hover', ref: 'e1' },
      {
        type: 'wait_for',
        kind: 'element',
        text: null,
        ref: 'e3',
        state: 'hidden',
        url: null,
        match: null,
        timeoutMs: null,
      },
      {
        type: 'wait_for',
        kind: 'url',
        text: null,
        ref: null,
        state: null,
        url: '/done',
        match: 'glob',
        timeoutMs: null,
      },
      { type: 'go_back' },
      { type: 'upload_file', ref: 'e1', files: ['a.txt'] },
      { type: 'assert_text_not_visible', text: 'Error', exact: true, ref: null, timeoutMs: 100 },
      { type: 'assert_url', url: '/x', match: null, timeoutMs: null },
      { type: 'assert_element', ref: 'e1', state: 'checked', timeoutMs: null },
      { type: 'assert_value', ref: 'e1', value: 'x', match: 'contains', timeoutMs: null },
      { type: 'assert_count', ref: 'e1', count: 1, comparison: null, timeoutMs: null },
    ];
    for (const sample of samples) {
      expect(agentActionSchema.safeParse(sample).success, sample.type).toBe(true);
      expect(actionSchema.safeParse(agentActionToAction(sample)).success, sample.type).toBe(true);
    }
  });

  it('refuses incomplete model output with INVALID_ACTION saying what is wrong', () => {
    expect(agentActionSchema.safeParse({ type: 'click', ref: 'e1' }).success).toBe(false);
    try {
      agentActionToAction({
        type: 'wait_for',
        kind: 'text',
        text: null,
        ref: null,
        state: null,
        url: null,
        match: null,
        timeoutMs: null,
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ActionError);
      expect(error).toMatchObject({
        code: 'INVALID_ACTION',
        message: expect.stringContaining('until.text'),
      });
    }
  });
});
