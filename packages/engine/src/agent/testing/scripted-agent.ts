// Test support: scripted agent models that read the step message they get (page state, results) to pick refs.
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import type { MockLanguageModelV3 } from 'ai/test';
import { createMockLanguageModel, type MockReply } from '../../llm/testing/mock-language-model.ts';
import type { AgentAction } from '../../actions/agent-action-schema.ts';
import type { AgentReply } from '../agent-reply.ts';
import { PROMPT_SECTIONS, readPromptSection } from '../agent-prompt.ts';

/** The parts of one step message, as a script reads them. */
export interface AgentPromptView {
  /** The whole step message. */
  text: string;
  system: string;
  task: string;
  history: string;
  previousStep: string;
  status: string;
  pageState: string;
  repair: string | null;
  /** 1-based step number from the status section. */
  stepNumber: number;
  /** The page title from the page state's first line. */
  title: string;
  /** The last user message when it is the LLM layer's feedback on an invalid reply; null otherwise. */
  feedback: string | null;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => {
      const p = part as { type?: string; text?: string };
      return p.type === 'text' && typeof p.text === 'string' ? p.text : '';
    })
    .join('\n');
}

/** Reads a step message (e.g. a fake server's `request.text`, or the text of the mock's first user message). */
export function readAgentPromptText(
  text: string,
  system = '',
  feedback: string | null = null,
): AgentPromptView {
  const status = readPromptSection(text, PROMPT_SECTIONS.status) ?? '';
  const pageState = readPromptSection(text, PROMPT_SECTIONS.pageState) ?? '';
  return {
    text,
    system,
    task: readPromptSection(text, PROMPT_SECTIONS.task) ?? '',
    history: readPromptSection(text, PROMPT_SECTIONS.history) ?? '',
    previousStep: readPromptSection(text, PROMPT_SECTIONS.previousStep) ?? '',
    status,
    pageState,
    repair: readPromptSection(text, PROMPT_SECTIONS.repair),
    stepNumber: Number(/Step (\d+) of/.exec(status)?.[1] ?? 0),
    title: JSON.parse(/^Page: ("(?:[^"\\]|\\.)*")/.exec(pageState)?.[1] ?? '""') as string,
    feedback,
  };
}

/** Reads the step message of a MockLanguageModelV3 call. */
export function readAgentPrompt(call: LanguageModelV3CallOptions): AgentPromptView {
  const system = call.prompt
    .filter((m) => m.role === 'system')
    .map((m) => textOf(m.content))
    .join('\n');
  const users = call.prompt.filter((m) => m.role === 'user');
  const first = textOf(users[0]?.content);
  const last = users.length > 1 ? textOf(users[users.length - 1]?.content) : null;
  return readAgentPromptText(first, system, last);
}

/** An element of the page state: `[38]button "Proceed to shipping"`. */
export interface PageStateElement {
  ref: string;
  role: string;
  name: string;
  line: string;
}

const ELEMENT = /\[([A-Za-z0-9]+)\]([a-z]+)(?: ("(?:[^"\\]|\\.)*"))?/g;

/** The elements listed in the page state's body (after the `---` line; the change summary above is skipped). */
export function pageStateElements(pageState: string): PageStateElement[] {
  const found: PageStateElement[] = [];
  const lines = pageState.split('\n');
  const body = lines.slice(lines.indexOf('---') + 1);
  for (const line of body) {
    for (const match of line.matchAll(ELEMENT)) {
      const [, ref, role, quoted] = match;
      if (ref === undefined || role === undefined) continue;
      found.push({ ref, role, name: quoted ? (JSON.parse(quoted) as string) : '', line });
    }
  }
  return found;
}

/**
 * The ref of the one element with this role whose name equals (string) or matches (RegExp) `name`. Throws when
 * there is none or several, so a script never clicks by accident.
 */
export function findRef(pageState: string, role: string, name: string | RegExp): string {
  const matches = pageStateElements(pageState).filter(
    (e) => e.role === role && (typeof name === 'string' ? e.name === name : name.test(e.name)),
  );
  if (matches.length !== 1) {
    throw new Error(
      `findRef: ${matches.length} ${role} elements named ${String(name)} in the page state:\n${pageState}`,
    );
  }
  return (matches[0] as PageStateElement).ref;
}

/** Model-form actions (every field present, null for defaults), as a model writes them. */
export const agentActions = {
  navigate: (url: string): AgentAction => ({ type: 'navigate', url }),
  click: (ref: string): AgentAction => ({ type: 'click', ref, button: null, clickCount: null }),
  inputText: (ref: string, text: string, pressEnter: boolean | null = null): AgentAction => ({
    type: 'input_text',
    ref,
    text,
    clear: null,
    pressEnter,
  }),
  selectOption: (ref: string, option: string): AgentAction => ({
    type: 'select_option',
    ref,
    option,
    by: null,
  }),
  scroll: (direction: 'up' | 'down'): AgentAction => ({
    type: 'scroll',
    ref: null,
    direction,
    amount: null,
    pixels: null,
  }),
  assertTextVisible: (
    text: string,
    ref: string | null = null,
    timeoutMs: number | null = null,
  ): AgentAction => ({
    type: 'assert_text_visible',
    text,
    exact: null,
    ref,
    timeoutMs,
  }),
  assertUrl: (url: string, match: 'exact' | 'contains' = 'contains'): AgentAction => ({
    type: 'assert_url',
    url,
    match,
    timeoutMs: null,
  }),
  assertValue: (ref: string, value: string): AgentAction => ({
    type: 'assert_value',
    ref,
    value,
    match: null,
    timeoutMs: null,
  }),
  done: (success: boolean, outcome: string): AgentAction => ({ type: 'done', success, outcome }),
};

/** A whole reply of one step. */
export function agentReply(
  nextGoal: string,
  actions: AgentAction[],
  more: { evaluation?: string; memory?: string } = {},
): AgentReply {
  return {
    evaluation_previous_goal: more.evaluation ?? 'Start',
    memory: more.memory ?? '',
    next_goal: nextGoal,
    actions,
  };
}

/** What a script returns for one model call: a reply, or any scripted mock answer (raw text, an error…). */
export type AgentScriptAnswer = AgentReply | MockReply;

function isReply(answer: AgentScriptAnswer): answer is AgentReply {
  return typeof answer === 'object' && 'next_goal' in answer && 'actions' in answer;
}

/**
 * A MockLanguageModelV3 driven by a script that reads each step message. The model's `doGenerateCalls` keep
 * every call (prompts, response format) for assertions.
 */
export function createScriptedAgentModel(
  script: (view: AgentPromptView, callIndex: number) => AgentScriptAnswer,
  options: { modelId?: string; provider?: string } = {},
): MockLanguageModelV3 {
  return createMockLanguageModel({
    ...options,
    replies: (call, index) => {
      const answer = script(readAgentPrompt(call), index);
      return isReply(answer) ? { json: answer } : answer;
    },
  });
}
