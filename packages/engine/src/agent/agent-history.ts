// The model's memory of its own steps: brain states with their actions' outcomes, compacted to a token budget.
import type { Action } from '../actions/action-schema.ts';
import type { CountTokens } from '../page-state/token-count.ts';
import type { RecordedBrainState } from '../run/run-record.ts';

/** One past step as the model sees it. */
export interface HistoryEntry {
  /** e.g. "step 3", or "replayed step 2" for a repair's prefix. */
  label: string;
  evaluationPreviousGoal: string;
  memory: string;
  nextGoal: string;
  /** One line per action: what it did and how it went. */
  actions: string[];
  /** How the step went, in a word or two: "ok", "failed: ELEMENT_NOT_FOUND", "no actions". */
  outcome: string;
  /** The actions are listed in the step message's <previous_step> section: not repeated here. */
  actionsInPreviousStep?: boolean;
}

/** Steps always shown in full when the budget allows; older ones are shortened first. */
const RECENT_IN_FULL = 5;
const MAX_FIELD_CHARS = 600;
const MAX_TEXT_IN_ACTION = 80;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function quote(text: string): string {
  return JSON.stringify(clip(text, MAX_TEXT_IN_ACTION));
}

/** A short description of an action (placeholders stay placeholders), e.g. `input_text [13] "Ada"`. */
export function describeAction(action: Action, elementLabel?: string | null): string {
  const target = 'target' in action && action.target ? action.target : undefined;
  const where = target ? ('ref' in target ? `[${target.ref}]` : target.locator) : '';
  const element = elementLabel ? ` ${elementLabel}` : '';
  const on = where ? ` ${where}${element}` : '';
  switch (action.type) {
    case 'navigate':
      return `navigate ${action.url}`;
    case 'input_text':
      return `input_text${on} ${quote(action.text)}${action.pressEnter ? ' + Enter' : ''}`;
    case 'select_option':
      return `select_option${on} ${quote(action.option)}`;
    case 'press_keys':
      return `press_keys ${action.keys}${on}`;
    case 'scroll':
      return `scroll ${action.direction} ${String(action.amount)}${on}`;
    case 'wait_for': {
      const until = action.until;
      if (until.kind === 'text')
        return `wait_for text ${quote(until.text)}${until.gone ? ' gone' : ''}`;
      if (until.kind === 'url') return `wait_for url ${until.match} ${until.url}`;
      const t = until.target;
      return `wait_for ${'ref' in t ? `[${t.ref}]` : t.locator} ${until.state}`;
    }
    case 'switch_tab':
      return `switch_tab ${action.index ?? action.urlContains ?? ''}`;
    case 'upload_file':
      return `upload_file${on} ${action.files.join(', ')}`;
    case 'assert_text_visible':
    case 'assert_text_not_visible':
      return `${action.type} ${quote(action.text)}${on}`;
    case 'assert_url':
      return `assert_url ${action.match} ${action.url}`;
    case 'assert_element':
      return `assert_element${on} ${action.state}`;
    case 'assert_value':
      return `assert_value${on} ${quote(action.value)}`;
    case 'assert_count':
      return `assert_count${on} ${action.comparison} ${action.count}`;
    case 'done':
      return `done(success: ${action.success}) ${quote(action.outcome)}`;
    case 'click':
    case 'hover':
    case 'go_back':
      return `${action.type}${on}`;
  }
}

/** History entries for brain states recorded earlier (a repair's replayed prefix). */
export function historyOfRecordedBrainStates(
  brainStates: readonly RecordedBrainState[],
): HistoryEntry[] {
  return brainStates.map((state) => ({
    label: `replayed step ${state.idx + 1}`,
    evaluationPreviousGoal: state.evaluationPreviousGoal,
    memory: state.memory,
    nextGoal: state.nextGoal,
    actions: state.actions.map(
      (a) => `${describeAction(a.action)} → ${state.valid ? 'ok' : 'skipped by replay'}`,
    ),
    outcome: state.valid ? 'ok' : 'not replayed (invalid in the recording)',
  }));
}

function renderFull(entry: HistoryEntry): string {
  const lines = [
    `${entry.label} (${entry.outcome}):`,
    `  evaluation: ${clip(entry.evaluationPreviousGoal, MAX_FIELD_CHARS)}`,
    `  memory: ${clip(entry.memory, MAX_FIELD_CHARS)}`,
    `  goal: ${clip(entry.nextGoal, MAX_FIELD_CHARS)}`,
  ];
  if (entry.actionsInPreviousStep)
    lines.push('  actions: listed with their results in the previous step section');
  else if (entry.actions.length === 0) lines.push('  actions: none');
  else lines.push('  actions:', ...entry.actions.map((a) => `    - ${a}`));
  return lines.join('\n');
}

function renderShort(entry: HistoryEntry): string {
  return `${entry.label} (${entry.outcome}): ${clip(entry.nextGoal, 160)}`;
}

/**
 * Renders the history within `budget` tokens: every step in full if it fits; otherwise the most recent
 * steps in full and older ones as one line (their goal and outcome); then the oldest lines are omitted and
 * counted. The latest step is always shown in full: the model needs it to evaluate its previous goal.
 */
export function renderHistory(
  entries: readonly HistoryEntry[],
  budget: number,
  countTokens: CountTokens,
): string {
  if (entries.length === 0) return 'No steps yet: this is the first step.';
  const fits = (text: string): boolean => countTokens(text) <= budget;
  const all = entries.map(renderFull).join('\n');
  if (fits(all)) return all;
  for (let full = Math.min(RECENT_IN_FULL, entries.length); full >= 1; full--) {
    const recent = entries.slice(entries.length - full).map(renderFull);
    const older = entries.slice(0, entries.length - full).map(renderShort);
    for (let omitted = 0; omitted <= older.length; omitted++) {
      const head =
        omitted > 0
          ? [
              `(${omitted} earlier ${omitted === 1 ? 'step' : 'steps'} omitted; your memory carries what matters)`,
            ]
          : [];
      const text = [...head, ...older.slice(omitted), ...recent].join('\n');
      if (fits(text)) return text;
    }
  }
  const omitted = entries.length - 1;
  const last = entries[entries.length - 1] as HistoryEntry;
  return [`(${omitted} earlier steps omitted)`, renderShort(last)].join('\n');
}
