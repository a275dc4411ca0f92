// observePage: the compact, token-budgeted text view of a page for the model, with refs that resolve to locators.
import type { Frame, Page } from 'playwright-core';
import { redactSecrets, type SecretValues } from '../secrets/secret-text.ts';
import { readAriaSnapshot, collectRefs, type AriaChild } from './aria-snapshot.ts';
import type { ElementRefs } from './element-refs.ts';
import type { ObservedElement } from './observed-element.ts';
import { computePageChanges, renderPageChanges, type PageChanges } from './page-changes.ts';
import { collectFrameFacts, type FrameFacts } from './page-facts.ts';
import { findUnexplainedTextboxes } from './line-rules.ts';
import { buildLines, type Line } from './page-lines.ts';
import { ObservationRefs, RefNames } from './page-refs.ts';
import {
  describeLeftOut,
  RENDER_LEVELS,
  selectLines,
  type RenderLimits,
} from './render-page-state.ts';
import { estimateTokens, type CountTokens } from './token-count.ts';

export const DEFAULT_TOKEN_BUDGET = 4000;
export const DEFAULT_MAX_SCREENS = 3;
const DEFAULT_TIMEOUT_MS = 15_000;
const TAB_TITLE_TIMEOUT_MS = 1_000;

export interface ObservePageOptions {
  /** Upper bound for the text's tokens (as counted by `countTokens`). */
  tokenBudget?: number;
  /** Exact secret values to redact from everything the observation holds. */
  secrets?: SecretValues;
  /** Attach a JPEG screenshot of the viewport (for vision models); secrets on screen are masked. */
  includeScreenshot?: boolean;
  /** JPEG quality, 1–100. */
  screenshotQuality?: number;
  /** The previous observation of the same tab, to report what changed. */
  previous?: PageObservation;
  /** Content further than this many viewport heights away is summarised, not listed. */
  maxScreens?: number;
  /** Token counter; defaults to a conservative estimate of o200k_base. */
  countTokens?: CountTokens;
  signal?: AbortSignal;
  /** Deadline for the whole observation. */
  timeoutMs?: number;
}

export interface TabInfo {
  index: number;
  url: string;
  title: string;
  current: boolean;
}

export interface ScrollInfo {
  x: number;
  y: number;
  viewportWidth: number;
  viewportHeight: number;
  pageWidth: number;
  pageHeight: number;
  pixelsAbove: number;
  pixelsBelow: number;
}

export interface PageScreenshot {
  mimeType: 'image/jpeg';
  data: Uint8Array;
}

export interface PageObservation {
  /** The page state for the model. Secret values are redacted; password values never appear. */
  text: string;
  /** Resolves the refs shown in `text` to locators (Playwright `aria-ref=` selectors: exactly that element). */
  refs: ElementRefs;
  url: string;
  title: string;
  tabs: TabInfo[];
  scroll: ScrollInfo;
  /** Every interactive element found within `maxScreens`, including those the budget left out of `text`. */
  elements: ObservedElement[];
  /** Text lines found within `maxScreens` (for change detection). */
  texts: string[];
  changes: PageChanges | undefined;
  screenshot: PageScreenshot | undefined;
  /** Tokens of `text`, as counted by the counter in use. */
  tokens: number;
  /** Degradation level used to fit the budget (0 = nothing shortened). */
  level: number;
  takenAt: Date;
}

export class PageObservationError extends Error {
  readonly code: 'OBSERVATION_FAILED' | 'CANCELLED' | 'TIMEOUT';
  constructor(code: PageObservationError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PageObservationError';
    this.code = code;
  }
}

async function withDeadline<T>(promise: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  if (signal.aborted) throw abortError(signal, what);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(abortError(signal, what));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function abortError(signal: AbortSignal, what: string): PageObservationError {
  const reason: unknown = signal.reason;
  const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError';
  return new PageObservationError(
    timedOut ? 'TIMEOUT' : 'CANCELLED',
    `${what} ${timedOut ? 'timed out' : 'was cancelled'}`,
    { cause: reason },
  );
}

function iframeRefs(nodes: readonly AriaChild[], into: string[] = []): string[] {
  for (const node of nodes) {
    if (typeof node === 'string') continue;
    if (node.role === 'iframe' && node.ref !== undefined && node.children.length > 0)
      into.push(node.ref);
    iframeRefs(node.children, into);
  }
  return into;
}

/** Facts of a frame, retried once (a navigation may replace the document mid-read); undefined if unreadable. */
async function collectFactsOnce(frame: Frame): Promise<FrameFacts | undefined> {
  try {
    return await collectFrameFacts(frame);
  } catch {
    return collectFrameFacts(frame).catch(() => undefined);
  }
}

/** Checks text boxes one by one; any that cannot be checked counts as a password field (never shown). */
async function findPasswordFields(page: Page, refs: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  await Promise.all(
    refs.map(async (ref) => {
      const isPassword = await page
        .locator(`aria-ref=${ref}`)
        .evaluate((el) => el instanceof HTMLInputElement && el.type === 'password', undefined, {
          timeout: 2_000,
        })
        .catch(() => true);
      if (isPassword) found.add(ref);
    }),
  );
  return found;
}

async function factsOfIframe(page: Page, ref: string): Promise<FrameFacts | undefined> {
  const handle = await page.locator(`aria-ref=${ref}`).elementHandle({ timeout: 2_000 });
  if (!handle) return undefined;
  try {
    const frame: Frame | null = await handle.contentFrame();
    return frame ? await collectFactsOnce(frame) : undefined;
  } finally {
    await handle.dispose();
  }
}

async function listTabs(page: Page): Promise<TabInfo[]> {
  const pages = page.context().pages();
  return Promise.all(
    pages.map(async (p, index) => {
      const title = await Promise.race([
        p.title().catch(() => ''),
        new Promise<string>((resolve) => setTimeout(() => resolve(''), TAB_TITLE_TIMEOUT_MS)),
      ]);
      return { index, url: p.url(), title, current: p === page };
    }),
  );
}

function textsOf(lines: readonly Line[]): string[] {
  const texts: string[] = [];
  for (const line of lines) {
    const text = line.parts
      .flatMap((p) => (p.kind === 'text' ? [p.text] : []))
      .join(' ')
      .trim();
    if (text.length > 1) texts.push(text);
  }
  return texts;
}

function headerLines(
  url: string,
  title: string,
  tabs: readonly TabInfo[],
  scroll: ScrollInfo,
): string[] {
  const lines = [`Page: ${JSON.stringify(title)} ${url}`];
  if (tabs.length > 1) {
    const list = tabs.map(
      (t) => `[${t.index}]${t.current ? ' (current)' : ''} ${JSON.stringify(t.title)} ${t.url}`,
    );
    lines.push(`Tabs: ${list.join(' | ')}`);
  }
  const screens = (px: number): string => (px / Math.max(1, scroll.viewportHeight)).toFixed(1);
  if (scroll.pixelsAbove > 0 || scroll.pixelsBelow > 0)
    lines.push(
      `Scroll: ${scroll.pixelsAbove}px (${screens(scroll.pixelsAbove)} screens) above, ${scroll.pixelsBelow}px (${screens(scroll.pixelsBelow)} screens) below`,
    );
  return lines;
}

/** Observes the page: one accessibility snapshot (refs), one DOM facts pass per frame, then text. */
export async function observePage(
  page: Page,
  options: ObservePageOptions = {},
): Promise<PageObservation> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = options.signal
    ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)])
    : AbortSignal.timeout(timeoutMs);
  const secrets: SecretValues = options.secrets ?? new Map();
  const redact = (text: string): string => redactSecrets(text, secrets);
  const countTokens = options.countTokens ?? estimateTokens;
  const budget = options.tokenBudget ?? DEFAULT_TOKEN_BUDGET;
  const maxScreens = options.maxScreens ?? DEFAULT_MAX_SCREENS;

  // The snapshot, the top document's facts and the tab list are independent reads: run them together.
  const topFactsPromise = collectFactsOnce(page.mainFrame());
  const tabsPromise = listTabs(page);
  let roots: AriaChild[];
  try {
    const json = await page.ariaSnapshotJSON({
      mode: 'ai',
      boxes: true,
      signal,
      timeout: timeoutMs,
    });
    roots = readAriaSnapshot(json);
  } catch (error) {
    if (signal.aborted) throw abortError(signal, 'observing the page');
    throw new PageObservationError('OBSERVATION_FAILED', 'could not read the page', {
      cause: error,
    });
  }

  const refs = iframeRefs(roots);
  const [topFacts, tabs, ...framesFacts] = await withDeadline(
    Promise.all([
      topFactsPromise,
      tabsPromise,
      ...refs.map((ref) => factsOfIframe(page, ref).catch(() => undefined)),
    ]),
    signal,
    'observing the page',
  );
  const frameFacts = new Map<string, FrameFacts>();
  const passwordValues = new Set<string>(topFacts?.passwordValues ?? []);
  refs.forEach((ref, i) => {
    const facts = framesFacts[i];
    if (facts === undefined) return;
    frameFacts.set(ref, facts);
    for (const value of facts.passwordValues) passwordValues.add(value);
  });

  const viewport = topFacts?.viewport ?? {
    width: page.viewportSize()?.width ?? 0,
    height: page.viewportSize()?.height ?? 0,
    scrollX: 0,
    scrollY: 0,
    scrollWidth: 0,
    scrollHeight: 0,
  };
  const passwordRefs = await withDeadline(
    findPasswordFields(page, findUnexplainedTextboxes(roots, topFacts, frameFacts)),
    signal,
    'observing the page',
  );
  const names = new RefNames(roots);
  const built = buildLines({
    roots,
    displayRef: (ref) => names.display(ref),
    topFacts,
    frameFacts,
    viewportHeight: viewport.height,
    maxScreens,
    passwordValues,
    passwordRefs,
    redact,
  });
  const scroll: ScrollInfo = {
    x: Math.round(viewport.scrollX),
    y: Math.round(viewport.scrollY),
    viewportWidth: viewport.width,
    viewportHeight: viewport.height,
    pageWidth: viewport.scrollWidth,
    pageHeight: viewport.scrollHeight,
    pixelsAbove: Math.max(0, Math.round(viewport.scrollY)),
    pixelsBelow: Math.max(
      0,
      Math.round(viewport.scrollHeight - viewport.scrollY - viewport.height),
    ),
  };
  const url = redact(page.url());
  const title = redact(tabs.find((t) => t.current)?.title ?? '');
  const redactedTabs = tabs.map((t) => ({ ...t, url: redact(t.url), title: redact(t.title) }));
  const texts = textsOf(built.lines);
  const changes = options.previous
    ? computePageChanges(options.previous, { url, title, elements: built.elements, texts })
    : undefined;

  const header = headerLines(url, title, redactedTabs, scroll);
  const compose = (limits: RenderLimits, changeItems: number): string => {
    const selected = selectLines(built.lines, limits);
    const parts = [
      ...header,
      ...(changes ? renderPageChanges(changes, changeItems) : []),
      '---',
      ...selected.text,
      ...describeLeftOut(built.omittedAbove, built.omittedBelow, maxScreens, selected),
    ];
    return redact(parts.join('\n'));
  };

  let text = '';
  let level = 0;
  let tokens = Infinity;
  for (; level < RENDER_LEVELS.length; level += 1) {
    const limits = RENDER_LEVELS[level];
    if (limits === undefined) break;
    text = compose(limits, level === 0 ? 12 : level < 3 ? 6 : 3);
    tokens = countTokens(text);
    if (tokens <= budget) break;
  }
  if (tokens > budget) {
    level = RENDER_LEVELS.length;
    text = cutToBudget(text, budget, countTokens);
    tokens = countTokens(text);
  }

  let screenshot: PageScreenshot | undefined;
  if (options.includeScreenshot) {
    const mask = [...new Set(built.secretRefs)].map((ref) => page.locator(`aria-ref=${ref}`));
    const data = await withDeadline(
      page.screenshot({
        type: 'jpeg',
        quality: options.screenshotQuality ?? 60,
        mask,
        timeout: timeoutMs,
      }),
      signal,
      'taking the screenshot',
    );
    screenshot = { mimeType: 'image/jpeg', data };
  }

  return {
    text,
    refs: new ObservationRefs(page, names, collectRefs(roots)),
    url,
    title,
    tabs: redactedTabs,
    scroll,
    elements: built.elements,
    texts,
    changes,
    screenshot,
    tokens,
    level: Math.min(level, RENDER_LEVELS.length),
    takenAt: new Date(),
  };
}

/** Last resort when even the most compact level is too long: cut whole lines from the end. */
function cutToBudget(text: string, budget: number, countTokens: CountTokens): string {
  const lines = text.split('\n');
  const withNote = (keep: number): string =>
    `${lines.slice(0, keep).join('\n')}\n(… ${lines.length - keep} more lines cut to fit the token budget)`;
  // The largest number of leading lines that fits, found by bisection (the counter may be slow).
  let low = 1;
  let high = lines.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (countTokens(withNote(mid)) <= budget) low = mid;
    else high = mid - 1;
  }
  return withNote(low);
}
