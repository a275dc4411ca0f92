// Axis arithmetic for the small SVG charts: a round maximum and evenly spaced ticks.

/** The smallest 1-2-2.5-5 × 10^n at or above `value` (1 for nothing to show). */
export function niceMax(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const exponent = Math.floor(Math.log10(value));
  const base = 10 ** exponent;
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * base;
    if (candidate >= value * (1 - 1e-9)) return candidate;
  }
  return 10 * base;
}

/** `count + 1` ticks from 0 to `max`, inclusive. */
export function ticks(max: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

/** Every day from `from` to `to` (YYYY-MM-DD keys in the given zone), so days without cost show as zero. */
export function daysBetween(from: Date, to: Date, timeZone: string): string[] {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const days: string[] = [];
  const seen = new Set<string>();
  for (let t = from.getTime(); t < to.getTime(); t += 3_600_000) {
    const key = format.format(t);
    if (!seen.has(key)) {
      seen.add(key);
      days.push(key);
    }
  }
  return days;
}
