// Element interactions: click, type, hover, keys, scroll and file upload.
import type { Locator } from 'playwright-core';
import { pageFunction } from '../browser/page-function.ts';
import { secretNamesIn, substituteSecrets } from '../secrets/secret-text.ts';
import { ActionError } from './action-errors.ts';
import type { ActionOf } from './action-schema.ts';
import type { ActionStep } from './action-step.ts';
import { resolveUploadFiles } from './upload-files.ts';

export async function performClick(step: ActionStep, action: ActionOf<'click'>): Promise<void> {
  const element = await step.element(action.target);
  await element.click({ button: action.button, clickCount: action.clickCount, ...step.limits() });
}

const IS_FILE_INPUT = pageFunction(
  (element: Element) => element instanceof HTMLInputElement && element.type === 'file',
);

export async function performInputText(
  step: ActionStep,
  action: ActionOf<'input_text'>,
): Promise<void> {
  // Substitute first: an unknown secret fails before anything is typed.
  const value = substituteSecrets(action.text, step.secrets);
  const element = await step.element(action.target);
  const notAFileInput = (): ActionError =>
    new ActionError('INVALID_ACTION', 'this is a file input: use upload_file to attach files');
  if (action.clear) {
    // fill refuses a file input itself: no separate question to the page first.
    await element.fill(value, step.limits()).catch((error: unknown) => {
      if (error instanceof Error && /Input of type "file" cannot be filled/.test(error.message))
        throw notAFileInput();
      throw error;
    });
  } else {
    if (await element.evaluate(IS_FILE_INPUT)) throw notAFileInput();
    await element.pressSequentially(value, step.limits());
  }
  if (action.pressEnter) await element.press('Enter', step.limits());
  const secrets = secretNamesIn(action.text);
  step.record.info =
    secrets.length > 0
      ? `typed text with ${secrets.map((name) => `<secret>${name}</secret>`).join(', ')}`
      : `typed ${[...value].length} characters`;
}

export async function performHover(step: ActionStep, action: ActionOf<'hover'>): Promise<void> {
  const element = await step.element(action.target);
  await element.hover(step.limits());
}

export async function performPressKeys(
  step: ActionStep,
  action: ActionOf<'press_keys'>,
): Promise<void> {
  if (action.target) {
    const element = await step.element(action.target);
    await element.press(action.keys, step.limits());
  } else {
    step.remaining();
    await step.page.keyboard.press(action.keys);
  }
}

interface ScrollReport {
  before: number;
  after: number;
  max: number;
  page: boolean;
}

/**
 * In-page: scrolls the element's nearest scrollable ancestor-or-self, or the page when there is none (or no
 * element). Called as (element, arg) on a locator, or (arg) on the page.
 */
const SCROLL = pageFunction(
  (
    first: Element | { direction: string; amount: number | string },
    second?: { direction: string; amount: number | string },
  ): ScrollReport => {
    const element = second ? (first as Element) : null;
    const { direction, amount } =
      second ?? (first as { direction: string; amount: number | string });
    const vertical = direction === 'up' || direction === 'down';
    const sign = direction === 'up' || direction === 'left' ? -1 : 1;
    const canScroll = (candidate: Element): boolean => {
      const style = getComputedStyle(candidate);
      const overflow = vertical ? style.overflowY : style.overflowX;
      const room = vertical
        ? candidate.scrollHeight - candidate.clientHeight
        : candidate.scrollWidth - candidate.clientWidth;
      return (overflow === 'auto' || overflow === 'scroll' || overflow === 'overlay') && room > 0;
    };
    let box: Element | null = null;
    for (let current = element; current; current = current.parentElement) {
      if (canScroll(current)) {
        box = current;
        break;
      }
    }
    const isPage = box === null;
    const target = box ?? document.scrollingElement ?? document.documentElement;
    const size = isPage
      ? vertical
        ? window.innerHeight
        : window.innerWidth
      : vertical
        ? target.clientHeight
        : target.clientWidth;
    const max = vertical
      ? target.scrollHeight - (isPage ? window.innerHeight : target.clientHeight)
      : target.scrollWidth - (isPage ? window.innerWidth : target.clientWidth);
    const before = vertical ? target.scrollTop : target.scrollLeft;
    const delta =
      typeof amount === 'number'
        ? amount
        : amount === 'half_page'
          ? size / 2
          : amount === 'page'
            ? size * 0.9
            : Number.POSITIVE_INFINITY;
    const wanted = Math.max(0, Math.min(Math.max(0, max), before + sign * delta));
    target.scrollTo(
      vertical ? { top: wanted, behavior: 'instant' } : { left: wanted, behavior: 'instant' },
    );
    const after = vertical ? target.scrollTop : target.scrollLeft;
    return {
      before: Math.round(before),
      after: Math.round(after),
      max: Math.round(Math.max(0, max)),
      page: isPage,
    };
  },
);

export async function performScroll(step: ActionStep, action: ActionOf<'scroll'>): Promise<void> {
  const arg = { direction: action.direction, amount: action.amount };
  let report: ScrollReport;
  if (action.target) {
    const element = await step.element(action.target, 'attached');
    report = await element.evaluate(SCROLL, arg, { timeout: step.remaining() });
  } else {
    step.remaining();
    report = await step.page.evaluate(SCROLL, arg);
  }
  const where = report.page ? 'the page' : 'the element';
  step.record.info =
    report.after === report.before
      ? `${where} cannot scroll further ${action.direction} (at ${report.after} of ${report.max} px)`
      : `scrolled ${where} ${action.direction} from ${report.before} to ${report.after} of ${report.max} px`;
}

export async function performUploadFile(
  step: ActionStep,
  action: ActionOf<'upload_file'>,
): Promise<void> {
  const files = await resolveUploadFiles(step.settings.uploadDir, action.files);
  // File inputs are often hidden behind a styled button: attached is enough for them.
  const element: Locator = await step.element(action.target, 'attached');
  if (await element.evaluate(IS_FILE_INPUT)) {
    await element.setInputFiles(files, step.limits());
  } else {
    const page = element.page();
    const chooser = page.waitForEvent('filechooser', step.limits());
    await element.click(step.limits());
    await (await chooser).setFiles(files, step.limits());
  }
  step.record.info = `attached ${action.files.join(', ')}`;
}
