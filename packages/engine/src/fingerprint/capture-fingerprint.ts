// Captures element fingerprints in the browser: one element (before acting on it) or every relocation candidate.
import type { ElementHandle, Frame, JSHandle, Locator, Page } from 'playwright-core';
import { redactSecretsEverywhere } from '../actions/redact-encoded-secrets.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { pageFunction } from '../browser/page-function.ts';
import { ELEMENT_FINGERPRINT_VERSION, type ElementFingerprint } from './element-fingerprint.ts';
import { describeFrameChain, type FrameChain } from './frame-chain.ts';
import {
  FINGERPRINT_CANDIDATES,
  FINGERPRINT_ELEMENT,
  FINGERPRINT_ONLY_ELEMENT,
} from './page-libraries.ts';
import type { RawFingerprint } from './page-fingerprint-script.ts';

export const DEFAULT_MAX_NEIGHBORS = 5;
export const DEFAULT_NEIGHBOR_RADIUS_PX = 250;
export const DEFAULT_MAX_CANDIDATES = 5_000;

export interface CaptureFingerprintOptions {
  /** How long to wait for the element to be attached (default: the context's action timeout). */
  timeoutMs?: number;
  /** Secret values: any field containing one is redacted, and a value containing one becomes null. */
  secrets?: SecretValues;
  maxNeighbors?: number;
  neighborRadiusPx?: number;
}

function containsSecret(text: string | null, secrets: SecretValues | undefined): boolean {
  if (text === null || !secrets) return false;
  for (const value of secrets.values()) if (value.length > 0 && text.includes(value)) return true;
  return false;
}

function toFingerprint(
  raw: RawFingerprint,
  frameUrl: string,
  chain: FrameChain,
  secrets: SecretValues | undefined,
): ElementFingerprint {
  const box = raw.boundingBox;
  const fingerprint: ElementFingerprint = {
    version: ELEMENT_FINGERPRINT_VERSION,
    tag: raw.tag,
    role: raw.role,
    accessibleName: raw.accessibleName,
    text: raw.text,
    id: raw.id,
    name: raw.name,
    type: raw.type,
    placeholder: raw.placeholder,
    label: raw.label,
    testIds: raw.testIds,
    href: raw.href,
    alt: raw.alt,
    title: raw.title,
    classes: raw.classes,
    value: containsSecret(raw.value, secrets) ? null : raw.value,
    cssPath: raw.cssPath,
    xpath: raw.xpath,
    idXpath: raw.idXpath,
    boundingBox: box && {
      x: Math.round((box.x + chain.offset.x) * 100) / 100,
      y: Math.round((box.y + chain.offset.y) * 100) / 100,
      width: box.width,
      height: box.height,
    },
    neighborTexts: raw.neighborTexts,
    frame: {
      url: frameUrl,
      name: chain.name,
      framePath: chain.framePath,
      shadowPath: raw.shadowPath,
    },
    locator: `${chain.locatorPrefix}${raw.locator}`,
  };
  return secrets && secrets.size > 0 ? redactSecretsEverywhere(fingerprint, secrets) : fingerprint;
}

/**
 * Fingerprints the one element the locator matches (waiting for it to be attached; strict, so several matches
 * throw). All element fields come from a single in-page evaluation; elements inside iframes cost one more
 * evaluation per frame level for the frame path and offset.
 */
export async function captureFingerprint(
  locator: Locator,
  options: CaptureFingerprintOptions = {},
): Promise<ElementFingerprint> {
  const raw = await locator.evaluate(
    FINGERPRINT_ELEMENT,
    singleScriptOptions(options),
    timeoutOf(options),
  );
  return finishFingerprint(locator, raw, options);
}

function singleScriptOptions(options: CaptureFingerprintOptions) {
  return {
    maxNeighbors: options.maxNeighbors ?? DEFAULT_MAX_NEIGHBORS,
    neighborRadius: options.neighborRadiusPx ?? DEFAULT_NEIGHBOR_RADIUS_PX,
  };
}

function timeoutOf(options: CaptureFingerprintOptions): { timeout?: number } {
  return options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };
}

/**
 * Counts the elements the locator matches now (no waiting) and, when there is exactly one, fingerprints it in
 * the same in-page call: how replay checks a recorded locator in one round trip.
 */
export async function captureFingerprintIfOnly(
  locator: Locator,
  options: CaptureFingerprintOptions = {},
): Promise<{ count: number; fingerprint: ElementFingerprint | null }> {
  const { count, raw } = await locator.evaluateAll(
    FINGERPRINT_ONLY_ELEMENT,
    singleScriptOptions(options),
  );
  if (raw === null) return { count, fingerprint: null };
  return { count, fingerprint: await finishFingerprint(locator, raw, options) };
}

/** The frame chain of an element inside iframes (one evaluation per frame level), then the fingerprint. */
async function finishFingerprint(
  locator: Locator,
  raw: RawFingerprint & { isTopFrame: boolean },
  options: CaptureFingerprintOptions,
): Promise<ElementFingerprint> {
  const timeout = timeoutOf(options);
  let chain: FrameChain = { framePath: [], name: null, offset: { x: 0, y: 0 }, locatorPrefix: '' };
  let frameUrl = locator.page().url();
  if (!raw.isTopFrame) {
    const handle = await locator.elementHandle(timeout);
    try {
      const frame = await handle.ownerFrame();
      if (frame) {
        chain = await describeFrameChain(frame);
        frameUrl = frame.url();
      }
    } finally {
      await handle.dispose();
    }
  }
  return toFingerprint(raw, frameUrl, chain, options.secrets);
}

export interface CollectCandidatesOptions {
  /** Only this frame (default: every frame of the page, main frame first). */
  frame?: Frame;
  /** Only these tag names (default: interactive elements and elements with their own text). */
  tags?: readonly string[];
  secrets?: SecretValues;
  maxCandidates?: number;
  maxNeighbors?: number;
  neighborRadiusPx?: number;
}

export interface CandidateFingerprint {
  /** Position in CandidateSet.candidates. */
  index: number;
  fingerprint: ElementFingerprint;
  frame: Frame;
}

/** The visible candidates of a page, with ways to act on the one relocation picks. */
export interface CandidateSet {
  candidates: CandidateFingerprint[];
  /** Frames that could not be read (detached or navigating), with the reason. */
  skippedFrames: { url: string; reason: string }[];
  /** A Locator for candidate i, from its unique CSS path (and shadow hosts) at collection time. */
  locatorFor(index: number): Locator;
  /** The very element collected as candidate i (null if it is gone). */
  elementFor(index: number): Promise<ElementHandle | null>;
  /** Releases the in-page references to the candidate elements. */
  dispose(): Promise<void>;
}

const READ_JSON = pageFunction((result: { json: string }) => result.json);
const ELEMENT_AT = pageFunction(
  (result: { elements: Element[] }, index: number) => result.elements[index] ?? null,
);

function cssChainLocator(frame: Frame, fingerprint: ElementFingerprint): Locator {
  let locator = frame.locator(fingerprint.frame.shadowPath[0] ?? fingerprint.cssPath);
  const rest = [
    ...fingerprint.frame.shadowPath.slice(1),
    ...(fingerprint.frame.shadowPath.length > 0 ? [fingerprint.cssPath] : []),
  ];
  for (const css of rest) locator = locator.locator(css);
  return locator;
}

/**
 * Fingerprints every visible candidate element: one evaluation per frame (plus one to read the result), with
 * the same in-page code as captureFingerprint, so recorded and candidate fingerprints compare like for like.
 */
export async function collectCandidateFingerprints(
  page: Page,
  options: CollectCandidatesOptions = {},
): Promise<CandidateSet> {
  const frames = options.frame ? [options.frame] : page.frames();
  const chains = new Map<Frame, Promise<FrameChain>>();
  const candidates: CandidateFingerprint[] = [];
  const owners: JSHandle<{ json: string; elements: Element[] }>[] = [];
  const places: {
    frame: Frame;
    handle: JSHandle<{ json: string; elements: Element[] }>;
    local: number;
  }[] = [];
  const skippedFrames: CandidateSet['skippedFrames'] = [];
  const scriptOptions = {
    tags: options.tags ? [...options.tags] : null,
    maxCandidates: options.maxCandidates ?? DEFAULT_MAX_CANDIDATES,
    maxNeighbors: options.maxNeighbors ?? DEFAULT_MAX_NEIGHBORS,
    neighborRadius: options.neighborRadiusPx ?? DEFAULT_NEIGHBOR_RADIUS_PX,
  };
  const perFrame = await Promise.all(
    frames.map(async (frame) => {
      try {
        const [chain, handle] = await Promise.all([
          describeFrameChain(frame, chains),
          frame.evaluateHandle(FINGERPRINT_CANDIDATES, scriptOptions),
        ]);
        const raws = JSON.parse(await handle.evaluate(READ_JSON)) as RawFingerprint[];
        return { frame, chain, handle, raws };
      } catch (error) {
        skippedFrames.push({
          url: frame.url(),
          reason: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
        });
        return null;
      }
    }),
  );
  for (const entry of perFrame) {
    if (!entry) continue;
    owners.push(entry.handle);
    entry.raws.forEach((raw, local) => {
      candidates.push({
        index: candidates.length,
        fingerprint: toFingerprint(raw, entry.frame.url(), entry.chain, options.secrets),
        frame: entry.frame,
      });
      places.push({ frame: entry.frame, handle: entry.handle, local });
    });
  }
  const placeOf = (index: number): (typeof places)[number] => {
    const place = places[index];
    if (!place) throw new RangeError(`no candidate ${index} (there are ${places.length})`);
    return place;
  };
  return {
    candidates,
    skippedFrames,
    locatorFor: (index) => {
      const place = placeOf(index);
      const candidate = candidates[index] as CandidateFingerprint;
      return cssChainLocator(place.frame, candidate.fingerprint);
    },
    elementFor: async (index) => {
      const place = placeOf(index);
      const handle = await place.handle.evaluateHandle(ELEMENT_AT, place.local);
      const element = handle.asElement();
      if (!element) await handle.dispose();
      return element as ElementHandle | null;
    },
    dispose: async () => {
      await Promise.all(owners.map((owner) => owner.dispose().catch(() => undefined)));
    },
  };
}
