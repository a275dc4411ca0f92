// Tallies relocation outcomes and prints them as aligned tables for the Similo benchmark.
import { type CaseOutcome } from './similo-tuning.ts';

export interface Tally {
  targets: number;
  forcedCorrect: number;
  acceptedCorrect: number;
  acceptedWrong: number;
  /** Of the wrong accepted ones, those where the chosen element is nested in or around the correct one. */
  acceptedWrongNested: number;
  refused: number;
}

export function tallyOutcomes(outcomes: readonly CaseOutcome[]): Tally {
  const t: Tally = {
    targets: outcomes.length,
    forcedCorrect: 0,
    acceptedCorrect: 0,
    acceptedWrong: 0,
    acceptedWrongNested: 0,
    refused: 0,
  };
  for (const o of outcomes) {
    if (o.forcedCorrect) t.forcedCorrect++;
    if (o.kind === 'accepted-correct') t.acceptedCorrect++;
    else if (o.kind === 'refused') t.refused++;
    else {
      t.acceptedWrong++;
      if (o.chosenNestedWithCorrect) t.acceptedWrongNested++;
    }
  }
  return t;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)} %`;
}

function cell(part: number, whole: number): string {
  return `${part} (${percent(part, whole)})`;
}

/** Rows of label + tally as a fixed-width table; "nested" counts wrong picks that wrap or sit inside the right element. */
export function formatTable(rows: readonly (readonly [string, Tally])[]): string {
  const header = ['', 'targets', 'top-1', 'accepted ✓', 'accepted ✗', '(nested)', 'refused'];
  const body = rows.map(([label, t]) => [
    label,
    String(t.targets),
    cell(t.forcedCorrect, t.targets),
    cell(t.acceptedCorrect, t.targets),
    cell(t.acceptedWrong, t.targets),
    String(t.acceptedWrongNested),
    cell(t.refused, t.targets),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    `  ${r.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ')}`;
  return [line(header), ...body.map(line)].join('\n');
}
