// What the model is told about its previous step: each action's result, errors, assertions, blocked requests.
import type { ActionResult } from '../actions/execute-action.ts';
import type { Action } from '../actions/action-schema.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { redactReport } from './redact-report.ts';
import type { BlockedRequestReport } from './agent-options.ts';
import { describeAction } from './agent-history.ts';

const MAX_NOTE_CHARS = 400;
const MAX_BLOCKED_LISTED = 10;

function clip(text: string, max = MAX_NOTE_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The element an action acted on, as the page state showed it: `button "Pay $43.98"`. */
export function elementLabelOf(result: Pick<ActionResult, 'fingerprint'>): string | null {
  const fp = result.fingerprint;
  if (!fp) return null;
  const role = fp.role ?? fp.tag;
  const name = fp.accessibleName ?? fp.text;
  return name ? `${role} ${JSON.stringify(clip(name, 80))}` : role;
}

/**
 * Collects the lines of one step's report as the step runs. Every line is redacted of secret values when
 * rendered, whatever its source (page URLs, error messages, assertion values).
 */
export class StepReport {
  private readonly lines: string[] = [];
  /** One line per action, for the history. */
  readonly actionLines: string[] = [];

  constructor(private readonly secrets: SecretValues) {}

  note(text: string): void {
    this.lines.push(text);
  }

  /** An executed action and what came of it. */
  executed(position: number, action: Action, result: ActionResult, pageChanged: boolean): void {
    const what = describeAction(action, elementLabelOf(result));
    const parts: string[] = [];
    if (result.ok) parts.push('ok');
    else
      parts.push(
        `FAILED (${result.error?.code ?? 'ERROR'}): ${clip(result.error?.message ?? 'unknown error')}`,
      );
    // A failed assertion's error already says expected versus actual.
    if (result.assertion && result.error?.code !== 'ASSERTION_FAILED') {
      const a = result.assertion;
      parts.push(
        `expected ${clip(a.expected, 200)}; actual ${a.actual === null ? 'nothing' : clip(a.actual, 300)}`,
      );
    }
    if (result.info) parts.push(clip(result.info, 200));
    if (pageChanged && result.urlAfter !== result.urlBefore)
      parts.push(`the page changed to ${result.urlAfter}`);
    for (const tab of result.newTabs) parts.push(`opened tab [${tab.index}] ${tab.url}`);
    const line = `${what} → ${parts.join('; ')}`;
    this.actionLines.push(line);
    this.lines.push(`${position}. ${line}`);
  }

  /** An action that was not run, and why. */
  notRun(position: number, action: Action, why: string): void {
    const line = `${describeAction(action)} → not run: ${why}`;
    this.actionLines.push(line);
    this.lines.push(`${position}. ${line}`);
  }

  blocked(requests: readonly BlockedRequestReport[]): void {
    const list = (title: string, items: readonly BlockedRequestReport[]): void => {
      if (items.length === 0) return;
      this.lines.push(
        title,
        ...items
          .slice(0, MAX_BLOCKED_LISTED)
          .map((r) => `  - ${r.kind} ${r.url}: ${clip(r.reason, 200)}`),
      );
      if (items.length > MAX_BLOCKED_LISTED)
        this.lines.push(`  - … and ${items.length - MAX_BLOCKED_LISTED} more`);
    };
    list(
      'Blocked requests (outside the allowed domains; they did not reach their host):',
      requests.filter((r) => r.blocked !== false),
    );
    list(
      'Requests to hosts outside the allowed domains that could not be stopped:',
      requests.filter((r) => r.blocked === false),
    );
  }

  get empty(): boolean {
    return this.lines.length === 0;
  }

  render(): string {
    return redactReport(this.lines.join('\n'), this.secrets);
  }

  renderActionLines(): string[] {
    return this.actionLines.map((line) => redactReport(line, this.secrets));
  }
}
