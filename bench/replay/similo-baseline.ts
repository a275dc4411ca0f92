// The original Similo scoring (Nass et al., TOSEM 2023) re-implemented as a baseline measured in the same run.
// Weights and comparisons as published: 1.5 for tag, name, id, visible and neighbour text; 0.5 for the rest;
// exact match, or Levenshtein over letters and digits, or pixel distance, or integer ratio. Raw sum, no normalisation.
import { type SimiloElement } from './similo-dataset.ts';

function alphanumeric(value: string | null): string {
  return (value ?? '').replace(/[^a-zA-Z0-9]/g, '');
}

/** Exact Levenshtein; the common prefix and suffix (long for XPaths) are skipped first, which does not change it. */
function levenshtein(a: string, b: string): number {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  const row = new Int32Array(y.length + 1);
  for (let j = 0; j <= y.length; j++) row[j] = j;
  for (let i = 1; i <= x.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(
        diagonal + (x[i - 1] === y[j - 1] ? 0 : 1),
        above + 1,
        (row[j - 1] as number) + 1,
      );
      diagonal = above;
    }
  }
  return row[y.length] as number;
}

function stringSimilarity(a: string | null, b: string | null): number {
  const x = alphanumeric(a).toLowerCase();
  const y = alphanumeric(b).toLowerCase();
  if (x === '' || y === '') return 0;
  const longer = Math.max(x.length, y.length);
  return (longer - levenshtein(x, y)) / longer;
}

function equal(a: string | boolean | null, b: string | boolean | null): number {
  if (a === null || b === null || a === '') return 0;
  return String(a).toLowerCase() === String(b).toLowerCase() ? 1 : 0;
}

/** Word overlap: page-long neighbour texts make character edit distance impractically slow. */
function wordSimilarity(a: string | null, b: string | null): number {
  const x = new Set((a ?? '').toLowerCase().match(/[a-z0-9]+/g) ?? []);
  const y = new Set((b ?? '').toLowerCase().match(/[a-z0-9]+/g) ?? []);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const word of x) if (y.has(word)) shared++;
  return shared / Math.max(x.size, y.size);
}

function locationSimilarity(a: SimiloElement, b: SimiloElement): number {
  if (a.x === null || a.y === null || b.x === null || b.y === null) return 0;
  const distance = Math.hypot(a.x - b.x, a.y - b.y);
  return Math.max(100 - distance, 0) / 100;
}

function integerSimilarity(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined) return 0;
  const larger = Math.max(a, b);
  return larger === 0 ? 0 : (larger - Math.abs(a - b)) / larger;
}

export function similoScore(t: SimiloElement, c: SimiloElement): number {
  return (
    1.5 * equal(t.tag, c.tag) +
    1.5 * equal(t.name, c.name) +
    1.5 * equal(t.id, c.id) +
    1.5 * stringSimilarity(t.text, c.text) +
    1.5 * wordSimilarity(t.neighborText, c.neighborText) +
    0.5 * stringSimilarity(t.className, c.className) +
    0.5 * stringSimilarity(t.href, c.href) +
    0.5 * stringSimilarity(t.alt, c.alt) +
    0.5 * stringSimilarity(t.xpath, c.xpath) +
    0.5 * stringSimilarity(t.idXpath, c.idXpath) +
    0.5 * equal(t.isButton, c.isButton) +
    0.5 * locationSimilarity(t, c) +
    0.5 * integerSimilarity(t.other?.area, c.other?.area) +
    0.5 * integerSimilarity(t.other?.shape, c.other?.shape)
  );
}

/** Index of the highest-scoring candidate (the first one on ties), as Similo picks. */
export function similoChoose(target: SimiloElement, candidates: readonly SimiloElement[]): number {
  let best = -1;
  let bestScore = -Infinity;
  candidates.forEach((candidate, index) => {
    const score = similoScore(target, candidate);
    if (score > bestScore) {
      bestScore = score;
      best = index;
    }
  });
  return best;
}
