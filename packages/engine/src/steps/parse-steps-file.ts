// Parses and validates a steps file (YAML or JSON); every problem is reported with its line, its step and what to fix.
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { actionSchema, isAssertion, type Action } from '../actions/action-schema.ts';
import { describeAction } from '../agent/agent-history.ts';
import { secretNamesIn } from '../secrets/secret-text.ts';
import { invalidStepsFile, type StepsFileIssue } from './steps-file-error.ts';
import {
  STEP_ACTION_KEYS,
  STEP_ACTION_SCHEMAS,
  STEP_EXTRA_KEYS,
  stepGoalSchema,
  stepsFileHeadSchema,
  stepTimeoutSchema,
  type StepActionKey,
} from './steps-file-schema.ts';
import { planAction, type PlannedAction } from './steps-to-actions.ts';

/** One step of a steps file: a brain state of the recorded traversal, with its goal as the caption. */
export interface StepsFileStep {
  /** 1-based position in the file. */
  number: number;
  line: number | null;
  /** The step's goal as written, or a description of its action. */
  goal: string;
  actions: PlannedAction[];
}

/** A validated steps file: the test's fields and its steps. */
export interface StepsFile {
  name: string;
  description: string;
  expectedOutcome: string;
  /** Relative to the project's base URL, or absolute. */
  startUrl: string;
  allowedDomains: string[];
  extraRules?: string;
  steps: StepsFileStep[];
  /** Names of the secrets the steps use (`<secret>name</secret>`), in order of first use. */
  secretNames: string[];
}

/** Finds the line of a path in the source document (null when unknown). */
type LineOf = (path: readonly (string | number)[]) => number | null;

const NEUTRAL = new Set<Action['type']>(['scroll', 'hover', 'wait_for', 'done']);

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] as number;
}

function suggest(key: string, known: readonly string[]): string {
  const ranked = known
    .map((k) => ({ k, d: levenshtein(key.toLowerCase(), k) }))
    .sort((a, b) => a.d - b.d);
  const best = ranked[0];
  return best && best.d <= Math.max(2, Math.floor(key.length / 3))
    ? `did you mean "${best.k}"?`
    : `use one of ${known.join(', ')}`;
}

function pathText(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part,
    '',
  );
}

/** Zod issues of a value at `base` as steps file issues, in words a test author can act on. */
function zodIssues(
  error: z.ZodError,
  base: (string | number)[],
  step: number | null,
  lineOf: LineOf,
): StepsFileIssue[] {
  return error.issues.map((issue) => {
    const path = [...base, ...(issue.path as (string | number)[])];
    let message = issue.message;
    if (issue.code === 'unrecognized_keys')
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    else if (issue.code === 'invalid_type' && issue.input === undefined)
      message = `missing ${String(path[path.length - 1])}`;
    return { line: lineOf(path), step, path: pathText(path), message };
  });
}

interface StepParse {
  step: StepsFileStep | null;
  issues: StepsFileIssue[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Validates one `{ <action key>: value, timeout? }` item (a step, or an entry of its `actions:`). */
function parseActionItem(
  raw: Record<string, unknown>,
  base: (string | number)[],
  step: number,
  lineOf: LineOf,
  issues: StepsFileIssue[],
): PlannedAction | null {
  const keys = STEP_ACTION_KEYS.filter((k) => k in raw);
  const line = lineOf(base);
  if (keys.length === 0) {
    issues.push({
      line,
      step,
      path: pathText(base),
      message: `no action: add one of ${STEP_ACTION_KEYS.join(', ')}`,
    });
    return null;
  }
  if (keys.length > 1) {
    issues.push({
      line,
      step,
      path: pathText(base),
      message: `${keys.length} actions (${keys.join(', ')}) in one item: give each its own step, or list them under actions:`,
    });
    return null;
  }
  const key = keys[0] as StepActionKey;
  const timeout = stepTimeoutSchema.safeParse(raw.timeout);
  if (!timeout.success)
    issues.push(...zodIssues(timeout.error, [...base, 'timeout'], step, lineOf));
  const parsed = STEP_ACTION_SCHEMAS[key].safeParse(raw[key]);
  if (!parsed.success) {
    issues.push(...zodIssues(parsed.error, [...base, key], step, lineOf));
    return null;
  }
  const planned = planAction(key, parsed.data as never, timeout.data, lineOf([...base, key]));
  if (planned.kind === 'action') {
    const valid = actionSchema.safeParse(planned.action);
    if (!valid.success) {
      issues.push(...zodIssues(valid.error, [...base, key], step, lineOf));
      return null;
    }
    planned.action = valid.data;
  }
  return planned;
}

function parseStep(raw: unknown, index: number, lineOf: LineOf): StepParse {
  const number = index + 1;
  const base: (string | number)[] = ['steps', index];
  const issues: StepsFileIssue[] = [];
  const at = (path: (string | number)[], message: string): void =>
    void issues.push({ line: lineOf(path), step: number, path: pathText(path), message });
  if (!isRecord(raw)) {
    at(base, `a step is a mapping such as  - click: "getByRole('button', { name: 'Pay' })"`);
    return { step: null, issues };
  }
  const known = [...STEP_ACTION_KEYS, ...STEP_EXTRA_KEYS, 'actions'];
  for (const key of Object.keys(raw))
    if (!known.includes(key)) at([...base, key], `unknown key "${key}": ${suggest(key, known)}`);
  const goal = raw.goal === undefined ? null : stepGoalSchema.safeParse(raw.goal);
  if (goal && !goal.success)
    issues.push(...zodIssues(goal.error, [...base, 'goal'], number, lineOf));

  const actions: PlannedAction[] = [];
  if ('actions' in raw) {
    if (STEP_ACTION_KEYS.some((k) => k in raw))
      at(base, 'a step has either one action key or actions:, not both');
    if (!Array.isArray(raw.actions) || raw.actions.length === 0) {
      at(
        [...base, 'actions'],
        'actions: is a list of actions, each like  - fill: { locator: …, value: … }',
      );
    } else {
      raw.actions.forEach((item, i) => {
        const path = [...base, 'actions', i];
        if (!isRecord(item))
          return at(path, 'each entry of actions: is one action such as  - click: "…"');
        for (const key of Object.keys(item))
          if (!(STEP_ACTION_KEYS as string[]).includes(key) && key !== 'timeout')
            at([...path, key], `unknown key "${key}": ${suggest(key, STEP_ACTION_KEYS)}`);
        const planned = parseActionItem(item, path, number, lineOf, issues);
        if (planned) actions.push(planned);
      });
    }
  } else {
    const planned = parseActionItem(raw, base, number, lineOf, issues);
    if (planned) actions.push(planned);
  }
  if (issues.length > 0) return { step: null, issues };
  const first = actions[0];
  const described =
    first?.kind === 'action'
      ? describeAction(actionSchema.parse(first.action))
      : first
        ? `${first.checked ? 'check' : 'uncheck'} ${first.locator}`
        : `step ${number}`;
  return {
    step: {
      number,
      line: lineOf(base),
      goal: goal?.success ? goal.data : described,
      actions,
    },
    issues,
  };
}

/** The steps must verify the outcome: an assertion after the last interaction (as the agent's done rule demands). */
function checkEndsVerified(steps: readonly StepsFileStep[], lineOf: LineOf): StepsFileIssue | null {
  let verified = false;
  for (const step of steps) {
    for (const planned of step.actions) {
      if (planned.kind === 'check') verified = false;
      else {
        const action = actionSchema.parse(planned.action);
        if (isAssertion(action)) verified = true;
        else if (!NEUTRAL.has(action.type)) verified = false;
      }
    }
  }
  if (verified) return null;
  const last = steps[steps.length - 1];
  return {
    line: last ? lineOf(['steps', last.number - 1]) : null,
    step: last?.number ?? null,
    path: 'steps',
    message:
      'the steps must end with an assertion that verifies the expected outcome after the last interaction, ' +
      'e.g.  - assert_text_visible: "Order confirmed"',
  };
}

/**
 * Validates a steps file already read into a value (from JSON or an API body). `lineOf` maps a path to a line
 * when the source is known. Throws StepsFileError STEPS_FILE_INVALID listing every problem.
 */
export function validateStepsFile(
  value: unknown,
  lineOf: LineOf = () => null,
  name?: string,
): StepsFile {
  const head = stepsFileHeadSchema.safeParse(value);
  if (!head.success) throw invalidStepsFile(zodIssues(head.error, [], null, lineOf), name);
  const issues: StepsFileIssue[] = [];
  const steps: StepsFileStep[] = [];
  head.data.steps.forEach((raw, index) => {
    const parsed = parseStep(raw, index, lineOf);
    issues.push(...parsed.issues);
    if (parsed.step) steps.push(parsed.step);
  });
  if (issues.length === 0) {
    const unverified = checkEndsVerified(steps, lineOf);
    if (unverified) issues.push(unverified);
  }
  if (issues.length > 0) throw invalidStepsFile(issues, name);
  const { steps: _raw, ...fields } = head.data;
  return {
    ...fields,
    steps,
    secretNames: secretNamesIn(JSON.stringify(steps.map((s) => s.actions))),
  };
}

function lineFinder(doc: Document, lines: LineCounter): LineOf {
  return (path) => {
    for (let end = path.length; end >= 0; end--) {
      const node = doc.getIn(path.slice(0, end), true) as
        { range?: [number, number, number] } | undefined;
      const offset = node?.range?.[0];
      if (offset !== undefined) return lines.linePos(offset).line;
      if (end === 0) break;
    }
    return null;
  };
}

/**
 * Parses a steps file written in YAML or JSON (JSON is read as YAML, so both report lines). Scalars keep their
 * text — a value written 0042 is typed as "0042" — and numeric fields are read from it. Throws StepsFileError
 * STEPS_FILE_INVALID with every problem, each with its line, its step and what to fix.
 */
export function parseStepsFile(source: string, options: { fileName?: string } = {}): StepsFile {
  const lines = new LineCounter();
  const doc = parseDocument(source, {
    lineCounter: lines,
    prettyErrors: true,
    // Numbers stay strings: a typed value keeps its leading zeros; number fields convert in the schema.
    customTags: (tags) =>
      tags.filter((tag) => typeof tag === 'string' || !/:(?:int|float)$/.test(tag.tag)),
  });
  if (doc.errors.length > 0) {
    throw invalidStepsFile(
      doc.errors.map((error) => ({
        line: error.linePos?.[0]?.line ?? null,
        step: null,
        path: '',
        message: `${error.message.split('\n')[0] ?? 'syntax error'} — check the indentation and quoting`,
      })),
      options.fileName,
    );
  }
  if (!isMap(doc.contents)) {
    throw invalidStepsFile(
      [
        {
          line: 1,
          step: null,
          path: '',
          message: 'a steps file is a mapping with name, expectedOutcome, startUrl and steps',
        },
      ],
      options.fileName,
    );
  }
  return validateStepsFile(doc.toJS(), lineFinder(doc, lines), options.fileName);
}
