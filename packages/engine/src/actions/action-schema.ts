// The typed action union the agent emits, the recorder stores and the replay engine executes.
import { z } from 'zod';
import { MAX_LOCATOR_LENGTH } from '../locators/parse-locator.ts';

const MAX_TEXT = 10_000;
const MAX_WAIT_MS = 120_000;

/**
 * Which element an action acts on: a short ref from the latest page observation (agent runs), or a
 * Playwright-style locator string (steps files and recorded traversals).
 */
export const actionTargetSchema = z.union([
  z.object({ ref: z.string().min(1).max(64) }).strict(),
  z.object({ locator: z.string().min(1).max(MAX_LOCATOR_LENGTH) }).strict(),
]);
export type ActionTarget = z.infer<typeof actionTargetSchema>;

export const URL_MATCH_MODES = ['exact', 'contains', 'glob', 'regex'] as const;
export type UrlMatchMode = (typeof URL_MATCH_MODES)[number];

export const ELEMENT_STATES = [
  'visible',
  'hidden',
  'enabled',
  'disabled',
  'checked',
  'unchecked',
] as const;
export type ElementState = (typeof ELEMENT_STATES)[number];

const text = z.string().min(1).max(MAX_TEXT);
/** Optional per-action wait (assertions and wait_for); the execution context has the default. */
const timeoutMs = z.number().int().min(0).max(MAX_WAIT_MS).optional();

const navigate = z
  .object({ type: z.literal('navigate'), url: z.string().min(1).max(4_000) })
  .strict();
const click = z
  .object({
    type: z.literal('click'),
    target: actionTargetSchema,
    button: z.enum(['left', 'right', 'middle']).default('left'),
    clickCount: z.number().int().min(1).max(3).default(1),
  })
  .strict();
const inputText = z
  .object({
    type: z.literal('input_text'),
    target: actionTargetSchema,
    /** May contain `<secret>name</secret>` placeholders, substituted only when typed. */
    text: z.string().max(MAX_TEXT),
    /** Replace the current content (default) or type after it. */
    clear: z.boolean().default(true),
    pressEnter: z.boolean().default(false),
  })
  .strict();
const selectOption = z
  .object({
    type: z.literal('select_option'),
    target: actionTargetSchema,
    option: text,
    by: z.enum(['label', 'value']).default('label'),
  })
  .strict();
const pressKeys = z
  .object({
    type: z.literal('press_keys'),
    /** One key or chord in Playwright notation: "Enter", "Control+A", "Shift+Tab". */
    keys: z.string().min(1).max(100),
    target: actionTargetSchema.optional(),
  })
  .strict();
const scroll = z
  .object({
    type: z.literal('scroll'),
    /** Scroll inside this element (or its nearest scrollable ancestor); the page when absent. */
    target: actionTargetSchema.optional(),
    direction: z.enum(['up', 'down', 'left', 'right']),
    /** Pixels, or a page / half a page of the scrolled box, or all the way to the edge. */
    amount: z
      .union([z.number().positive().max(1_000_000), z.enum(['page', 'half_page', 'edge'])])
      .default('page'),
  })
  .strict();
const hover = z.object({ type: z.literal('hover'), target: actionTargetSchema }).strict();
const waitUntil = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('text'),
      text,
      exact: z.boolean().default(false),
      gone: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      kind: z.literal('element'),
      target: actionTargetSchema,
      state: z.enum(['visible', 'hidden', 'attached', 'detached']).default('visible'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('url'),
      url: text,
      match: z.enum(URL_MATCH_MODES).default('contains'),
    })
    .strict(),
]);
const waitFor = z.object({ type: z.literal('wait_for'), until: waitUntil, timeoutMs }).strict();
const goBack = z.object({ type: z.literal('go_back') }).strict();
const switchTab = z
  .object({
    type: z.literal('switch_tab'),
    /** Position among open tabs, oldest first (0 is the first tab). */
    index: z.number().int().min(0).max(100).optional(),
    urlContains: z.string().min(1).max(4_000).optional(),
  })
  .strict()
  .refine((a) => (a.index === undefined) !== (a.urlContains === undefined), {
    message: 'switch_tab takes either index or urlContains',
  });
const uploadFile = z
  .object({
    type: z.literal('upload_file'),
    target: actionTargetSchema,
    /** File names inside the run's upload directory (never paths chosen elsewhere). */
    files: z.array(z.string().min(1).max(255)).min(1).max(10),
  })
  .strict();
const assertTextVisible = z
  .object({
    type: z.literal('assert_text_visible'),
    text,
    exact: z.boolean().default(false),
    /** Look only inside this element. */
    target: actionTargetSchema.optional(),
    timeoutMs,
  })
  .strict();
const assertTextNotVisible = assertTextVisible
  .extend({ type: z.literal('assert_text_not_visible') })
  .strict();
const assertUrl = z
  .object({
    type: z.literal('assert_url'),
    url: text,
    match: z.enum(URL_MATCH_MODES).default('exact'),
    timeoutMs,
  })
  .strict();
const assertElement = z
  .object({
    type: z.literal('assert_element'),
    target: actionTargetSchema,
    state: z.enum(ELEMENT_STATES),
    timeoutMs,
  })
  .strict();
const assertValue = z
  .object({
    type: z.literal('assert_value'),
    target: actionTargetSchema,
    /** May contain secret placeholders: compared with the value, never shown. */
    value: z.string().max(MAX_TEXT),
    match: z.enum(['exact', 'contains']).default('exact'),
    timeoutMs,
  })
  .strict();
const assertCount = z
  .object({
    type: z.literal('assert_count'),
    target: actionTargetSchema,
    count: z.number().int().min(0).max(100_000),
    comparison: z.enum(['eq', 'gte', 'lte']).default('eq'),
    timeoutMs,
  })
  .strict();
const done = z
  .object({ type: z.literal('done'), success: z.boolean(), outcome: z.string().max(4_000) })
  .strict();

export const actionSchema = z.discriminatedUnion('type', [
  navigate,
  click,
  inputText,
  selectOption,
  pressKeys,
  scroll,
  hover,
  waitFor,
  goBack,
  switchTab,
  uploadFile,
  assertTextVisible,
  assertTextNotVisible,
  assertUrl,
  assertElement,
  assertValue,
  assertCount,
  done,
]);

/** A validated action, defaults applied. */
export type Action = z.infer<typeof actionSchema>;
/** An action as written (defaults optional). */
export type ActionInput = z.input<typeof actionSchema>;
export type ActionType = Action['type'];
export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;

export const ACTION_TYPES = actionSchema.options.map((o) => o.shape.type.value) as ActionType[];

export const ASSERTION_TYPES = [
  'assert_text_visible',
  'assert_text_not_visible',
  'assert_url',
  'assert_element',
  'assert_value',
  'assert_count',
] as const satisfies readonly ActionType[];
export type AssertionType = (typeof ASSERTION_TYPES)[number];

export function isAssertion(action: Action): action is ActionOf<AssertionType> {
  return (ASSERTION_TYPES as readonly string[]).includes(action.type);
}

/** The element target of an action, if it has one (wait_for's element included). */
export function targetOf(action: Action): ActionTarget | undefined {
  if ('target' in action) return action.target;
  if (action.type === 'wait_for' && action.until.kind === 'element') return action.until.target;
  return undefined;
}
