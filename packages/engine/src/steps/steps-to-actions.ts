// Turns one validated step of a steps file into engine actions (check/uncheck stay a plan until the page is seen).
import type { ActionInput, ActionTarget } from '../actions/action-schema.ts';
import type { StepActionKey, StepActionValue } from './steps-file-schema.ts';

/** One action of a step, as it will be executed when the file is recorded. */
export type PlannedAction =
  | { kind: 'action'; action: ActionInput; line: number | null }
  /**
   * Make a checkbox or radio (un)checked: recorded as a click when it is not yet in that state, followed by an
   * assertion that it is — so replay checks the state instead of toggling blindly.
   */
  | {
      kind: 'check';
      locator: string;
      checked: boolean;
      timeoutMs: number | undefined;
      line: number | null;
    };

const target = (locator: string): ActionTarget => ({ locator });
const optionalTarget = (locator: string | undefined): { target?: ActionTarget } =>
  locator === undefined ? {} : { target: target(locator) };

/** The planned action of one action key with its validated value; `timeoutMs` applies to assertions and waits. */
export function planAction<K extends StepActionKey>(
  key: K,
  value: StepActionValue<K>,
  timeoutMs: number | undefined,
  line: number | null,
): PlannedAction {
  const action = toActionInput(key, value as never, timeoutMs);
  if (action === 'check' || action === 'uncheck') {
    const { locator } = value as StepActionValue<'check'>;
    return { kind: 'check', locator, checked: action === 'check', timeoutMs, line };
  }
  return { kind: 'action', action, line };
}

type AnyValue = { [K in StepActionKey]: StepActionValue<K> };

function toActionInput<K extends StepActionKey>(
  key: K,
  raw: AnyValue[K],
  timeoutMs: number | undefined,
): ActionInput | 'check' | 'uncheck' {
  const wait = timeoutMs === undefined ? {} : { timeoutMs };
  const v = raw as AnyValue[StepActionKey];
  switch (key) {
    case 'navigate':
      return { type: 'navigate', url: (v as AnyValue['navigate']).url };
    case 'click': {
      const c = v as AnyValue['click'];
      return {
        type: 'click',
        target: target(c.locator),
        button: c.button,
        clickCount: c.clickCount,
      };
    }
    case 'fill': {
      const f = v as AnyValue['fill'];
      return {
        type: 'input_text',
        target: target(f.locator),
        text: f.value,
        clear: f.clear,
        pressEnter: f.pressEnter,
      };
    }
    case 'select': {
      const s = v as AnyValue['select'];
      return { type: 'select_option', target: target(s.locator), option: s.option, by: s.by };
    }
    case 'press': {
      const p = v as AnyValue['press'];
      return { type: 'press_keys', keys: p.keys, ...optionalTarget(p.locator) };
    }
    case 'check':
      return 'check';
    case 'uncheck':
      return 'uncheck';
    case 'hover':
      return { type: 'hover', target: target((v as AnyValue['hover']).locator) };
    case 'scroll': {
      const s = v as AnyValue['scroll'];
      return {
        type: 'scroll',
        direction: s.direction,
        amount: s.amount,
        ...optionalTarget(s.locator),
      };
    }
    case 'wait_for': {
      const w = v as AnyValue['wait_for'];
      if (w.text !== undefined)
        return {
          type: 'wait_for',
          until: { kind: 'text', text: w.text, exact: w.exact, gone: w.gone },
          ...wait,
        };
      if (w.url !== undefined)
        return { type: 'wait_for', until: { kind: 'url', url: w.url, match: w.match }, ...wait };
      return {
        type: 'wait_for',
        until: { kind: 'element', target: target(w.locator ?? ''), state: w.state },
        ...wait,
      };
    }
    case 'go_back':
      return { type: 'go_back' };
    case 'switch_tab': {
      const s = v as AnyValue['switch_tab'];
      return s.index !== undefined
        ? { type: 'switch_tab', index: s.index }
        : { type: 'switch_tab', urlContains: s.urlContains };
    }
    case 'upload': {
      const u = v as AnyValue['upload'];
      return { type: 'upload_file', target: target(u.locator), files: u.files };
    }
    case 'assert_text_visible':
    case 'assert_text_not_visible': {
      const a = v as AnyValue['assert_text_visible'];
      return { type: key, text: a.text, exact: a.exact, ...optionalTarget(a.locator), ...wait };
    }
    case 'assert_url': {
      const a = v as AnyValue['assert_url'];
      // A steps file runs against several environments: by default the URL only has to contain the text.
      return { type: 'assert_url', url: a.url, match: a.match ?? 'contains', ...wait };
    }
    case 'assert_element': {
      const a = v as AnyValue['assert_element'];
      return { type: 'assert_element', target: target(a.locator), state: a.state, ...wait };
    }
    case 'assert_value': {
      const a = v as AnyValue['assert_value'];
      return {
        type: 'assert_value',
        target: target(a.locator),
        value: a.value,
        match: a.match,
        ...wait,
      };
    }
    case 'assert_count': {
      const a = v as AnyValue['assert_count'];
      return {
        type: 'assert_count',
        target: target(a.locator),
        count: a.count,
        comparison: a.comparison,
        ...wait,
      };
    }
  }
  throw new Error(`unknown step action ${String(key)}`);
}
