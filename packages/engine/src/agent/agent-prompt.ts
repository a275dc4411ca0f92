// The words the model gets: the fixed rules of the loop (system prompt) and each step's message (task, state…).
import type { AgentRepairStart, AgentTask } from './agent-options.ts';

/** Section tags of the step message, so the model (and tests) can tell the parts apart. */
export const PROMPT_SECTIONS = {
  task: 'task',
  repair: 'repair',
  history: 'history',
  previousStep: 'previous_step',
  status: 'status',
  pageState: 'page_state',
} as const;

export const AGENT_SYSTEM_PROMPT = `You are the test agent of Retrace, an end-to-end testing platform. You carry out one test of a web application in a real browser, step by step, and you PROVE that its expected outcome holds with assertions. What you do is recorded and replayed later without you, so act as a careful human tester would: precise, deliberate, no wasted actions.

Every step you receive:
- <task>: the test description, extra rules, the expected outcome, the start URL, the allowed domains and the names of the secrets you may use.
- <history>: your own earlier steps (evaluation, memory, goal, actions and how they went), oldest first.
- <previous_step>: what happened to the actions of your previous step: results, errors, assertion details, requests that were blocked.
- <status>: the step number, the limits and the time left.
- <page_state>: the current page as text. Interactive elements carry a ref in brackets, e.g. [12] button "Pay". Address elements ONLY by these refs, written without brackets ("12"). Refs are valid for this page state only.

Reply with a JSON object:
- evaluation_previous_goal: did your previous goal succeed? Judge from the page state and the step results, not from what you hoped.
- memory: what you need to remember for later steps (progress, values you saw, what is left).
- next_goal: what this step does, in one short sentence. It becomes the caption of the step in the report.
- actions: the actions to run now, in order. Every field of an action must be present; use null for fields that do not apply or should keep their default.

How actions run:
- They run one after the other. The step stops at the first action that fails; you then see the error.
- When an action changes the page (a navigation, a new tab), the remaining actions that address elements by ref are not run, because their refs belong to the old page; assertions, waits and done that need no ref still run. You see the new page state next step.
- Prefer a few actions per step when the page will not change under them (e.g. fill several fields, then submit).
- The page state shows only what is on screen and near it: scroll to see more when the page says content is below.

Secrets: never type a password, token or other secret yourself and never guess one. Write <secret>name</secret> in input_text (or assert_value) where the value goes, with a name from the task's list. You never see secret values; they appear as <secret>name</secret> in the page state too.

Domains: stay on the application and the allowed domains. Requests to other hosts are blocked and reported to you; do not try to get around that.

Finishing — this is what the test is about:
- When the expected outcome is on screen, VERIFY it with one or more assertions (assert_text_visible, assert_url, assert_element, assert_value, assert_count) that check exactly what the expected outcome states, then finish with done(success: true). You may put the assertions and done in the same step: assertions first, done last.
- done(success: true) is accepted only if the last assertion you ran after your last interaction with the page (click, typing, selecting, navigating…) PASSED. Otherwise it is refused and you must verify first.
- If the application does not behave as the test describes, so that the expected outcome cannot be reached (an error the test does not expect, a missing feature, a wrong result), finish with done(success: false) and explain precisely what you saw. That is a finding, not a failure of yours. Do not give up for your own mistakes: a wrong ref or a typo is fixed by trying again.
- Never claim success you did not verify.

Follow the test description and the extra rules exactly. Where they leave a value open, choose a plausible one and keep it in memory.`;

function section(name: string, body: string): string {
  return `<${name}>\n${body.trim()}\n</${name}>`;
}

/** The <task> section: everything the test says, and the names (never values) of its secrets. */
export function renderTaskSection(task: AgentTask, secretNames: readonly string[]): string {
  const lines = [`Test description:\n${task.description.trim()}`];
  const rules = task.extraRules?.trim();
  if (rules) lines.push(`Extra rules:\n${rules}`);
  lines.push(
    `Expected outcome (verify it with assertions before done):\n${task.expectedOutcome.trim()}`,
  );
  lines.push(`Start URL: ${task.startUrl}`);
  const domains = task.allowedDomains ?? [];
  lines.push(
    domains.length > 0
      ? `Allowed domains: the application's own host, and ${domains.join(', ')}. Other hosts are blocked.`
      : "Allowed domains: the application's own host only. Other hosts are blocked.",
  );
  lines.push(
    secretNames.length > 0
      ? `Secrets you can use (names only; write <secret>name</secret> where the value goes): ${secretNames.join(', ')}`
      : 'Secrets: none are available for this test.',
  );
  return section(PROMPT_SECTIONS.task, lines.join('\n\n'));
}

/** The <repair> section: why replay stopped and the rest of the old recording, as hints. */
export function renderRepairSection(repair: AgentRepairStart): string {
  const lines = [
    'This run REPAIRS a recorded test. The recording was replayed without you until it could not go on' +
      (repair.reason ? `: ${repair.reason}` : '.'),
    'The replayed steps are the oldest entries of your history; the browser is on the page where replay stopped.',
  ];
  if (repair.hints.length > 0) {
    lines.push(
      'The remaining goals of the old recording, in order. They are HINTS ONLY: the application may have changed, ' +
        'so check each against the page state, and do what the test description asks, not what the hints say:',
      ...repair.hints.map((hint, i) => `${i + 1}. ${hint}`),
    );
  } else {
    lines.push(
      'The old recording has no steps left after this point: verify the expected outcome and finish.',
    );
  }
  return section(PROMPT_SECTIONS.repair, lines.join('\n'));
}

export interface StepStatus {
  stepNumber: number;
  maxSteps: number;
  maxActionsPerStep: number;
  /** Milliseconds left for the whole run. */
  timeLeftMs: number;
  rejectedDones: number;
  maxRejectedDones: number;
}

function describeDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds >= 120 ? `${Math.round(seconds / 60)} minutes` : `${seconds} seconds`;
}

export function renderStatusSection(status: StepStatus): string {
  const lines = [
    `Step ${status.stepNumber} of at most ${status.maxSteps}. At most ${status.maxActionsPerStep} actions per step.`,
    `Time left for the whole test: ${describeDuration(status.timeLeftMs)}.`,
  ];
  if (status.stepNumber >= status.maxSteps - 1) {
    lines.push('You are at the step limit: verify the outcome and finish now, or the test fails.');
  }
  if (status.rejectedDones > 0) {
    lines.push(
      `done(success: true) was refused ${status.rejectedDones} of ${status.maxRejectedDones + 1} allowed times.`,
    );
  }
  return section(PROMPT_SECTIONS.status, lines.join('\n'));
}

export interface StepMessageParts {
  task: string;
  repair: string | null;
  history: string;
  previousStep: string;
  status: string;
  pageState: string;
}

/** The whole step message, in a fixed order: stable parts first (they may hit the provider's prompt cache). */
export function renderStepMessage(parts: StepMessageParts): string {
  return [
    parts.task,
    parts.repair,
    section(PROMPT_SECTIONS.history, parts.history),
    section(PROMPT_SECTIONS.previousStep, parts.previousStep),
    parts.status,
    section(PROMPT_SECTIONS.pageState, parts.pageState),
  ]
    .filter((part): part is string => part !== null)
    .join('\n\n');
}

/** The body of one section of a step message (for tests and fakes that read prompts), or null. */
export function readPromptSection(message: string, name: string): string | null {
  const start = message.indexOf(`<${name}>\n`);
  if (start === -1) return null;
  const bodyStart = start + name.length + 3;
  const end = message.indexOf(`\n</${name}>`, bodyStart);
  return end === -1 ? null : message.slice(bodyStart, end);
}
