// The action schema as the model writes it: flat, every field present, optional ones null (OpenAI strict outputs).
//
// Each action is an object with a `type` and the fields of that type; elements are addressed by `ref` (the short
// id shown in the page state, e.g. "e12"). Fields that do not apply are null. For example:
//   { "type": "click", "ref": "e12", "button": null, "clickCount": null }
//   { "type": "input_text", "ref": "e7", "text": "<secret>password</secret>", "clear": null, "pressEnter": true }
//   { "type": "assert_text_visible", "text": "Order confirmed", "exact": null, "ref": null, "timeoutMs": null }
// The union is an `anyOf` of closed objects, so it satisfies OpenAI's strict structured outputs; convert with
// agentActionToAction() before executing.
import { z } from 'zod';
import { ActionError } from './action-errors.ts';
import {
  actionSchema,
  ELEMENT_STATES,
  URL_MATCH_MODES,
  type Action,
  type ActionInput,
} from './action-schema.ts';

const ref = z.string().describe('element ref from the page state, e.g. "e12"');
const optionalRef = ref.nullable();
const type = <T extends string>(name: T, what: string) => z.enum([name]).describe(what);
const nullableInt = (what: string) => z.number().nullable().describe(what);

const variants = [
  z.object({
    type: type('navigate', 'open a URL in the current tab'),
    url: z.string().describe('absolute URL, or a path relative to the application'),
  }),
  z.object({
    type: type('click', 'click an element'),
    ref,
    button: z.enum(['left', 'right', 'middle']).nullable().describe('default left'),
    clickCount: nullableInt('2 for a double click; default 1'),
  }),
  z.object({
    type: type('input_text', 'type text into a field; use <secret>name</secret> for secrets'),
    ref,
    text: z.string(),
    clear: z.boolean().nullable().describe('replace the current content (default true)'),
    pressEnter: z.boolean().nullable().describe('press Enter afterwards (default false)'),
  }),
  z.object({
    type: type('select_option', 'choose an option of a select or dropdown'),
    ref,
    option: z.string().describe('the option label (or value when by is "value")'),
    by: z.enum(['label', 'value']).nullable().describe('default label'),
  }),
  z.object({
    type: type('press_keys', 'press a key or chord, e.g. "Enter", "Escape", "Control+A"'),
    keys: z.string(),
    ref: optionalRef.describe('element to focus first; null for the focused element'),
  }),
  z.object({
    type: type('scroll', 'scroll the page, or inside an element'),
    ref: optionalRef.describe('scrollable element; null for the page'),
    direction: z.enum(['up', 'down', 'left', 'right']),
    amount: z
      .enum(['page', 'half_page', 'edge'])
      .nullable()
      .describe('default page; ignored when pixels is set'),
    pixels: z.number().nullable(),
  }),
  z.object({ type: type('hover', 'move the mouse over an element'), ref }),
  z.object({
    type: type(
      'wait_for',
      'wait until a text appears or disappears, an element reaches a state, or the URL matches',
    ),
    kind: z.enum(['text', 'text_gone', 'element', 'url']),
    text: z.string().nullable().describe('for text and text_gone'),
    ref: optionalRef.describe('for element'),
    state: z
      .enum(['visible', 'hidden', 'attached', 'detached'])
      .nullable()
      .describe('for element; default visible'),
    url: z.string().nullable().describe('for url'),
    match: z.enum(URL_MATCH_MODES).nullable().describe('for url; default contains'),
    timeoutMs: nullableInt('default 10000'),
  }),
  z.object({ type: type('go_back', 'go back in the tab history') }),
  z.object({
    type: type('switch_tab', 'make another tab active'),
    index: nullableInt('tab position, 0 is the first tab'),
    urlContains: z.string().nullable(),
  }),
  z.object({
    type: type('upload_file', 'attach files from the test’s upload directory'),
    ref,
    files: z.array(z.string()).describe('file names'),
  }),
  z.object({
    type: type(
      'assert_text_visible',
      'check that a text is visible (in the element, if ref is set)',
    ),
    text: z.string(),
    exact: z.boolean().nullable().describe('whole-text, case-sensitive match; default false'),
    ref: optionalRef,
    timeoutMs: nullableInt('how long to wait for it; default 5000'),
  }),
  z.object({
    type: type('assert_text_not_visible', 'check that a text is not visible'),
    text: z.string(),
    exact: z.boolean().nullable(),
    ref: optionalRef,
    timeoutMs: nullableInt('default 5000'),
  }),
  z.object({
    type: type('assert_url', 'check the current URL'),
    url: z.string(),
    match: z.enum(URL_MATCH_MODES).nullable().describe('default exact'),
    timeoutMs: nullableInt('default 5000'),
  }),
  z.object({
    type: type('assert_element', 'check an element’s state'),
    ref,
    state: z.enum(ELEMENT_STATES),
    timeoutMs: nullableInt('default 5000'),
  }),
  z.object({
    type: type('assert_value', 'check the value of a field'),
    ref,
    value: z.string(),
    match: z.enum(['exact', 'contains']).nullable().describe('default exact'),
    timeoutMs: nullableInt('default 5000'),
  }),
  z.object({
    type: type('assert_count', 'check how many elements match (the ref’s element counts as one)'),
    ref,
    count: z.number(),
    comparison: z.enum(['eq', 'gte', 'lte']).nullable().describe('default eq'),
    timeoutMs: nullableInt('default 5000'),
  }),
  z.object({
    type: type('done', 'finish the test: success true only when the expected outcome was verified'),
    success: z.boolean(),
    outcome: z.string().describe('what was verified, or why the test cannot pass'),
  }),
].map((variant) => variant.strict());

/** One action as the model writes it. Every field is required; null means "not applicable / default". */
export const agentActionSchema = z.union(
  variants as unknown as [(typeof variants)[number], ...(typeof variants)[number][]],
);
export type AgentAction = z.infer<typeof agentActionSchema>;

type Fields = Record<string, unknown>;

/** Drops null fields, so defaults of actionSchema apply. */
function defined(fields: Fields): Fields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null));
}

function convert(agent: Fields): ActionInput {
  const { type: actionType, ref: refValue, ...rest } = agent;
  const target = typeof refValue === 'string' ? { ref: refValue } : undefined;
  switch (actionType) {
    case 'wait_for': {
      const { kind, text, state, url, match, timeoutMs } = rest;
      const until =
        kind === 'text' || kind === 'text_gone'
          ? defined({ kind: 'text', text, gone: kind === 'text_gone' })
          : kind === 'element'
            ? defined({ kind: 'element', target, state })
            : defined({ kind: 'url', url, match });
      return defined({ type: 'wait_for', until, timeoutMs }) as ActionInput;
    }
    case 'scroll': {
      const { pixels, amount, direction } = rest;
      return defined({
        type: 'scroll',
        target,
        direction,
        amount: pixels ?? amount,
      }) as ActionInput;
    }
    default:
      return defined({ type: actionType, ...(target && { target }), ...rest }) as ActionInput;
  }
}

/**
 * Converts a model-written action into an executable Action. Throws ActionError INVALID_ACTION (with the
 * validation problem in the message) when the fields do not make a valid action, e.g. wait_for text without text.
 */
export function agentActionToAction(agent: AgentAction | Fields): Action {
  const parsed = actionSchema.safeParse(convert(agent as Fields));
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'action'}: ${i.message}`)
      .join('; ');
    throw new ActionError(
      'INVALID_ACTION',
      `invalid ${String((agent as Fields).type)} action: ${problems}`,
      {
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}
