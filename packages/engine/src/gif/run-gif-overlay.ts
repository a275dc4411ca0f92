// The SVG drawn over each run-GIF frame: the acted element's outline, the caption bar and the pass/fail badge.

/** Colours the overlay uses; tests look for them in the decoded frames. */
export const RUN_GIF_COLORS = {
  outline: '#ff00ff',
  outlineHalo: '#ffffff',
  passed: '#15803d',
  failed: '#dc2626',
  bar: '#111827',
  caption: '#f9fafb',
  counter: '#9ca3af',
  letterbox: '#e5e7eb',
} as const;

export interface OverlayBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Geometry of one output frame: the screenshot area on top, the caption bar below it. */
export interface FrameLayout {
  width: number;
  imageHeight: number;
  barHeight: number;
  fontSize: number;
}

export interface OverlayInput {
  layout: FrameLayout;
  /** The acted element in output pixels (already scaled), or undefined when the step acted on no element. */
  box: OverlayBox | undefined;
  caption: string;
  status: 'passed' | 'failed';
  /** 1-based position and total, shown as "3/20". */
  position: number;
  total: number;
  maxCaptionLength: number;
}

const FONT_FAMILY = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';
/** Average advance of DejaVu Sans as a share of the font size; used to wrap without measuring text. */
const AVERAGE_CHAR_WIDTH = 0.56;
const CAPTION_LINES = 2;

export function layoutFrame(width: number, imageHeight: number): FrameLayout {
  const fontSize = Math.max(12, Math.round(width / 50));
  return { width, imageHeight, barHeight: Math.round(fontSize * 3.6), fontSize };
}

/** Characters XML 1.0 forbids; librsvg refuses the whole SVG if one slips through. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for SVG and drops what XML 1.0 cannot carry (control characters, lone surrogates). */
export function escapeXml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Cuts `text` to `max` characters (code points), ending with an ellipsis when it was longer. */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`;
}

/** Like truncateText, but cuts at a word boundary when one is in the second half of the line. */
function truncateAtWord(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, Math.max(0, max - 1)).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Greedy word wrap into at most `lines` lines of `perLine` characters; the last line is truncated. */
export function wrapCaption(text: string, perLine: number, lines: number): string[] {
  const words = text.split(' ').filter((w) => w.length > 0);
  const out: string[] = [];
  let current = '';
  let index = 0;
  while (index < words.length && out.length < lines) {
    const word = words[index] as string;
    const candidate = current === '' ? word : `${current} ${word}`;
    if (Array.from(candidate).length <= perLine) {
      current = candidate;
      index++;
      continue;
    }
    if (current === '') {
      // A single word longer than a line is split hard.
      const chars = Array.from(word);
      out.push(chars.slice(0, perLine).join(''));
      words[index] = chars.slice(perLine).join('');
      continue;
    }
    out.push(current);
    current = '';
  }
  if (current !== '' && out.length < lines) out.push(current);
  if (index < words.length && out.length > 0) {
    const rest = [out.pop() as string, ...words.slice(index)].join(' ');
    out.push(truncateAtWord(rest, perLine));
  }
  return out;
}

/** Clips a box to the screenshot area; null when nothing of it is visible. */
export function clipBox(box: OverlayBox, width: number, height: number): OverlayBox | null {
  const x1 = Math.max(0, box.x);
  const y1 = Math.max(0, box.y);
  const x2 = Math.min(width, box.x + box.width);
  const y2 = Math.min(height, box.y + box.height);
  if (x2 - x1 < 1 || y2 - y1 < 1) return null;
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** Stroke width of the outline for a given output width. */
export function outlineWidth(width: number): number {
  return Math.max(2, Math.round(width / 260));
}

function outlineSvg(box: OverlayBox, layout: FrameLayout): string {
  const stroke = outlineWidth(layout.width);
  // Drawn inside the element's box, inset by half a stroke, so it stays visible at the screenshot's edges.
  const inset = stroke / 2;
  const x = box.x + inset;
  const y = box.y + inset;
  const w = Math.max(1, box.width - stroke);
  const h = Math.max(1, box.height - stroke);
  const rect = (color: string, width: number) =>
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="3" fill="none" stroke="${color}" stroke-width="${width}"/>`;
  return rect(RUN_GIF_COLORS.outlineHalo, stroke + 2) + rect(RUN_GIF_COLORS.outline, stroke);
}

/** Where the badge sits inside the bar, so tests can find its colour. */
export function badgeRect(layout: FrameLayout): OverlayBox {
  const height = Math.round(layout.fontSize * 1.7);
  return {
    x: Math.round(layout.fontSize * 0.6),
    y: layout.imageHeight + Math.round((layout.barHeight - height) / 2),
    width: Math.round(layout.fontSize * 6),
    height,
  };
}

/** The whole overlay as an SVG document the size of the output frame. */
export function buildOverlaySvg(input: OverlayInput): string {
  const { layout } = input;
  const totalHeight = layout.imageHeight + layout.barHeight;
  const badge = badgeRect(layout);
  const badgeColor = input.status === 'passed' ? RUN_GIF_COLORS.passed : RUN_GIF_COLORS.failed;
  const badgeText = input.status === 'passed' ? 'PASSED' : 'FAILED';
  const fs = layout.fontSize;
  const counter = `${input.position}/${input.total}`;
  const counterX = badge.x + badge.width + Math.round(fs * 0.7);
  const captionX = counterX + Math.round(fs * 0.62 * (counter.length + 1));
  const perLine = Math.max(
    8,
    Math.floor((layout.width - captionX - fs * 0.6) / (fs * AVERAGE_CHAR_WIDTH)),
  );
  const oneLine = input.caption.replace(/\s+/g, ' ').trim();
  const lines = wrapCaption(truncateText(oneLine, input.maxCaptionLength), perLine, CAPTION_LINES);
  const lineHeight = Math.round(fs * 1.3);
  const firstBaseline =
    layout.imageHeight +
    Math.round(layout.barHeight / 2 - ((lines.length - 1) * lineHeight) / 2 + fs * 0.36);
  const captionSvg = lines
    .map(
      (line, i) =>
        `<text x="${captionX}" y="${firstBaseline + i * lineHeight}" font-size="${fs}" fill="${RUN_GIF_COLORS.caption}">${escapeXml(line)}</text>`,
    )
    .join('');
  const middle = layout.imageHeight + Math.round(layout.barHeight / 2 + fs * 0.36);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${totalHeight}" font-family="${FONT_FAMILY}">`,
    input.box ? outlineSvg(input.box, layout) : '',
    `<rect x="0" y="${layout.imageHeight}" width="${layout.width}" height="${layout.barHeight}" fill="${RUN_GIF_COLORS.bar}"/>`,
    `<rect x="${badge.x}" y="${badge.y}" width="${badge.width}" height="${badge.height}" rx="${Math.round(badge.height / 2)}" fill="${badgeColor}"/>`,
    `<text x="${badge.x + badge.width / 2}" y="${middle}" font-size="${Math.round(fs * 0.85)}" font-weight="bold" fill="#ffffff" text-anchor="middle">${badgeText}</text>`,
    `<text x="${counterX}" y="${middle}" font-size="${Math.round(fs * 0.85)}" fill="${RUN_GIF_COLORS.counter}">${counter}</text>`,
    captionSvg,
    '</svg>',
  ].join('');
}
