// The steps file format: test fields, then steps of one action each (navigate, click, fill, …, assert_*), as zod schemas.
import { z } from 'zod';
import { ELEMENT_STATES, URL_MATCH_MODES } from '../actions/action-schema.ts';
import { MAX_LOCATOR_LENGTH, parseLocator } from '../locators/parse-locator.ts';

const MAX_TEXT = 10_000;

/** Numbers arrive as strings (the parser keeps every scalar's text, so "0042" stays a string where one is wanted). */
const number = (schema: z.ZodNumber) =>
  z.preprocess(
    (value) =>
      typeof value === 'string' && /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value,
    schema,
  );
const text = z.string().min(1).max(MAX_TEXT);
/** Typed values may be empty (clearing a field). */
const value = z.string().max(MAX_TEXT);
const timeout = number(z.number().int().min(0).max(120_000)).optional();

export const stepLocatorSchema = z
  .string()
  .min(1)
  .max(MAX_LOCATOR_LENGTH)
  .superRefine((locator, ctx) => {
    try {
      parseLocator(locator);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message:
          `the locator does not parse: ${error instanceof Error ? error.message : String(error)}. ` +
          `Write a Playwright locator such as getByRole('button', { name: 'Pay' }) or locator('#pay')`,
      });
    }
  });
const locator = stepLocatorSchema;

/** `key: "<locator>"` is short for `key: { locator: "<locator>" }`. */
function withLocator<T extends z.ZodRawShape>(shape: T) {
  return z.preprocess(
    (raw) => (typeof raw === 'string' ? { locator: raw } : raw),
    z.object({ locator, ...shape }).strict(),
  );
}

/** `key: "<text>"` is short for `key: { <field>: "<text>" }`. */
function withShorthand<T extends z.ZodRawShape>(field: string, shape: T) {
  return z.preprocess(
    (raw) => (typeof raw === 'string' ? { [field]: raw } : raw),
    z.object(shape).strict(),
  );
}

const waitFor = z
  .object({
    text: text.optional(),
    exact: z.boolean().optional(),
    gone: z.boolean().optional(),
    locator: locator.optional(),
    state: z.enum(['visible', 'hidden', 'attached', 'detached']).optional(),
    url: text.optional(),
    match: z.enum(URL_MATCH_MODES).optional(),
  })
  .strict()
  .refine(
    (w) => [w.text, w.locator, w.url].filter((v) => v !== undefined).length === 1,
    'wait_for takes exactly one of text, locator or url',
  );

/** The schema of each action key of a step. */
export const STEP_ACTION_SCHEMAS = {
  navigate: withShorthand('url', { url: z.string().min(1).max(4_000) }),
  click: withLocator({
    button: z.enum(['left', 'right', 'middle']).optional(),
    clickCount: number(z.number().int().min(1).max(3)).optional(),
  }),
  fill: z
    .object({
      locator,
      value,
      pressEnter: z.boolean().optional(),
      clear: z.boolean().optional(),
    })
    .strict(),
  select: z.object({ locator, option: text, by: z.enum(['label', 'value']).optional() }).strict(),
  press: withShorthand('keys', { keys: z.string().min(1).max(100), locator: locator.optional() }),
  check: withLocator({}),
  uncheck: withLocator({}),
  hover: withLocator({}),
  scroll: withShorthand('direction', {
    direction: z.enum(['up', 'down', 'left', 'right']),
    amount: z
      .union([number(z.number().positive().max(1_000_000)), z.enum(['page', 'half_page', 'edge'])])
      .optional(),
    locator: locator.optional(),
  }),
  wait_for: waitFor,
  go_back: z.union([z.literal(true), z.null()]),
  switch_tab: z
    .object({
      index: number(z.number().int().min(0).max(100)).optional(),
      urlContains: z.string().min(1).max(4_000).optional(),
    })
    .strict()
    .refine(
      (s) => (s.index === undefined) !== (s.urlContains === undefined),
      'switch_tab takes either index or urlContains',
    ),
  upload: z.object({ locator, files: z.array(z.string().min(1).max(255)).min(1).max(10) }).strict(),
  assert_text_visible: withShorthand('text', {
    text,
    exact: z.boolean().optional(),
    locator: locator.optional(),
  }),
  assert_text_not_visible: withShorthand('text', {
    text,
    exact: z.boolean().optional(),
    locator: locator.optional(),
  }),
  assert_url: withShorthand('url', { url: text, match: z.enum(URL_MATCH_MODES).optional() }),
  assert_element: z.object({ locator, state: z.enum(ELEMENT_STATES) }).strict(),
  assert_value: z
    .object({ locator, value, match: z.enum(['exact', 'contains']).optional() })
    .strict(),
  assert_count: z
    .object({
      locator,
      count: number(z.number().int().min(0).max(100_000)),
      comparison: z.enum(['eq', 'gte', 'lte']).optional(),
    })
    .strict(),
} as const;

export type StepActionKey = keyof typeof STEP_ACTION_SCHEMAS;
export type StepActionValue<K extends StepActionKey> = z.infer<(typeof STEP_ACTION_SCHEMAS)[K]>;
export const STEP_ACTION_KEYS = Object.keys(STEP_ACTION_SCHEMAS) as StepActionKey[];

/** Keys a step may carry besides its action. */
export const STEP_EXTRA_KEYS = ['goal', 'timeout'] as const;

export const stepGoalSchema = z.string().trim().min(1).max(500);
export const stepTimeoutSchema = timeout;

/** The test fields of a steps file (the steps themselves are validated one by one, for precise errors). */
export const stepsFileHeadSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(10_000).default(''),
    expectedOutcome: z.string().trim().min(1).max(4_000),
    /** Where the test starts, relative to the project's base URL (or absolute). */
    startUrl: z.string().min(1).max(4_000).default('/'),
    allowedDomains: z.array(z.string().min(1).max(253)).default([]),
    extraRules: z.string().max(10_000).optional(),
    steps: z.array(z.unknown()).min(1, 'a steps file needs at least one step'),
  })
  .strict();
