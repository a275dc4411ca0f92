// A dependency-free token estimate for page-state text, calibrated to overshoot o200k_base slightly.

/** Counts the tokens of a text; pass a real tokenizer for exact budgets. */
export type CountTokens = (text: string) => number;

const PIECE = /[A-Za-z]+|\d+|\s+|[^\sA-Za-z\d]/g;

/**
 * Estimates tokens from word pieces, following how o200k_base splits page-state text: every newline is a
 * token and so is an indentation run; a single space joins the word or symbol after it, except digits;
 * a letter run costs a token per 6 letters, a digit run one per 3, any other symbol one. bench/page-state
 * prints the estimate against o200k_base for every fixture page.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let pendingSpace = false;
  for (const match of text.matchAll(PIECE)) {
    const piece = match[0];
    const first = piece.charCodeAt(0);
    if (first === 32 || first === 10 || first === 9 || first === 13) {
      const newlines = piece.split('\n').length - 1;
      const indent = piece.length - piece.lastIndexOf('\n') - 1;
      tokens += newlines + (indent > 1 ? 1 : 0);
      pendingSpace = indent >= 1;
      continue;
    }
    const digits = first >= 48 && first <= 57;
    if (pendingSpace && digits) tokens += 1;
    pendingSpace = false;
    if (digits) tokens += Math.ceil(piece.length / 3);
    else if (/[A-Za-z]/.test(piece[0] ?? '')) tokens += Math.ceil(piece.length / 6);
    else tokens += 1;
  }
  return tokens;
}
