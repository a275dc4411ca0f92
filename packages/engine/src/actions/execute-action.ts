// Executes one action in a browser session and reports a structured, secret-free result.
import type { Dialog, Page } from 'playwright-core';
import type { BrowserSession } from '../browser/browser-session.ts';
import { DEFAULT_SETTLE_CAP_MS, waitForSettledPage } from '../browser/settle-page.ts';
import type { BoundingBox, ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import type { ElementRefs } from '../page-state/element-refs.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { ActionError, type ActionErrorCode } from './action-errors.ts';
import {
  actionSchema,
  isAssertion,
  type Action,
  type ActionInput,
  type ActionType,
} from './action-schema.ts';
import { ActionStep, type AssertionDetail } from './action-step.ts';
import { classifyActionError } from './classify-error.ts';
import {
  performAssertCount,
  performAssertElement,
  performAssertText,
  performAssertUrl,
  performAssertValue,
} from './perform-assertions.ts';
import {
  performClick,
  performHover,
  performInputText,
  performPressKeys,
  performScroll,
  performUploadFile,
} from './perform-interactions.ts';
import {
  performGoBack,
  performNavigate,
  performSwitchTab,
  performWaitFor,
} from './perform-navigation.ts';
import { performSelectOption } from './perform-select.ts';
import { redactSecretsEverywhere } from './redact-encoded-secrets.ts';
import { toRecordedAction } from './recorded-action.ts';
import { createDefaultResolver, type FoundBy, type ResolveTarget } from './resolve-target.ts';

export const DEFAULT_ACTION_TIMEOUT_MS = 10_000;
export const DEFAULT_ASSERTION_TIMEOUT_MS = 5_000;
export const DEFAULT_WAIT_TIMEOUT_MS = 10_000;

export interface ActionContext {
  /** Secret values by name: substituted into typed text only, redacted from everything reported. */
  secrets?: SecretValues;
  /** Refs of the latest page observation, for `{ ref }` targets with the default resolver. */
  refs?: ElementRefs;
  /** Replaces the default resolver (replay plugs element relocation in here). */
  resolveTarget?: ResolveTarget;
  /** The only directory upload_file may take files from. */
  uploadDir?: string;
  /** Fingerprint the target before acting (default true). */
  captureFingerprint?: boolean;
  /** Budget for one action: resolving, waiting for actionability and acting (default 10 s). */
  timeoutMs?: number;
  /** How long assertions retry when the action does not say (default 5 s). */
  assertionTimeoutMs?: number;
  signal?: AbortSignal;
  /** Wait for a settled page after actions that change it (default cap 5 s); false to skip. */
  settle?: false | { capMs?: number; quietMs?: number };
  /** Base for relative URLs in navigate (the project's URL). */
  baseUrl?: string;
  /** Returns a reason to refuse a navigation (e.g. the domain guard's check), or null to allow it. */
  navigationPolicy?: (url: URL) => string | null;
  /** Make a tab opened by the action the active one, as a user would see it (default true). */
  followNewTabs?: boolean;
}

export interface ActionResult {
  ok: boolean;
  /** The action's type; null when the input was not even a known action type. */
  type: ActionType | null;
  error: { code: ActionErrorCode; message: string } | null;
  assertion: AssertionDetail | null;
  /** The target element as it was before the action. */
  fingerprint: ElementFingerprint | null;
  boundingBox: BoundingBox | null;
  foundBy: FoundBy | null;
  /** Relocation confidence, when the resolver relocated the element. */
  score: number | null;
  resolveDetail: string | null;
  urlBefore: string;
  urlAfter: string;
  /** Tabs the action opened (index in session.pages() after the action). */
  newTabs: { index: number; url: string }[];
  /** Whether the page settled after the action; null when not waited for. */
  settled: boolean | null;
  /** A short note for the model and the report (what was selected, where the page scrolled, HTTP errors…). */
  info: string | null;
  /** Set for `done`. */
  done: { success: boolean; outcome: string } | null;
  /** Dialogs (alert, confirm, prompt, beforeunload) the page opened during the action, with their text. */
  dialogs: { type: string; message: string }[];
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** What to store in the traversal: placeholders, never values; refs replaced by the recorded locator. Null for an invalid action. */
  recordedAction: Action | null;
}

type Performer = (step: ActionStep, action: never) => Promise<void>;

const PERFORMERS: Record<ActionType, Performer> = {
  navigate: performNavigate,
  click: performClick,
  input_text: performInputText,
  select_option: performSelectOption,
  press_keys: performPressKeys,
  scroll: performScroll,
  hover: performHover,
  wait_for: performWaitFor,
  go_back: performGoBack,
  switch_tab: performSwitchTab,
  upload_file: performUploadFile,
  assert_text_visible: performAssertText,
  assert_text_not_visible: performAssertText,
  assert_url: performAssertUrl,
  assert_element: performAssertElement,
  assert_value: performAssertValue,
  assert_count: performAssertCount,
  done: async (step, action: Extract<Action, { type: 'done' }>) => {
    step.record.done = { success: action.success, outcome: action.outcome };
  },
};

/** Actions after which the page may still be changing. */
const CHANGES_PAGE = new Set<ActionType>([
  'navigate',
  'click',
  'input_text',
  'select_option',
  'press_keys',
  'scroll',
  'hover',
  'go_back',
  'switch_tab',
  'upload_file',
]);

function budgetOf(action: Action, context: ActionContext): number {
  if (isAssertion(action))
    return action.timeoutMs ?? context.assertionTimeoutMs ?? DEFAULT_ASSERTION_TIMEOUT_MS;
  if (action.type === 'wait_for') return action.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  return context.timeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS;
}

function currentUrl(session: BrowserSession): string {
  try {
    return session.page.url();
  } catch {
    return '';
  }
}

function knownType(input: unknown): ActionType | null {
  const type = (input as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type in PERFORMERS ? (type as ActionType) : null;
}

/**
 * Waits for the page to settle after an action; a tab the action opened becomes active (when following)
 * and is settled too. A settle failure other than cancellation only means "not settled".
 */
async function settleAfter(
  session: BrowserSession,
  opened: Page[],
  options: {
    capMs: number;
    quietMs: number | undefined;
    signal: AbortSignal | undefined;
    follow: boolean;
  },
): Promise<boolean> {
  const settle = async (page: Page): Promise<boolean> => {
    try {
      return (await waitForSettledPage(page, options)).settled;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      return false;
    }
  };
  let settled = await settle(session.page);
  const popup = [...opened].reverse().find((p) => !p.isClosed());
  if (popup && options.follow) {
    await session.switchTab(popup);
    settled = await settle(popup);
  }
  return settled;
}

function parseAction(input: ActionInput | Action): Action {
  const parsed = actionSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((i) => `${i.path.join('.') || 'action'}: ${i.message}`)
    .join('; ');
  throw new ActionError('INVALID_ACTION', `invalid action: ${problems}`, { cause: parsed.error });
}

/**
 * Executes an action: resolves and fingerprints its element, acts with Playwright's actionability waits
 * within the action's time budget, then waits for the page to settle (capped). Never throws for action
 * failures: the result says what happened, with a stable error code. Secret values are substituted only
 * into what is typed or compared, and redacted from every field of the result.
 */
export async function executeAction(
  session: BrowserSession,
  input: ActionInput | Action,
  context: ActionContext = {},
): Promise<ActionResult> {
  const started = Date.now();
  const secrets: SecretValues = context.secrets ?? new Map();
  const urlBefore = currentUrl(session);
  const opened: Page[] = [];
  const onPage = (page: Page): void => void opened.push(page);
  const dialogs: ActionResult['dialogs'] = [];
  const onDialog = (dialog: Dialog): void =>
    void dialogs.push({ type: dialog.type(), message: dialog.message() });
  session.context.on('page', onPage);
  session.context.on('dialog', onDialog);
  let action: Action | undefined;
  let step: ActionStep | undefined;
  let error: ActionError | null = null;
  let settled: boolean | null = null;
  try {
    action = parseAction(input);
    step = new ActionStep(
      session,
      action,
      {
        secrets,
        resolveTarget: context.resolveTarget ?? createDefaultResolver(context.refs),
        uploadDir: context.uploadDir,
        captureFingerprint: context.captureFingerprint ?? true,
        signal: context.signal,
        baseUrl: context.baseUrl,
        navigationPolicy: context.navigationPolicy,
      },
      started + budgetOf(action, context),
    );
    step.remaining();
    await (PERFORMERS[action.type] as (s: ActionStep, a: Action) => Promise<void>)(step, action);
    if (CHANGES_PAGE.has(action.type) && context.settle !== false) {
      settled = await settleAfter(session, opened, {
        capMs: context.settle?.capMs ?? DEFAULT_SETTLE_CAP_MS,
        quietMs: context.settle?.quietMs,
        signal: context.signal,
        follow: context.followNewTabs !== false,
      });
    }
  } catch (caught) {
    error = await classifyActionError(caught, {
      locator: step?.record.locator ?? undefined,
      targetLabel: step?.record.targetLabel ?? undefined,
      signal: context.signal,
      secrets,
    });
  } finally {
    session.context.off('page', onPage);
    session.context.off('dialog', onDialog);
  }
  const record = step?.record;
  const finished = Date.now();
  const fingerprint = record?.fingerprint ?? null;
  const result: ActionResult = {
    ok: error === null,
    type: action?.type ?? knownType(input),
    error: error && { code: error.code, message: error.message },
    assertion: record?.assertion ?? null,
    fingerprint,
    boundingBox: record?.boundingBox ?? null,
    foundBy: record?.foundBy ?? null,
    score: record?.score ?? null,
    resolveDetail: record?.resolveDetail ?? null,
    urlBefore,
    urlAfter: currentUrl(session),
    newTabs: opened
      .filter((p) => !p.isClosed())
      .map((p) => ({ index: session.pages().indexOf(p), url: p.url() })),
    settled,
    info: record?.info ?? null,
    done: record?.done ?? null,
    dialogs,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    recordedAction: action ? toRecordedAction(action, fingerprint, secrets) : null,
  };
  // Nothing in the result may carry a secret value, in plain or URL-encoded form, whatever path filled it.
  return redactSecretsEverywhere(result, secrets);
}
