// Executes one recorded action during a replay: relocation, the action, a settled page, a screenshot, its report.
import type { Locator, Page } from 'playwright-core';
import { isAssertion } from '../actions/action-schema.ts';
import { executeAction, type ActionResult } from '../actions/execute-action.ts';
import type { ResolveTarget } from '../actions/resolve-target.ts';
import type { RunScope } from '../agent/run-limits.ts';
import { activePage, type BrowserSession } from '../browser/browser-session.ts';
import { captureScreenshot, clipBox, type Screenshot } from '../browser/capture-screenshot.ts';
import type { BoundingBox } from '../fingerprint/element-fingerprint.ts';
import type { ExecutedStep, LocateMethod, RecordedAction } from '../run/run-record.ts';
import { secretNamesIn, type SecretValues } from '../secrets/secret-text.ts';
import { startLookAhead, takeLookAhead, type LookAhead } from './look-ahead.ts';
import { maskScreenshot, type SecretFields } from './mask-secret-fields.ts';
import type { ElementFound } from './relocate-element.ts';
import type { ReplaySettings, RunEvent } from './replay-options.ts';
import { createReplayResolver } from './replay-resolver.ts';
import { readPage, sameReading, watchStep, type PageReading } from './settle-step.ts';

const SCREENSHOT_TIMEOUT_MS = 10_000;

/** What every replayed action shares: the session, the run's scope (signal and deadline), the settings. */
export interface ReplayContext {
  session: BrowserSession;
  secrets: SecretValues;
  settings: ReplaySettings;
  scope: RunScope;
  baseUrl: string | undefined;
  navigationPolicy: ((url: URL) => string | null) | undefined;
  uploadDir: string | undefined;
  /** Queues an event for the listener, in order; resolves once delivered. */
  emit: (event: RunEvent | Promise<RunEvent>) => Promise<void>;
  /**
   * Screenshots still being taken. A step's screenshot is taken after its page settled and finishes while the
   * next step relocates its element (which only reads the page); the next action waits for it before acting.
   */
  pendingScreenshots: Promise<void>;
  /** Fields a secret was typed into: painted over in every screenshot while they are on the page. */
  secretFields: SecretFields;
  /** The latest screenshot and what the page was when it was taken, so a step that changed nothing reuses it. */
  lastShot: TakenShot | null;
  /** The next action's element, looked up while the previous step's page settled (look-ahead.ts). */
  lookAhead: LookAhead | null;
}

/** A screenshot under way or taken, with the page reading (mutation clock, scroll, URL) just before it. */
export interface TakenShot {
  page: Page;
  reading: Promise<PageReading | null>;
  shot: Promise<Screenshot | null>;
}

/** Where the action sits and how its step is reported. */
export interface ReplayStepInput {
  recorded: RecordedAction;
  stepIdx: number;
  traversal: ExecutedStep['traversal'];
  brainStateIdx: number;
  actionIdx: number;
  /** The brain state's next_goal. */
  caption: string;
  /** The action replayed after this one if it passes: its element is looked up while this step's page settles. */
  next?: RecordedAction | null;
}

export interface ReplayedStep {
  /** The step's report; its screenshot is attached once `context.pendingScreenshots` resolves. */
  step: ExecutedStep;
  result: ActionResult;
  /** What relocation found for the action's element (null without one, or when it was refused). */
  found: ElementFound | null;
}

function activeUrl(session: BrowserSession): string | null {
  return activePage(session)?.url() ?? null;
}

/** Steps that only read the page: when the DOM, scroll and URL are as at the previous screenshot, it is reused. */
function readsOnly(action: ReplayStepInput['recorded']['action']): boolean {
  return isAssertion(action) || action.type === 'wait_for';
}

/**
 * Starts the step's screenshot on the active page: a reading of the page (mutation clock, scroll, URL), then the
 * capture. A check that finds the page as it was at the previous screenshot reuses that image. Not yet the run's
 * latest screenshot: the caller makes it so (`context.lastShot`) once it keeps it.
 */
function beginShot(
  context: ReplayContext,
  element: BoundingBox | null,
  readOnlyStep: boolean,
): TakenShot | null {
  if (context.scope.signal.aborted) return null;
  const page = activePage(context.session);
  if (page === null) return null;
  const quality = context.settings.screenshotQuality;
  const previous = context.lastShot;
  const shoot = async (reading: PageReading | null): Promise<Screenshot | null> => {
    if (readOnlyStep && previous?.page === page && sameReading(await previous.reading, reading)) {
      // Nothing on the page changed since the previous screenshot: the same image, this step's element box.
      const same = await previous.shot;
      if (same) {
        return {
          ...same,
          elementBox: element ? clipBox(element, same.width, same.height) : null,
        };
      }
    }
    const shot = await captureScreenshot(page, {
      element,
      quality,
      signal: context.scope.signal,
      timeoutMs: SCREENSHOT_TIMEOUT_MS,
    });
    if (context.secretFields.empty) return shot;
    return maskScreenshot(shot, await context.secretFields.boxesOn(page), quality);
  };
  const reading = readPage(page);
  // A missing screenshot costs the report a frame; it must not fail the run.
  const shot = reading.then(shoot).catch(() => null);
  return { page, reading, shot };
}

/**
 * True when a screenshot started before the page settled still shows it: same active page, and the settled page
 * (`settled`: read when the settle wait found the DOM quiet; else read now) reads as it did just before the
 * capture (no DOM mutation, same scroll and URL), so the frame it captured, drawn after that reading, is the
 * settled page's.
 */
async function stillShows(
  context: ReplayContext,
  taken: TakenShot,
  settled: PageReading | null,
): Promise<boolean> {
  const page = activePage(context.session);
  if (page === null || page !== taken.page) return false;
  const [before, now] = await Promise.all([taken.reading, settled ?? readPage(page)]);
  return sameReading(before, now);
}

function locateMethodOf(result: ActionResult, found: ElementFound | null): LocateMethod {
  if (found?.method === 'healed') return 'healed';
  return result.foundBy === null ? 'none' : 'locator';
}

/** Makes a tab the action opened the active one, as a user would see it (executeAction's settle would). */
async function followNewTab(context: ReplayContext, result: ActionResult): Promise<void> {
  const opened = result.newTabs.at(-1);
  const page = opened === undefined ? undefined : context.session.pages()[opened.index];
  if (page && !page.isClosed()) await context.session.switchTab(page).catch(() => undefined);
}

/** Starts looking up `next`'s element on the active page (look-ahead.ts), for the next step to take. */
function lookAheadTo(context: ReplayContext, next: RecordedAction | null | undefined): void {
  const page = activePage(context.session);
  if (!next || page === null) return;
  context.lookAhead = startLookAhead(page, next, {
    secrets: context.secrets,
    policy: context.settings.relocationPolicy,
  });
}

/**
 * Runs one recorded action with the replay resolver (relocation), within the action's budget and the run's
 * deadline; waits for a settled page when the action changed it (settle-step.ts); starts the screenshot and
 * reports the step (events included, in order). Never throws for what happens on the page: the step says it.
 */
export async function replayStep(
  context: ReplayContext,
  input: ReplayStepInput,
): Promise<ReplayedStep> {
  const { settings, scope, session } = context;
  const action = input.recorded.action;
  let found: ElementFound | null = null;
  const left = Math.max(1, scope.timeLeft());
  const previousShots = context.pendingScreenshots;
  const lookAhead = context.lookAhead;
  context.lookAhead = null;
  /** The page's reading just before the action, to tell whether the look ahead still holds. */
  let readingBefore: PageReading | null = null;
  let resolved: Locator | null = null;
  const relocate = createReplayResolver(input.recorded, {
    policy: settings.relocationPolicy,
    secrets: context.secrets,
    waitMs: Math.min(settings.relocationWaitMs, settings.actionTimeoutMs),
    signal: scope.signal,
    deadline: scope.deadline,
    onFound: (result) => {
      found = result;
    },
    beforeAct: () => previousShots,
    presumed: (page) => takeLookAhead(lookAhead, input.recorded, page, readingBefore),
  });
  const resolver: ResolveTarget = async (target, page, info) => {
    const result = await relocate(target, page, info);
    resolved = result.locator;
    return result;
  };
  void context.emit({
    type: 'step_started',
    stepIdx: input.stepIdx,
    brainStateIdx: input.brainStateIdx,
    actionIdx: input.actionIdx,
    action,
    caption: input.caption,
    startedAt: new Date().toISOString(),
  });
  // An action without an element touches the page at once: the previous screenshot must be done. Assertions
  // only read the page, so they run alongside it.
  if (!('target' in action && action.target) && !isAssertion(action)) await previousShots;
  const watch = await watchStep(session, action.type);
  readingBefore = watch.startReading();
  // A check only reads the page: the next action's element is looked up alongside it.
  if (readsOnly(action)) lookAheadTo(context, input.next);
  const result = await executeAction(session, action, {
    secrets: context.secrets,
    resolveTarget: resolver,
    // The recorded fingerprint stays the reference; relocation already took the element's current one.
    captureFingerprint: false,
    timeoutMs: Math.min(settings.actionTimeoutMs, left),
    assertionTimeoutMs: Math.min(settings.assertionTimeoutMs, left),
    signal: scope.signal,
    settle: false,
    baseUrl: context.baseUrl,
    navigationPolicy: context.navigationPolicy,
    uploadDir: context.uploadDir,
  });
  const typedSecret = action.type === 'input_text' && secretNamesIn(action.text).length > 0;
  const field = resolved as Locator | null;
  if (typedSecret && field) context.secretFields.add(field.page(), field);
  // After a navigation the box measured before the action points at nothing.
  const moved = (): boolean => activeUrl(session) !== result.urlBefore || result.newTabs.length > 0;
  let early: TakenShot | null = null;
  if (result.ok) {
    await followNewTab(context, result);
    // An action that changed only the page's DOM: its screenshot starts now, while the DOM settles, and is kept
    // when the DOM did not change again before it settled (stillShows) — the settle wait and the capture's frame
    // overlap instead of adding up.
    if (watch.domOnly() && !moved()) early = beginShot(context, result.boundingBox, false);
    await watch.settle({
      capMs: Math.min(settings.settleCapMs, Math.max(0, scope.timeLeft())),
      quietMs: settings.settleQuietMs,
      signal: scope.signal,
      // The next action's element is looked up while the page settles; it is used only if the page read the
      // same from the look up to the next action (takeLookAhead), i.e. the settled page is the one it saw.
      whileQuieting: () => lookAheadTo(context, input.next),
    });
  }
  const relocated = found as ElementFound | null;
  const step: ExecutedStep = {
    idx: input.stepIdx,
    traversal: input.traversal,
    brainStateIdx: input.brainStateIdx,
    actionIdx: input.actionIdx,
    startedAt: result.startedAt,
    finishedAt: new Date().toISOString(),
    passed: result.ok,
    locateMethod: locateMethodOf(result, relocated),
    healScore: relocated?.method === 'healed' ? relocated.score : null,
    error: result.error?.message ?? null,
    caption: input.caption,
    screenshot: null,
    screenshotBox: null,
    action,
  };
  let taken: TakenShot | null = null;
  if (result.error?.code !== 'CANCELLED') {
    taken =
      early !== null && (await stillShows(context, early, watch.settledReading()))
        ? early
        : beginShot(context, moved() ? null : result.boundingBox, readsOnly(action));
  }
  if (taken !== null) context.lastShot = taken;
  const shooting = taken?.shot ?? Promise.resolve(null);
  const attached = shooting.then((shot) => {
    step.screenshot = shot?.bytes ?? null;
    step.screenshotBox = shot?.elementBox ?? null;
  });
  context.pendingScreenshots = Promise.all([previousShots, attached]).then(() => undefined);
  void context.emit(attached.then((): RunEvent => ({ type: 'step_finished', step })));
  return { step, result, found: relocated };
}
