// String comparisons for element relocation: normalisation, edit-distance and word-set similarity, all bounded in cost.

/** Strings longer than this are compared by their words only: edit distance on page-long texts is slow and meaningless. */
const MAX_EDIT_DISTANCE_LENGTH = 96;

/**
 * Texts are cut to this many characters before normalising: fingerprints cap their strings anyway,
 * and a container's page-long text only needs enough words to show that it is not a button label.
 */
const MAX_PREPARED_LENGTH = 400;

/** Normalised text and its word set, computed once per fingerprint and reused against every candidate. */
export interface PreparedText {
  /** Lower-case, NFKC, whitespace collapsed. */
  readonly norm: string;
  /** Distinct words (letters and digits) of `norm`. */
  readonly words: ReadonlySet<string>;
}

// A number keeps its decimal or thousands separators ("34.99", "1,200"): "25.00" and "9.00" share no word.
const WORD_PATTERN = /[\p{L}\p{N}]+(?:[.,]\p{N}+)*/gu;
const ASCII_WORD_PATTERN = /[a-z0-9]+(?:[.,][0-9]+)*/g;
const WHITESPACE = /\s+/g;
const NON_ASCII = /[^\u0020-\u007e\t\n\r]/;

export function normalizeText(value: string): string {
  // NFKC leaves ASCII unchanged; skipping it for ASCII text saves most of the preparation time.
  const composed = NON_ASCII.test(value) ? value.normalize('NFKC') : value;
  return composed.toLowerCase().replace(WHITESPACE, ' ').trim();
}

/** Distinct words of already normalised (lower-case) text. */
export function wordsOf(norm: string): Set<string> {
  const pattern = NON_ASCII.test(norm) ? WORD_PATTERN : ASCII_WORD_PATTERN;
  return new Set(norm.match(pattern) ?? []);
}

/** Null for absent or blank values, so that "" and null mean the same thing: no such property. */
export function prepareText(value: string | null | undefined): PreparedText | null {
  if (value === null || value === undefined) return null;
  const norm = normalizeText(value.slice(0, MAX_PREPARED_LENGTH));
  if (norm === '') return null;
  return { norm, words: wordsOf(norm) };
}

// One buffer reused by every edit-distance call: the scorer is synchronous, so there is no sharing hazard.
let row = new Int32Array(MAX_EDIT_DISTANCE_LENGTH + 1);

/**
 * Levenshtein distance (unit costs) between two strings, or `limit + 1` as soon as it is known to
 * exceed `limit`: only the diagonal band of width 2·limit+1 is filled, and the scan stops when a
 * whole row is over the limit. O(|a|·min(|b|, 2·limit+1)) time, O(|b|) memory.
 */
export function levenshteinDistance(
  a: string,
  b: string,
  limit = Math.max(a.length, b.length),
): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const over = limit + 1;
  if (row.length < b.length + 1) row = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j <= limit ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    let diagonal = row[from - 1] as number;
    row[from - 1] = from === 1 && i <= limit ? i : over;
    let rowMin = row[from - 1] as number;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const above = row[j] as number;
      const substitution = diagonal + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const value = Math.min(substitution, above + 1, (row[j - 1] as number) + 1, over);
      row[j] = value;
      if (value < rowMin) rowMin = value;
      diagonal = above;
    }
    if (to < b.length) row[to + 1] = over;
    if (rowMin > limit) return over;
  }
  return Math.min(row[b.length] as number, over);
}

/** 1 − distance / longer length: 1 for equal strings, 0 for nothing in common. */
export function levenshteinSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  return 1 - levenshteinDistance(a, b) / longer;
}

/** Sørensen-Dice overlap of two word sets: 2|A∩B| / (|A|+|B|). Two empty sets carry no evidence: 0. */
export function diceSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const word of small) if (large.has(word)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Edit similarity below this is chance resemblance ("Save" / "Send") and counts as none. */
const MIN_EDIT_SIMILARITY = 0.5;

/**
 * Similarity of two visible texts: equal → 1; otherwise the better of word overlap (catches
 * reordering and added words, "Orders" → "Returns & Orders") and the square of character edit
 * similarity (catches "Sign in" → "Sign-in", typos; squared, and ignored below 0.5, so that chance
 * resemblance stays small). Long texts are compared by words only.
 */
export function textSimilarity(a: PreparedText, b: PreparedText): number {
  if (a.norm === b.norm) return 1;
  const words = diceSimilarity(a.words, b.words);
  const shorter = Math.min(a.norm.length, b.norm.length);
  const longer = Math.max(a.norm.length, b.norm.length);
  if (longer > MAX_EDIT_DISTANCE_LENGTH) return words;
  // Edit similarity is at most shorter/longer: skip the distance when it cannot beat the words.
  const bound = shorter / longer;
  if (bound < MIN_EDIT_SIMILARITY || bound * bound <= words) return words;
  const floor = Math.max(MIN_EDIT_SIMILARITY, Math.sqrt(words));
  const limit = Math.floor(longer * (1 - floor));
  const distance = levenshteinDistance(a.norm, b.norm, limit);
  if (distance > limit) return words;
  const edit = 1 - distance / longer;
  return Math.max(words, edit * edit);
}

/** How much a match between neighbours at ranks i and j counts: 1 at the same rank, less the further apart. */
function rankAgreement(i: number, j: number): number {
  return 1 / (1 + 0.25 * Math.abs(i - j));
}

/** Neighbour texts are compared by words only: they are short, and many pairs are compared per candidate. */
function neighborMatch(a: PreparedText, b: PreparedText): number {
  return a.norm === b.norm ? 1 : diceSimilarity(a.words, b.words);
}

// Match matrix of two neighbour lists, reused across calls (the scorer is synchronous).
let matches = new Float64Array(64);

/** Rank-weighted share of one list (nearest counts most) found in the other at a similar rank, from the match matrix. */
function neighborRecall(rows: number, cols: number, transposed: boolean): number {
  let total = 0;
  let found = 0;
  for (let i = 0; i < rows; i++) {
    const weight = 1 / (1 + i);
    let best = 0;
    for (let j = 0; j < cols; j++) {
      const match =
        (matches[transposed ? j * rows + i : i * cols + j] as number) * rankAgreement(i, j);
      if (match > best) best = match;
    }
    total += weight;
    found += weight * best;
  }
  return total === 0 ? 0 : found / total;
}

/**
 * Similarity of two lists of neighbour texts, nearest first: each text is looked for in the other
 * list, the nearest counting most and matches at a similar rank more than distant ones; the mean of
 * both directions, so extra neighbours cost as much as missing ones. Rows of a table share most of
 * their surroundings; what tells them apart is which texts are nearest.
 */
export function neighborSimilarity(a: readonly PreparedText[], b: readonly PreparedText[]): number {
  if (matches.length < a.length * b.length) matches = new Float64Array(a.length * b.length);
  a.forEach((x, i) => {
    b.forEach((y, j) => {
      matches[i * b.length + j] = neighborMatch(x, y);
    });
  });
  return (neighborRecall(a.length, b.length, false) + neighborRecall(b.length, a.length, true)) / 2;
}
