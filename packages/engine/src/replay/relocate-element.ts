// Finds a recorded element on the current page: its recorded locator if that still finds the same element, else the best-scoring candidate, else a refusal.
import type { Frame, Locator, Page } from 'playwright-core';
import { ActionError } from '../actions/action-errors.ts';
import { cancelledError, throwIfCancelled } from '../browser/cancellation.ts';
import {
  captureFingerprintIfOnly,
  collectCandidateFingerprints,
} from '../fingerprint/capture-fingerprint.ts';
import type { ElementFingerprint, ElementFrame } from '../fingerprint/element-fingerprint.ts';
import { describeFrameChain, type FrameChain } from '../fingerprint/frame-chain.ts';
import { buildLocator } from '../locators/build-locator.ts';
import {
  chooseCandidate,
  DEFAULT_RELOCATION_POLICY,
  type RankedCandidate,
  type RelocationChoice,
  type RelocationPolicy,
} from '../relocation/choose-candidate.ts';
import { describeRelocationChoice } from '../relocation/explain-relocation.ts';
import { fingerprintAgrees, type AgreementOptions } from '../relocation/fingerprint-agrees.ts';
import { scoreCandidate } from '../relocation/score-candidate.ts';
import type { SecretValues } from '../secrets/secret-text.ts';

/** How long relocation keeps looking while the page may still be rendering. */
export const DEFAULT_RELOCATION_WAIT_MS = 2_500;
/** Pauses between attempts: short first (most late content arrives within a frame or two), then longer. */
const RETRY_DELAYS_MS = [50, 100, 200, 300, 500];
const FINGERPRINT_TIMEOUT_MS = 2_000;

export interface RelocateElementOptions {
  /** The locator the action was recorded with (steps file or agent); tried first, then the fingerprint's own. */
  locator?: string | null;
  /**
   * When the recorded locator counts as finding the element: `one_agreeing` (default) — it matches exactly one
   * element whose fingerprint still agrees; `any` — it matches at least one (assertion scopes, whose content
   * is what the assertion checks, so a changed text must reach the assertion rather than fail relocation).
   */
  locatorMatch?: 'one_agreeing' | 'any';
  policy?: Partial<RelocationPolicy>;
  agreement?: Partial<AgreementOptions>;
  /** Secret values: redacted from every fingerprint taken of the page. */
  secrets?: SecretValues;
  /** Keep looking this long for the element to appear (default 2.5 s); 0 for a single attempt. */
  waitMs?: number;
  signal?: AbortSignal;
  /** Absolute clock time (ms) after which no further attempt starts. */
  deadline?: number;
}

export interface ElementFound {
  kind: 'found';
  locator: Locator;
  /** `locator`: the recorded locator still finds it; `healed`: chosen by similarity. */
  method: 'locator' | 'healed';
  /** Similarity of the element now to the recorded one (0..1); null when accepted without comparing. */
  score: number | null;
  /** Lead over the best rival, for a healed element; null for the recorded locator. */
  margin: number | null;
  /** The element as it is now; null when accepted without a fingerprint. */
  fingerprint: ElementFingerprint | null;
  /** A locator string that finds the element now (the recorded one, or the healed element's own). */
  locatorText: string;
  /** One line for reports: how the element was found. */
  detail: string;
}

export interface ElementRefused {
  kind: 'refused';
  /** `not_found`: nothing on the page is similar enough (or there is nothing); `ambiguous`: no clear winner. */
  reason: 'not_found' | 'ambiguous';
  /** The best candidates with their scores, best first. */
  top: readonly RankedCandidate[];
  /** What was tried and why it was refused, with the candidates; secret-free. */
  message: string;
}

export type RelocationResult = ElementFound | ElementRefused;

/** The action error a refusal becomes: ELEMENT_AMBIGUOUS or ELEMENT_NOT_FOUND. */
export function relocationError(refusal: ElementRefused): ActionError {
  return new ActionError(
    refusal.reason === 'ambiguous' ? 'ELEMENT_AMBIGUOUS' : 'ELEMENT_NOT_FOUND',
    refusal.message,
  );
}

interface LocatorCheck {
  found: ElementFound | null;
  /** What the locator did, for the refusal message. */
  note: string;
}

async function checkLocator(
  page: Page,
  text: string,
  recorded: ElementFingerprint,
  options: RelocateElementOptions,
): Promise<LocatorCheck> {
  let locator: Locator;
  try {
    locator = buildLocator(page, text, options.secrets);
  } catch {
    return { found: null, note: `${text} does not parse` };
  }
  if (options.locatorMatch === 'any') {
    const count = await locator.count().catch(() => 0);
    if (count === 0) return { found: null, note: `${text} matches nothing` };
    const detail = `found by the recorded locator ${text}`;
    return {
      found: {
        kind: 'found',
        locator,
        method: 'locator',
        score: null,
        margin: null,
        fingerprint: null,
        locatorText: text,
        detail,
      },
      note: detail,
    };
  }
  // One round trip: how many elements the locator matches, and the fingerprint of the one when it is one.
  let checked: { count: number; fingerprint: ElementFingerprint | null };
  try {
    checked = await captureFingerprintIfOnly(locator, {
      timeoutMs: FINGERPRINT_TIMEOUT_MS,
      secrets: options.secrets,
    });
  } catch {
    return { found: null, note: `${text} matched an element that went away` };
  }
  const current = checked.fingerprint;
  if (checked.count === 0) return { found: null, note: `${text} matches nothing` };
  if (checked.count > 1 || current === null)
    return { found: null, note: `${text} matches ${checked.count} elements` };
  if (!fingerprintAgrees(recorded, current, options.agreement)) {
    return { found: null, note: `${text} finds an element that is no longer the recorded one` };
  }
  const weights = options.policy?.weights ?? DEFAULT_RELOCATION_POLICY.weights;
  const score = scoreCandidate(recorded, current, weights).score;
  return {
    found: {
      kind: 'found',
      locator,
      method: 'locator',
      score,
      margin: null,
      fingerprint: current,
      locatorText: text,
      detail: `found by the recorded locator ${text} (similarity ${score.toFixed(2)})`,
    },
    note: '',
  };
}

/**
 * The first step of relocateElement alone, once: the recorded locator (the action's, else the fingerprint's
 * own) when it matches exactly one element whose fingerprint still agrees; null otherwise (including when the
 * page cannot be read). No candidate search and no waiting: for a look ahead, whose answer is only used when
 * the page did not change after it.
 */
export async function checkRecordedLocator(
  page: Page,
  recorded: ElementFingerprint,
  options: Pick<RelocateElementOptions, 'locator' | 'policy' | 'agreement' | 'secrets'>,
): Promise<ElementFound | null> {
  const text = options.locator || recorded.locator;
  if (!text) return null;
  try {
    return (await checkLocator(page, text, recorded, { ...options, locatorMatch: 'one_agreeing' }))
      .found;
  } catch {
    return null;
  }
}

function sameFramePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((selector, i) => selector === b[i]);
}

/** The frame the element was recorded in, if it is still there: same iframe path, else same URL and name. */
async function recordedFrame(page: Page, frame: ElementFrame): Promise<Frame | null> {
  if (frame.framePath.length === 0) return page.mainFrame();
  const cache = new Map<Frame, Promise<FrameChain>>();
  let byUrl: Frame | null = null;
  for (const candidate of page.frames()) {
    if (candidate === page.mainFrame()) continue;
    const chain = await describeFrameChain(candidate, cache).catch(() => null);
    if (chain && sameFramePath(chain.framePath, frame.framePath)) return candidate;
    if (byUrl === null && candidate.url() === frame.url && chain?.name === frame.name)
      byUrl = candidate;
  }
  return byUrl;
}

interface CandidateSearch {
  choice: RelocationChoice;
  found: ElementFound | null;
}

/** Scores the candidates of one frame (or of every frame) and turns an accepted choice into a locator. */
async function searchCandidates(
  page: Page,
  recorded: ElementFingerprint,
  frame: Frame | undefined,
  options: RelocateElementOptions,
): Promise<CandidateSearch> {
  const set = await collectCandidateFingerprints(page, { frame, secrets: options.secrets });
  try {
    const choice = chooseCandidate(
      recorded,
      set.candidates.map((c) => c.fingerprint),
      options.policy,
    );
    if (choice.kind !== 'accepted') return { choice, found: null };
    const candidate = set.candidates[choice.index];
    if (!candidate) return { choice, found: null };
    // The element's own readable locator survives re-renders better than the CSS path taken at collection.
    const readable = candidate.fingerprint.locator;
    let locator = set.locatorFor(choice.index);
    let locatorText = readable ?? candidate.fingerprint.cssPath;
    if (readable) {
      try {
        const built = buildLocator(page, readable, options.secrets);
        if ((await built.count()) === 1) locator = built;
        else locatorText = candidate.fingerprint.cssPath;
      } catch {
        locatorText = candidate.fingerprint.cssPath;
      }
    }
    return {
      choice,
      found: {
        kind: 'found',
        locator,
        method: 'healed',
        score: choice.score,
        margin: choice.margin,
        fingerprint: candidate.fingerprint,
        locatorText,
        detail: `healed by similarity: ${describeRelocationChoice(choice).split('\n')[0]} → ${locatorText}`,
      },
    };
  } finally {
    await set.dispose();
  }
}

/**
 * The page may have finished rendering between the locator check and the candidate search: when the recorded
 * locator now finds the element, that is how it was found (not a heal).
 */
async function recheckLocators(
  page: Page,
  recorded: ElementFingerprint,
  locators: readonly string[],
  options: RelocateElementOptions,
): Promise<ElementFound | null> {
  for (const text of locators) {
    const check = await checkLocator(page, text, recorded, options);
    if (check.found) return check.found;
  }
  return null;
}

async function attempt(
  page: Page,
  recorded: ElementFingerprint,
  locators: readonly string[],
  options: RelocateElementOptions,
): Promise<RelocationResult> {
  const notes: string[] = [];
  for (const text of locators) {
    const check = await checkLocator(page, text, recorded, options);
    if (check.found) return check.found;
    notes.push(check.note);
  }
  // Frame-aware: the frame the element was recorded in first, then every frame when that gives no clear answer.
  const home = await recordedFrame(page, recorded.frame);
  let search: CandidateSearch | null = null;
  if (home && page.frames().length > 1) {
    search = await searchCandidates(page, recorded, home, options);
    if (search.found)
      return (await recheckLocators(page, recorded, locators, options)) ?? search.found;
  }
  search = await searchCandidates(page, recorded, undefined, options);
  if (search.found)
    return (await recheckLocators(page, recorded, locators, options)) ?? search.found;
  const { choice } = search;
  const refused = choice.kind === 'refused' ? choice : null;
  const reason = refused?.reason === 'ambiguous' ? 'ambiguous' : 'not_found';
  const tried = notes.length > 0 ? `the recorded locator failed (${notes.join('; ')}); ` : '';
  return {
    kind: 'refused',
    reason,
    top: choice.top,
    message: `could not find the recorded element ${describeRecorded(recorded)}: ${tried}${describeRelocationChoice(choice)}`,
  };
}

function describeRecorded(recorded: ElementFingerprint): string {
  const name = recorded.accessibleName ?? recorded.text ?? recorded.label ?? recorded.placeholder;
  return `<${recorded.tag}${recorded.id ? `#${recorded.id}` : ''}>${name ? ` "${name.slice(0, 60)}"` : ''}`;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(cancelledError('relocating the element', signal));
    }
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Finds the recorded element on the page. The recorded locator (the action's, then the fingerprint's own) is
 * accepted only when it matches exactly one element whose fingerprint still agrees with the recorded one;
 * otherwise every visible candidate is scored by weighted property similarity — in the recorded frame first,
 * then in every frame — and the best is accepted only above the policy's threshold and with a clear margin
 * over the runner-up. While nothing is accepted the page may still be rendering, so the attempt repeats until
 * `waitMs` has passed; then the last refusal is returned (never a guess), with the top candidates and scores.
 * Throws BrowserError CANCELLED when the signal fires.
 */
export async function relocateElement(
  page: Page,
  recorded: ElementFingerprint,
  options: RelocateElementOptions = {},
): Promise<RelocationResult> {
  const started = Date.now();
  const waitUntil = Math.min(
    started + (options.waitMs ?? DEFAULT_RELOCATION_WAIT_MS),
    options.deadline ?? Number.POSITIVE_INFINITY,
  );
  const locators = [options.locator, recorded.locator].filter(
    (text, i, all): text is string =>
      typeof text === 'string' && text !== '' && all.indexOf(text) === i,
  );
  for (let round = 0; ; round++) {
    throwIfCancelled(options.signal, 'relocating the element');
    const result = await attempt(page, recorded, locators, options);
    if (result.kind === 'found') return result;
    const delay = RETRY_DELAYS_MS[Math.min(round, RETRY_DELAYS_MS.length - 1)] ?? 500;
    if (Date.now() + delay > waitUntil) return result;
    await pause(delay, options.signal);
  }
}
