// Recorded actions in words ("Click getByRole('button', …)") and their target locator, for viewers and timelines.

type ActionJson = Record<string, unknown>;

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function quote(text: string, max = 80): string {
  const clipped = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return `“${clipped}”`;
}

/** The locator (or agent ref) the action acts on, if any. */
export function targetOf(action: ActionJson): string | null {
  const target = (action.target ?? (action.until as ActionJson | undefined)?.target) as
    ActionJson | undefined;
  if (!target || typeof target !== 'object') return null;
  return str(target.locator) ?? (str(target.ref) ? `ref ${str(target.ref)}` : null);
}

/** Secret placeholders stay placeholders; shown as the secret's name, never a value. */
function showText(text: string): string {
  return text.replace(/<secret>([^<]{1,128})<\/secret>/g, '‹secret $1›');
}

/** A short sentence saying what the action does (the target is shown separately). */
export function describeAction(action: ActionJson): string {
  const type = str(action.type) ?? 'unknown';
  switch (type) {
    case 'navigate':
      return `Go to ${str(action.url) ?? 'a page'}`;
    case 'click': {
      const count = typeof action.clickCount === 'number' ? action.clickCount : 1;
      const button = str(action.button);
      const what = count === 2 ? 'Double-click' : count === 3 ? 'Triple-click' : 'Click';
      return button && button !== 'left' ? `${what} (${button} button)` : what;
    }
    case 'input_text': {
      const text = str(action.text) ?? '';
      const enter = action.pressEnter === true ? ', then Enter' : '';
      const mode = action.clear === false ? 'Type' : 'Fill in';
      return `${mode} ${quote(showText(text))}${enter}`;
    }
    case 'select_option':
      return `Select ${quote(str(action.option) ?? '')}${action.by === 'value' ? ' (by value)' : ''}`;
    case 'press_keys':
      return `Press ${str(action.keys) ?? 'a key'}`;
    case 'scroll': {
      const amount = action.amount;
      const size =
        typeof amount === 'number'
          ? `${amount}px`
          : amount === 'half_page'
            ? 'half a page'
            : amount === 'edge'
              ? 'to the edge'
              : 'a page';
      return `Scroll ${str(action.direction) ?? 'down'} ${size}`;
    }
    case 'hover':
      return 'Hover';
    case 'wait_for': {
      const until = (action.until ?? {}) as ActionJson;
      if (until.kind === 'text') {
        return `Wait until ${quote(str(until.text) ?? '')} is ${until.gone === true ? 'gone' : 'shown'}`;
      }
      if (until.kind === 'url') return `Wait for the URL to match ${quote(str(until.url) ?? '')}`;
      return `Wait until the element is ${str(until.state) ?? 'visible'}`;
    }
    case 'go_back':
      return 'Go back';
    case 'switch_tab':
      return typeof action.index === 'number'
        ? `Switch to tab ${action.index + 1}`
        : `Switch to the tab at ${quote(str(action.urlContains) ?? '')}`;
    case 'upload_file':
      return `Upload ${Array.isArray(action.files) ? action.files.join(', ') : 'files'}`;
    case 'assert_text_visible':
      return `Check that ${quote(showText(str(action.text) ?? ''))} is visible`;
    case 'assert_text_not_visible':
      return `Check that ${quote(showText(str(action.text) ?? ''))} is not visible`;
    case 'assert_url':
      return `Check that the URL ${action.match === 'exact' || action.match === undefined ? 'is' : `matches (${str(action.match)})`} ${quote(str(action.url) ?? '')}`;
    case 'assert_element':
      return `Check that the element is ${str(action.state) ?? 'visible'}`;
    case 'assert_value':
      return `Check that the value ${action.match === 'contains' ? 'contains' : 'is'} ${quote(showText(str(action.value) ?? ''))}`;
    case 'assert_count': {
      const comparison =
        action.comparison === 'gte' ? 'at least ' : action.comparison === 'lte' ? 'at most ' : '';
      return `Check that there are ${comparison}${String(action.count)} matching elements`;
    }
    case 'done':
      return action.success === true
        ? `Done: ${str(action.outcome) ?? 'success'}`
        : `Gave up: ${str(action.outcome) ?? ''}`;
    default:
      return type.replaceAll('_', ' ');
  }
}

/** Assertions are what a run's verdict rests on: the viewers mark them. */
export function isAssertion(action: ActionJson): boolean {
  const type = str(action.type) ?? '';
  return type.startsWith('assert_') || type === 'done';
}
