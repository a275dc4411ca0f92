// Tag colours: readable text on any chip background, and a fallback for malformed colours.

const HEX = /^#([0-9a-fA-F]{6})$/;
export const DEFAULT_TAG_COLOR = '#6b7280';

export function safeColor(color: string): string {
  return HEX.test(color) ? color.toLowerCase() : DEFAULT_TAG_COLOR;
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(color: string): number {
  const hex = safeColor(color).slice(1);
  const r = Number.parseInt(hex.slice(0, 2), 16);
  const g = Number.parseInt(hex.slice(2, 4), 16);
  const b = Number.parseInt(hex.slice(4, 6), 16);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** Near-black or white, whichever contrasts more with the background. */
export function textColorOn(background: string): string {
  const l = luminance(background);
  const dark = luminance('#111827');
  return contrast(l, dark) >= contrast(l, 1) ? '#111827' : '#ffffff';
}

/** Colours offered for new tags: distinct, and all readable with white or dark text. */
export const TAG_PALETTE = [
  '#2f6b3a',
  '#3b6ea8',
  '#b7791f',
  '#c05621',
  '#6b46c1',
  '#b83280',
  '#2c7a7b',
  '#718096',
] as const;
