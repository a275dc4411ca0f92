// Parses and compares XPaths step by step, so an added wrapper or a shifted sibling index costs one step, not the whole path.

/** One location step: an interned tag code and a 1-based sibling index. */
export interface PathSteps {
  /** Tag codes, leaf last. */
  readonly tags: Int32Array;
  /** 1-based sibling indices (1 when the step has none). */
  readonly indices: Int32Array;
}

/** A parsed id-relative XPath: `//*[@id="cart"]/div[1]/button[1]` → anchor "cart" and the steps below it. */
export interface IdRelativePath {
  readonly anchor: string;
  readonly steps: PathSteps;
}

// Tag names are interned to small integers so that comparing two steps is an integer comparison.
const tagCodes = new Map<string, number>();
const tagNames: string[] = [];

function tagCode(tag: string): number {
  let code = tagCodes.get(tag);
  if (code === undefined) {
    tagNames.push(tag);
    code = tagNames.length;
    tagCodes.set(tag, code);
  }
  return code;
}

/** Splits on "/" outside brackets and quotes, so predicates such as [@id="a/b"] stay whole. */
function splitSteps(path: string): string[] {
  if (!path.includes('[@') && !path.includes('"') && !path.includes("'")) {
    return path.split('/').filter((step) => step !== '');
  }
  const steps: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const ch of path) {
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (ch === '/' && depth === 0) {
      if (current !== '') steps.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current !== '') steps.push(current);
  return steps;
}

function toSteps(rawSteps: readonly string[]): PathSteps {
  const tags = new Int32Array(rawSteps.length);
  const indices = new Int32Array(rawSteps.length);
  rawSteps.forEach((raw, i) => {
    // "div[2]" → div, 2; "button" → button, 1; anything else ("*[name()='svg'][1]") keeps its text as the tag.
    const open = raw.lastIndexOf('[');
    const index = open > 0 && raw.endsWith(']') ? Number(raw.slice(open + 1, -1)) : NaN;
    const simple = Number.isInteger(index) && index > 0;
    const tag = (simple ? raw.slice(0, open) : raw).toLowerCase();
    tags[i] = tagCode(tag);
    indices[i] = simple ? index : 1;
  });
  return { tags, indices };
}

/** Parses an absolute XPath such as `/html/body/div[2]/button` (missing indices mean [1]). */
export function parseAbsolutePath(xpath: string): PathSteps | null {
  const trimmed = xpath.trim();
  if (!trimmed.startsWith('/') || trimmed.startsWith('//')) return null;
  return toSteps(splitSteps(trimmed));
}

const ANCHOR_PATTERN = /^\/\/\*\[@id=(["'])(.*?)\1\]/;

/** Parses `//*[@id="x"]/a/b[2]`; null for anything else (an absolute path is not id-relative). */
export function parseIdRelativePath(xpath: string | null): IdRelativePath | null {
  if (xpath === null) return null;
  const trimmed = xpath.trim();
  const match = ANCHOR_PATTERN.exec(trimmed);
  if (!match) return null;
  return {
    anchor: match[2] ?? '',
    steps: toSteps(splitSteps(trimmed.slice(match[0].length))),
  };
}

/** Substituting a step with the same tag but another sibling index: the element shifted among its siblings. */
const INDEX_ONLY_COST = 0.4;

let rowBuffer = new Float64Array(64);

/**
 * 1 − (weighted step edit distance) / (longer path length). Inserting or removing a wrapper costs
 * 1, a changed tag costs 1, a changed sibling index only costs 0.4. Shared leading and trailing
 * steps are skipped before the quadratic part, which keeps long paths cheap.
 */
export function pathSimilarity(a: PathSteps, b: PathSteps): number {
  const n = a.tags.length;
  const m = b.tags.length;
  if (n === 0 && m === 0) return 1;
  if (n === 0 || m === 0) return 0;
  let start = 0;
  while (
    start < n &&
    start < m &&
    a.tags[start] === b.tags[start] &&
    a.indices[start] === b.indices[start]
  )
    start++;
  let endA = n;
  let endB = m;
  while (
    endA > start &&
    endB > start &&
    a.tags[endA - 1] === b.tags[endB - 1] &&
    a.indices[endA - 1] === b.indices[endB - 1]
  ) {
    endA--;
    endB--;
  }
  const rows = endA - start;
  const cols = endB - start;
  let distance: number;
  if (rows === 0 || cols === 0) distance = Math.max(rows, cols);
  else {
    if (rowBuffer.length < cols + 1) rowBuffer = new Float64Array(cols + 1);
    const row = rowBuffer;
    for (let j = 0; j <= cols; j++) row[j] = j;
    for (let i = 1; i <= rows; i++) {
      let diagonal = row[0] as number;
      row[0] = i;
      const tagA = a.tags[start + i - 1];
      const indexA = a.indices[start + i - 1];
      for (let j = 1; j <= cols; j++) {
        const above = row[j] as number;
        const cost =
          tagA !== b.tags[start + j - 1]
            ? 1
            : indexA === b.indices[start + j - 1]
              ? 0
              : INDEX_ONLY_COST;
        row[j] = Math.min(diagonal + cost, above + 1, (row[j - 1] as number) + 1);
        diagonal = above;
      }
    }
    distance = row[cols] as number;
  }
  return 1 - distance / Math.max(n, m);
}

/** `/html[1]/body[1]/div[2]`: the path with every tag lower-cased and every index explicit. */
export function canonicalPath(path: PathSteps): string {
  let text = '';
  for (let i = 0; i < path.tags.length; i++) {
    text += `/${tagNames[(path.tags[i] as number) - 1] ?? '?'}[${path.indices[i] as number}]`;
  }
  return text;
}

/** The same path: every step with the same tag and index. */
export function samePath(a: PathSteps, b: PathSteps): boolean {
  if (a.tags.length !== b.tags.length) return false;
  for (let i = 0; i < a.tags.length; i++) {
    if (a.tags[i] !== b.tags[i] || a.indices[i] !== b.indices[i]) return false;
  }
  return true;
}

/** True when one path is a proper ancestor of the other (same document). */
export function isAncestorOrDescendant(a: PathSteps, b: PathSteps): boolean {
  const length = Math.min(a.tags.length, b.tags.length);
  if (a.tags.length === b.tags.length) return false;
  for (let i = 0; i < length; i++) {
    if (a.tags[i] !== b.tags[i] || a.indices[i] !== b.indices[i]) return false;
  }
  return true;
}
