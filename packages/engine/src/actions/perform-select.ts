// select_option for native <select> elements and for custom (ARIA listbox) dropdowns.
import type { Frame, Locator } from 'playwright-core';
import { pageFunction } from '../browser/page-function.ts';
import { ActionError } from './action-errors.ts';
import type { ActionOf } from './action-schema.ts';
import type { ActionStep } from './action-step.ts';

interface SelectInfo {
  native: boolean;
  role: string | null;
  expanded: boolean;
  /** id of the listbox the trigger controls or owns, if any. */
  listboxId: string | null;
  /** Options of a native select: label and value. */
  options: { label: string; value: string }[];
}

const DESCRIBE = pageFunction((element: Element): SelectInfo => {
  const native = element instanceof HTMLSelectElement;
  const ids =
    `${element.getAttribute('aria-controls') ?? ''} ${element.getAttribute('aria-owns') ?? ''}`
      .trim()
      .split(/\s+/);
  return {
    native,
    role: element.getAttribute('role'),
    expanded: element.getAttribute('aria-expanded') === 'true',
    listboxId: ids.find((id) => id !== '') ?? null,
    options: native
      ? Array.from((element as HTMLSelectElement).options, (o) => ({
          label: o.label.trim(),
          value: o.value,
        }))
      : [],
  };
});

const MAX_LISTED = 15;

function listOptions(names: string[]): string {
  const shown = names.slice(0, MAX_LISTED).map((n) => `"${n}"`);
  return names.length > MAX_LISTED
    ? `${shown.join(', ')}, … (${names.length} options)`
    : shown.join(', ');
}

async function selectNative(
  step: ActionStep,
  element: Locator,
  info: SelectInfo,
  action: ActionOf<'select_option'>,
): Promise<void> {
  const match = info.options.find((o) =>
    action.by === 'label' ? o.label === action.option : o.value === action.option,
  );
  if (!match) {
    const names = info.options.map((o) => (action.by === 'label' ? o.label : o.value));
    throw new ActionError(
      'OPTION_NOT_FOUND',
      `no option with ${action.by} "${action.option}"; the options are ${listOptions(names)}`,
    );
  }
  await element.selectOption({ value: match.value }, step.limits());
  step.record.info = `selected "${match.label}" (value ${match.value})`;
}

function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\a ')}"`;
}

async function frameOf(element: Locator): Promise<Frame> {
  const handle = await element.elementHandle();
  try {
    const frame = await handle.ownerFrame();
    if (!frame) throw new ActionError('ELEMENT_NOT_FOUND', 'the dropdown left the page');
    return frame;
  } finally {
    await handle.dispose();
  }
}

async function selectCustom(
  step: ActionStep,
  element: Locator,
  info: SelectInfo,
  action: ActionOf<'select_option'>,
): Promise<void> {
  const frame = await frameOf(element);
  // A dropdown trigger opens its list; a listbox already shows its options.
  if (info.role !== 'listbox' && !info.expanded) await element.click(step.limits());
  const scope = info.listboxId
    ? frame.locator(`[id=${cssString(info.listboxId)}]`)
    : info.role === 'listbox'
      ? element
      : frame.locator(':root');
  const options = scope.getByRole('option');
  const wanted =
    action.by === 'label'
      ? scope.getByRole('option', { name: action.option, exact: true })
      : scope
          .locator(
            `[role="option"][data-value=${cssString(action.option)}], [role="option"][value=${cssString(action.option)}]`,
          )
          .filter({ visible: true });
  try {
    await wanted.first().waitFor({ state: 'visible', ...step.limits() });
  } catch (error) {
    const names = (await options.allInnerTexts().catch(() => [])).map((t) => t.trim());
    throw new ActionError(
      'OPTION_NOT_FOUND',
      names.length > 0
        ? `no option with ${action.by} "${action.option}"; the dropdown offers ${listOptions(names)}`
        : `the dropdown showed no options (looked for ${action.by} "${action.option}")`,
      { cause: error },
    );
  }
  const count = await wanted.count();
  if (count > 1)
    throw new ActionError(
      'ELEMENT_AMBIGUOUS',
      `${count} options have ${action.by} "${action.option}"`,
    );
  const label = (await wanted.innerText(step.limits())).trim();
  await wanted.click(step.limits());
  step.record.info = `selected "${label}" in the dropdown`;
}

export async function performSelectOption(
  step: ActionStep,
  action: ActionOf<'select_option'>,
): Promise<void> {
  const element = await step.element(action.target);
  const info = await element.evaluate(DESCRIBE, undefined, { timeout: step.remaining() });
  if (info.native) await selectNative(step, element, info, action);
  else await selectCustom(step, element, info, action);
}
