import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  RUN_GIF_COLORS,
  badgeRect,
  buildOverlaySvg,
  layoutFrame,
  outlineWidth,
  truncateText,
  wrapCaption,
} from './run-gif-overlay.ts';
import { RunGifError, type RunGifFrame, renderRunGif, selectFrameIndices } from './run-gif.ts';
import {
  type CapturedStep,
  captureStepScreenshots,
} from './test-support/capture-step-screenshots.ts';

type Rgb = [number, number, number];

function hexToRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

interface DecodedFrame {
  data: Buffer;
  width: number;
  channels: number;
}

async function decodeFrame(gif: Uint8Array, page: number): Promise<DecodedFrame> {
  const { data, info } = await sharp(gif, { page }).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, channels: info.channels };
}

function pixelAt(frame: DecodedFrame, x: number, y: number): Rgb {
  const i = (Math.round(y) * frame.width + Math.round(x)) * frame.channels;
  return [frame.data[i] ?? -1, frame.data[i + 1] ?? -1, frame.data[i + 2] ?? -1];
}

function distance(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Palette quantisation moves colours a little; this is far closer than any two overlay colours are. */
const NEAR = 40;

describe('run GIF from 20 real 1280×720 screenshots', () => {
  let steps: CapturedStep[];
  let frames: RunGifFrame[];
  let gif: Uint8Array;

  beforeAll(async () => {
    steps = await captureStepScreenshots(20, 'jpeg');
    frames = steps.map((step, i) => ({
      image: step.image,
      box: step.box,
      caption: step.caption,
      status: i === 19 ? 'failed' : 'passed',
    }));
    gif = await renderRunGif(frames);
  });

  it('stays within 2 MB and has one frame per step, looping, the last held longer', async () => {
    expect(gif.byteLength).toBeLessThanOrEqual(2_000_000);
    const meta = await sharp(gif, { animated: true }).metadata();
    expect(meta.format).toBe('gif');
    expect(meta.pages).toBe(20);
    expect(meta.width).toBe(960);
    expect(meta.pageHeight).toBe(540 + layoutFrame(960, 540).barHeight);
    expect(meta.loop).toBe(0);
    expect(meta.delay?.slice(0, 19).every((d) => d === 1000)).toBe(true);
    expect(meta.delay?.[19]).toBe(4000);
  });

  it('outlines the acted element where the screenshot had it', async () => {
    const scale = 960 / 1280;
    const stroke = outlineWidth(960);
    for (const index of [0, 1, 2, 10, 19]) {
      const box = steps[index]!.box;
      const frame = await decodeFrame(gif, index);
      const left = Math.round(box.x * scale) + stroke / 2;
      const top = Math.round(box.y * scale) + stroke / 2;
      const middleY = Math.round((box.y + box.height / 2) * scale);
      const middleX = Math.round((box.x + box.width / 2) * scale);
      const outline = hexToRgb(RUN_GIF_COLORS.outline);
      expect(distance(pixelAt(frame, left, middleY), outline)).toBeLessThan(NEAR);
      expect(distance(pixelAt(frame, middleX, top), outline)).toBeLessThan(NEAR);
      // Inside the element, well clear of the stroke, the page shows through.
      expect(distance(pixelAt(frame, left + stroke * 3, middleY), outline)).toBeGreaterThan(NEAR);
    }
  });

  it('badges passed steps green and the failed step red', async () => {
    const layout = layoutFrame(960, 540);
    const badge = badgeRect(layout);
    const spot = { x: badge.x + badge.height / 2, y: badge.y + badge.height / 2 };
    const passed = await decodeFrame(gif, 3);
    const failed = await decodeFrame(gif, 19);
    expect(distance(pixelAt(passed, spot.x, spot.y), hexToRgb(RUN_GIF_COLORS.passed))).toBeLessThan(
      NEAR,
    );
    expect(distance(pixelAt(failed, spot.x, spot.y), hexToRgb(RUN_GIF_COLORS.failed))).toBeLessThan(
      NEAR,
    );
  });

  it('narrows the GIF to meet a tighter size budget', async () => {
    const small = await renderRunGif(frames, { maxBytes: 100_000 });
    const meta = await sharp(small, { animated: true }).metadata();
    expect(small.byteLength).toBeLessThanOrEqual(100_000);
    expect(meta.width).toBeLessThan(960);
    expect(meta.pages).toBe(20);
  });

  it('letterboxes a screenshot of another size and keeps its outline on the element', async () => {
    const portrait = await sharp({
      create: { width: 390, height: 844, channels: 3, background: '#ffffff' },
    })
      .png()
      .toBuffer();
    const box = { x: 95, y: 400, width: 200, height: 44 };
    const mixed = await renderRunGif(
      [frames[0]!, { image: portrait, box, caption: 'Tap the mobile menu', status: 'passed' }],
      { width: 640 },
    );
    const meta = await sharp(mixed, { animated: true }).metadata();
    expect(meta.pages).toBe(2);
    const frame = await decodeFrame(mixed, 1);
    const imageHeight = 360;
    const scale = imageHeight / 844;
    const offsetX = (640 - 390 * scale) / 2;
    const x = Math.round(offsetX + box.x * scale) + outlineWidth(640) / 2;
    const y = Math.round((box.y + box.height / 2) * scale);
    expect(distance(pixelAt(frame, x, y), hexToRgb(RUN_GIF_COLORS.outline))).toBeLessThan(NEAR);
    expect(distance(pixelAt(frame, 5, 100), hexToRgb(RUN_GIF_COLORS.letterbox))).toBeLessThan(NEAR);
  });

  it('draws hostile and overlong captions escaped and cut, without failing', async () => {
    const caption = `<script>alert("x")</script> & 'quotes' \u0007bell ${'very long words '.repeat(30)}`;
    const svg = buildOverlaySvg({
      layout: layoutFrame(960, 540),
      box: undefined,
      caption,
      status: 'passed',
      position: 1,
      total: 1,
      maxCaptionLength: 140,
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quotes&apos;',
    );
    expect(svg).not.toContain('\u0007');
    expect(svg).toContain('…');
    const out = await renderRunGif([{ ...frames[0]!, caption }]);
    expect((await sharp(out, { animated: true }).metadata()).pages).toBe(1);
  });
});

describe('run GIF captions', () => {
  it('truncates to the limit with an ellipsis, counting characters not bytes', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('abcdefghijklmnop', 10)).toBe('abcdefghi…');
    expect(Array.from(truncateText('😀'.repeat(20), 10))).toHaveLength(10);
  });

  it('wraps into at most two lines and cuts the rest', () => {
    expect(wrapCaption('click the big blue button', 12, 2)).toEqual(['click the', 'big blue…']);
    expect(wrapCaption('open settings', 40, 2)).toEqual(['open settings']);
    const lines = wrapCaption('a'.repeat(50), 20, 2);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('a'.repeat(20));
  });
});

describe('run GIF frame selection and errors', () => {
  it('samples long runs but keeps the first, the last and every failed step', () => {
    const statuses = Array.from({ length: 300 }, (_, i): 'passed' | 'failed' =>
      i === 123 ? 'failed' : 'passed',
    );
    const kept = selectFrameIndices(statuses, 50);
    expect(kept).toHaveLength(50);
    expect(kept).toContain(0);
    expect(kept).toContain(299);
    expect(kept).toContain(123);
    expect(new Set(kept).size).toBe(50);
    expect(selectFrameIndices(['passed', 'failed'], 50)).toEqual([0, 1]);
  });

  async function codeOf(promise: Promise<unknown>): Promise<string> {
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunGifError);
    return (error as RunGifError).code;
  }

  it('refuses an empty run, an undecodable frame, bad options and an aborted render with codes', async () => {
    const png = await sharp({ create: { width: 64, height: 36, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const ok: RunGifFrame = { image: png, caption: 'ok', status: 'passed' };
    expect(await codeOf(renderRunGif([]))).toBe('GIF_NO_FRAMES');
    const broken = await renderRunGif([ok, { ...ok, image: new Uint8Array([1, 2, 3]) }]).catch(
      (e: unknown) => e as RunGifError,
    );
    expect(broken).toBeInstanceOf(RunGifError);
    expect((broken as RunGifError).code).toBe('GIF_FRAME_INVALID');
    expect((broken as RunGifError).message).toContain('frame 1');
    expect(await codeOf(renderRunGif([ok], { width: 5 }))).toBe('GIF_OPTIONS_INVALID');
    expect(await codeOf(renderRunGif([ok], { signal: AbortSignal.abort() }))).toBe('GIF_ABORTED');
  });
});
