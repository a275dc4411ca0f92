// Reads the Similo relocation data set (kept outside the repository) and maps its elements onto ElementFingerprint.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  ELEMENT_FINGERPRINT_VERSION,
  type ElementFingerprint,
} from '../../packages/engine/src/fingerprint/element-fingerprint.ts';

/** An element as the data set records it (see ../shared/datasets/similo/README.md). */
export interface SimiloElement {
  tag: string;
  id: string | null;
  name: string | null;
  className: string | null;
  type: string | null;
  text: string | null;
  neighborText: string | null;
  href: string | null;
  alt: string | null;
  xpath: string;
  idXpath: string | null;
  x: number | null;
  y: number | null;
  width: number | null;
  height: number | null;
  isButton: boolean | null;
  other: { area?: number; shape?: number } | null;
}

interface SimiloLine {
  app: string;
  targetId: string;
  target: SimiloElement;
  candidates: SimiloElement[];
  correctIndex: number;
}

/** One relocation task: a recorded element and the page it must be found on again. */
export interface RelocationCase {
  app: string;
  targetId: string;
  target: ElementFingerprint;
  /** Shared by every case of the same app (same page), so prepared features are reused. */
  candidates: readonly ElementFingerprint[];
  correctIndex: number;
  /** The data set's raw elements, for the baseline that uses fields Retrace does not record. */
  rawTarget: SimiloElement;
  rawCandidates: readonly SimiloElement[];
}

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Default location: beside the repository, never inside it (the data set carries no licence). */
export const DEFAULT_DATASET_PATH = path.resolve(
  REPOSITORY_ROOT,
  '../shared/datasets/similo/dev.jsonl.gz',
);

function boxOf(element: SimiloElement): ElementFingerprint['boundingBox'] {
  const { x, y, width, height } = element;
  if (x === null || y === null || width === null || height === null) return null;
  return { x, y, width, height };
}

/** Fields the data set does not record stay empty (null, [], {}), as a real fingerprint would leave them. */
export function toFingerprint(element: SimiloElement): ElementFingerprint {
  return {
    version: ELEMENT_FINGERPRINT_VERSION,
    tag: element.tag.toLowerCase(),
    role: null,
    accessibleName: null,
    text: element.text,
    id: element.id,
    name: element.name,
    type: element.type,
    placeholder: null,
    label: null,
    testIds: {},
    href: element.href,
    alt: element.alt,
    title: null,
    classes: (element.className ?? '').split(/\s+/).filter((c) => c !== ''),
    value: null,
    cssPath: '',
    xpath: element.xpath,
    // The data set repeats the absolute path when no ancestor has an id; the fingerprint says null then.
    idXpath: element.idXpath?.startsWith('//') ? element.idXpath : null,
    boundingBox: boxOf(element),
    neighborTexts: element.neighborText === null ? [] : [element.neighborText],
    frame: { url: '', name: null, framePath: [], shadowPath: [] },
    locator: null,
  };
}

/** Loads every case, or returns null when the file is absent (the benchmark then skips). */
export function loadRelocationCases(file: string = DEFAULT_DATASET_PATH): RelocationCase[] | null {
  if (!existsSync(file)) return null;
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  const pages = new Map<string, { raw: SimiloElement[]; fingerprints: ElementFingerprint[] }>();
  const cases: RelocationCase[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as SimiloLine;
    let page = pages.get(entry.app);
    if (page === undefined) {
      page = { raw: entry.candidates, fingerprints: entry.candidates.map(toFingerprint) };
      pages.set(entry.app, page);
    }
    cases.push({
      app: entry.app,
      targetId: entry.targetId,
      target: toFingerprint(entry.target),
      candidates: page.fingerprints,
      correctIndex: entry.correctIndex,
      rawTarget: entry.target,
      rawCandidates: page.raw,
    });
  }
  return cases;
}
