// Turns a fingerprint into the normalised features relocation compares, once per fingerprint object (cached).

import { type ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import {
  parseAbsolutePath,
  parseIdRelativePath,
  type IdRelativePath,
  type PathSteps,
} from './element-path.ts';
import { prepareHref, type PreparedHref } from './href-similarity.ts';
import { prepareText, type PreparedText } from './text-similarity.ts';
import {
  identifierWords,
  isStateClass,
  isVolatileId,
  isVolatileIdentifier,
} from './volatile-identifiers.ts';

export interface PreparedIdentifier {
  readonly raw: string;
  readonly lower: string;
  readonly words: ReadonlySet<string>;
  readonly volatile: boolean;
}

export interface PreparedClasses {
  /** Classes that name what the element is: neither generated nor momentary state. */
  readonly stable: ReadonlySet<string>;
  readonly volatile: ReadonlySet<string>;
}

export interface PreparedBox {
  readonly centerX: number;
  readonly centerY: number;
  readonly width: number;
  readonly height: number;
}

export interface PreparedFingerprint {
  readonly source: ElementFingerprint;
  readonly tag: string;
  readonly role: string | null;
  readonly accessibleName: PreparedText | null;
  readonly text: PreparedText | null;
  readonly id: PreparedIdentifier | null;
  readonly name: PreparedIdentifier | null;
  /** Effective type: an <input> without one is a text input. */
  readonly type: string | null;
  readonly placeholder: PreparedText | null;
  readonly label: PreparedText | null;
  /** "attribute=value" pairs and the bare values, for exact and cross-attribute matches. */
  readonly testIds: ReadonlyMap<string, string> | null;
  readonly href: PreparedHref | null;
  readonly alt: PreparedText | null;
  readonly title: PreparedText | null;
  readonly classes: PreparedClasses | null;
  readonly value: PreparedText | null;
  readonly xpath: PathSteps | null;
  readonly idXpath: IdRelativePath | null;
  /** The id-relative path hangs from a generated id. */
  readonly idXpathVolatile: boolean;
  readonly box: PreparedBox | null;
  /** Neighbour texts, nearest first; null when none were recorded. */
  readonly neighbors: readonly PreparedText[] | null;
  /**
   * The recorder fell back to a structural (CSS) locator for a named control: other elements had
   * the same role and name then, so its surroundings, not its name, identified it.
   */
  readonly hadNamesakes: boolean;
  /** Frame and shadow-root chain; null for the main document outside any shadow root. */
  readonly frameKey: string | null;
}

function prepareIdentifier(value: string | null, isId: boolean): PreparedIdentifier | null {
  if (value === null) return null;
  const raw = value.trim();
  if (raw === '') return null;
  return {
    raw,
    lower: raw.toLowerCase(),
    words: identifierWords(raw),
    volatile: isId ? isVolatileId(raw) : isVolatileIdentifier(raw),
  };
}

function prepareClasses(classes: readonly string[]): PreparedClasses | null {
  const stable = new Set<string>();
  const volatile = new Set<string>();
  // styled-components and Emotion pair their marker class with short random ones ("dJwaza"): distrust those too.
  const generatedStyling = classes.some((c) => /^(?:css|sc|jsx)-|-sc-/i.test(c));
  for (const raw of classes) {
    const cls = raw.trim();
    if (cls === '' || isStateClass(cls)) continue;
    const looksRandom = generatedStyling && /^[a-z]{5,8}$/i.test(cls) && /[A-Z]/.test(cls.slice(1));
    if (looksRandom || isVolatileIdentifier(cls)) volatile.add(cls);
    else stable.add(cls.toLowerCase());
  }
  if (stable.size === 0 && volatile.size === 0) return null;
  return { stable, volatile };
}

function prepareTestIds(
  testIds: Readonly<Record<string, string>>,
): ReadonlyMap<string, string> | null {
  const entries = Object.entries(testIds).filter(([, value]) => value.trim() !== '');
  if (entries.length === 0) return null;
  return new Map(entries.map(([key, value]) => [key.toLowerCase(), value.trim()]));
}

function effectiveType(fingerprint: ElementFingerprint): string | null {
  const type = fingerprint.type?.trim().toLowerCase() ?? '';
  if (type !== '') return type;
  return fingerprint.tag === 'input' ? 'text' : null;
}

function prepareBox(fingerprint: ElementFingerprint): PreparedBox | null {
  const box = fingerprint.boundingBox;
  if (box === null) return null;
  if (![box.x, box.y, box.width, box.height].every(Number.isFinite)) return null;
  return {
    centerX: box.x + box.width / 2,
    centerY: box.y + box.height / 2,
    width: Math.max(0, box.width),
    height: Math.max(0, box.height),
  };
}

/** Neighbour texts are nearest first; beyond the first few they are too far away to tell elements apart. */
const MAX_NEIGHBORS = 8;

function prepareNeighbors(texts: readonly string[]): readonly PreparedText[] | null {
  const prepared: PreparedText[] = [];
  for (const text of texts) {
    const neighbor = prepareText(text);
    if (neighbor !== null) prepared.push(neighbor);
    if (prepared.length === MAX_NEIGHBORS) break;
  }
  return prepared.length === 0 ? null : prepared;
}

/** Roles for which the recorder writes getByRole(role, { name }) whenever that finds one element only. */
const ROLES_LOCATED_BY_NAME = new Set([
  'button',
  'link',
  'checkbox',
  'radio',
  'switch',
  'tab',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'option',
  'treeitem',
  'textbox',
  'searchbox',
  'combobox',
  'slider',
  'spinbutton',
  'heading',
]);
/** Longer names are never used in a locator, so a structural locator says nothing about them. */
const MAX_LOCATOR_NAME = 100;

/**
 * See PreparedFingerprint.hadNamesakes: a named control recorded with a structural locator
 * (`locator('…css…')`), which the recorder only falls back to when getByRole found several.
 */
function hadNamesakes(fingerprint: ElementFingerprint): boolean {
  const name = fingerprint.accessibleName?.trim() ?? '';
  return (
    name !== '' &&
    name.length <= MAX_LOCATOR_NAME &&
    fingerprint.role !== null &&
    ROLES_LOCATED_BY_NAME.has(fingerprint.role) &&
    fingerprint.locator !== null &&
    fingerprint.locator.startsWith('locator(')
  );
}

function frameKeyOf(fingerprint: ElementFingerprint): string | null {
  const { framePath, shadowPath } = fingerprint.frame;
  if (framePath.length === 0 && shadowPath.length === 0) return null;
  return `${framePath.join(' >> ')} | ${shadowPath.join(' >> ')}`;
}

function buildFeatures(fingerprint: ElementFingerprint): PreparedFingerprint {
  const tag = fingerprint.tag.trim().toLowerCase();
  const idXpath = parseIdRelativePath(fingerprint.idXpath);
  const accessibleName = prepareText(fingerprint.accessibleName);
  const text = prepareText(fingerprint.text);
  return {
    source: fingerprint,
    tag,
    role: fingerprint.role?.trim().toLowerCase() || null,
    accessibleName,
    text,
    id: prepareIdentifier(fingerprint.id, true),
    name: prepareIdentifier(fingerprint.name, false),
    type: effectiveType(fingerprint),
    placeholder: prepareText(fingerprint.placeholder),
    label: prepareText(fingerprint.label),
    testIds: prepareTestIds(fingerprint.testIds),
    href: prepareHref(fingerprint.href),
    alt: prepareText(fingerprint.alt),
    title: prepareText(fingerprint.title),
    classes: prepareClasses(fingerprint.classes),
    value: prepareText(fingerprint.value),
    xpath: parseAbsolutePath(fingerprint.xpath),
    idXpath,
    idXpathVolatile: idXpath !== null && isVolatileId(idXpath.anchor),
    box: prepareBox(fingerprint),
    neighbors: prepareNeighbors(fingerprint.neighborTexts),
    hadNamesakes: hadNamesakes(fingerprint),
    frameKey: frameKeyOf(fingerprint),
  };
}

// Fingerprints are plain data that callers do not mutate between scorings; keying by object identity
// lets one page's candidates be prepared once however many targets are relocated against them.
const cache = new WeakMap<ElementFingerprint, PreparedFingerprint>();

export function prepareFingerprint(fingerprint: ElementFingerprint): PreparedFingerprint {
  let prepared = cache.get(fingerprint);
  if (prepared === undefined) {
    prepared = buildFeatures(fingerprint);
    cache.set(fingerprint, prepared);
  }
  return prepared;
}
