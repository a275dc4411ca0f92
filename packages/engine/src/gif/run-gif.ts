// Renders a run's GIF from its step screenshots: acted element outlined, the step's goal as caption, a pass/fail badge.
import sharp from 'sharp';
import {
  type FrameLayout,
  type OverlayBox,
  RUN_GIF_COLORS,
  buildOverlaySvg,
  clipBox,
  layoutFrame,
} from './run-gif-overlay.ts';

export interface RunGifFrame {
  /** The step's screenshot, JPEG or PNG. */
  image: Uint8Array;
  /** The element the step acted on, in the screenshot's pixels. */
  box?: OverlayBox;
  /** The step's goal. Shown escaped and truncated; never put secret values here. */
  caption: string;
  status: 'passed' | 'failed';
}

export interface RunGifOptions {
  /** Output width in pixels; frames keep the first screenshot's aspect ratio. Default 800. */
  width?: number;
  /** How long each frame shows. Default 1000 ms. */
  frameDelayMs?: number;
  /** How long the last frame (the outcome) shows. Default 4000 ms. */
  lastFrameDelayMs?: number;
  /** Captions longer than this are cut with an ellipsis. Default 140 characters. */
  maxCaptionLength?: number;
  /** Longer runs are sampled down to this many frames, always keeping the first, the last and failed ones. */
  maxFrames?: number;
  /** Palette size (2..256). Default 256. */
  colours?: number;
  /**
   * Size budget in bytes. A GIF over it is rendered again narrower (down to 320 px), so even a page full of
   * photos stays shareable. Default 2,000,000.
   */
  maxBytes?: number;
  signal?: AbortSignal;
}

export type RunGifErrorCode =
  'GIF_NO_FRAMES' | 'GIF_FRAME_INVALID' | 'GIF_OPTIONS_INVALID' | 'GIF_ABORTED';

export class RunGifError extends Error {
  constructor(
    readonly code: RunGifErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RunGifError';
  }
}

export const RUN_GIF_DEFAULTS = {
  // 0.75 of a 1280 px viewport: 13 px UI text stays legible, and typical runs take ~10 kB per frame.
  width: 960,
  frameDelayMs: 1000,
  lastFrameDelayMs: 4000,
  maxCaptionLength: 140,
  // Each composed frame is held in memory until encoding (~1.7 MB at 960 px): this bounds a render to ~100 MB.
  maxFrames: 60,
  colours: 256,
  maxBytes: 2_000_000,
} as const;

/** Narrowest output the size budget may shrink a GIF to; below it captions stop being readable. */
const MIN_BUDGET_WIDTH = 320;
/** Re-renders allowed to meet the size budget; GIF size grows with area, so one usually suffices. */
const MAX_BUDGET_ATTEMPTS = 3;

/** Frames composed and ready to encode: RGB pixels, one buffer per frame, all the same size. */
export interface ComposedRunGif {
  width: number;
  height: number;
  frames: Buffer[];
  delaysMs: number[];
  layout: FrameLayout;
}

/** Parallel frame compositions; each holds a decoded screenshot, so this bounds memory too. */
const COMPOSE_CONCURRENCY = 4;
/**
 * Lets the encoder reuse the previous frame's pixel where a new one differs by less than this. Screens change
 * little between steps, so this is most of the size saving; at 3 the difference is invisible.
 */
const INTER_FRAME_MAX_ERROR = 3;

function resolveOptions(options: RunGifOptions): Required<Omit<RunGifOptions, 'signal'>> {
  const resolved = { ...RUN_GIF_DEFAULTS };
  for (const [name, value] of Object.entries(options)) {
    if (name === 'signal' || value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RunGifError('GIF_OPTIONS_INVALID', `option ${name} must be a finite number`);
    }
    (resolved as Record<string, number>)[name] = Math.round(value);
  }
  const checks: [boolean, string][] = [
    [resolved.width >= 160 && resolved.width <= 3840, 'width must be between 160 and 3840'],
    [
      resolved.frameDelayMs >= 20 && resolved.frameDelayMs <= 60_000,
      'frameDelayMs must be 20..60000',
    ],
    [
      resolved.lastFrameDelayMs >= 20 && resolved.lastFrameDelayMs <= 60_000,
      'lastFrameDelayMs must be 20..60000',
    ],
    [resolved.maxCaptionLength >= 10, 'maxCaptionLength must be at least 10'],
    [resolved.maxFrames >= 2, 'maxFrames must be at least 2'],
    [resolved.colours >= 2 && resolved.colours <= 256, 'colours must be 2..256'],
    [resolved.maxBytes >= 10_000, 'maxBytes must be at least 10000'],
  ];
  for (const [ok, message] of checks) {
    if (!ok) throw new RunGifError('GIF_OPTIONS_INVALID', message);
  }
  return resolved;
}

/** Indices of the frames kept when a run has more than `max`: first, last and failures first, the rest evenly. */
export function selectFrameIndices(
  statuses: readonly ('passed' | 'failed')[],
  max: number,
): number[] {
  const count = statuses.length;
  if (count <= max) return statuses.map((_, i) => i);
  const kept = new Set<number>([0, count - 1]);
  for (let i = 0; i < count && kept.size < max; i++) if (statuses[i] === 'failed') kept.add(i);
  const free = max - kept.size;
  const others = statuses.map((_, i) => i).filter((i) => !kept.has(i));
  for (let j = 0; j < free; j++) {
    const pick = others[Math.floor(((j + 0.5) * others.length) / free)];
    if (pick !== undefined) kept.add(pick);
  }
  return [...kept].sort((a, b) => a - b);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new RunGifError('GIF_ABORTED', 'rendering the run GIF was aborted', {
      cause: signal.reason,
    });
  }
}

async function composeFrame(
  frame: RunGifFrame,
  index: number,
  position: number,
  total: number,
  layout: FrameLayout,
  maxCaptionLength: number,
): Promise<Buffer> {
  try {
    const meta = await sharp(frame.image).metadata();
    const sourceWidth = meta.width;
    const sourceHeight = meta.height;
    if (!sourceWidth || !sourceHeight) throw new Error('the image has no dimensions');
    // `contain` keeps the whole screenshot; the box follows the same scale and letterbox offset.
    const scale = Math.min(layout.width / sourceWidth, layout.imageHeight / sourceHeight);
    const offsetX = (layout.width - sourceWidth * scale) / 2;
    const offsetY = (layout.imageHeight - sourceHeight * scale) / 2;
    const box = frame.box
      ? clipBox(
          {
            x: Math.round(offsetX + frame.box.x * scale),
            y: Math.round(offsetY + frame.box.y * scale),
            width: Math.round(frame.box.width * scale),
            height: Math.round(frame.box.height * scale),
          },
          layout.width,
          layout.imageHeight,
        )
      : null;
    const svg = buildOverlaySvg({
      layout,
      box: box ?? undefined,
      caption: frame.caption,
      status: frame.status,
      position,
      total,
      maxCaptionLength,
    });
    return await sharp(frame.image)
      .resize({
        width: layout.width,
        height: layout.imageHeight,
        fit: 'contain',
        background: RUN_GIF_COLORS.letterbox,
      })
      .extend({ bottom: layout.barHeight, background: RUN_GIF_COLORS.bar })
      .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
      .removeAlpha()
      .raw()
      .toBuffer();
  } catch (error) {
    throw new RunGifError(
      'GIF_FRAME_INVALID',
      `frame ${index} could not be drawn: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** Composes every frame (scaled, outlined, captioned) without encoding: the GIF's pixels. */
export async function composeRunGifFrames(
  frames: readonly RunGifFrame[],
  options: RunGifOptions = {},
): Promise<ComposedRunGif> {
  const resolved = resolveOptions(options);
  if (frames.length === 0)
    throw new RunGifError('GIF_NO_FRAMES', 'a run GIF needs at least one frame');
  throwIfAborted(options.signal);
  const first = frames[0] as RunGifFrame;
  let firstMeta;
  try {
    firstMeta = await sharp(first.image).metadata();
  } catch (error) {
    throw new RunGifError('GIF_FRAME_INVALID', 'frame 0 is not a JPEG or PNG image', {
      cause: error,
    });
  }
  const aspect = (firstMeta.height ?? 1) / (firstMeta.width ?? 1);
  const layout = layoutFrame(resolved.width, Math.max(2, Math.round(resolved.width * aspect)));
  const indices = selectFrameIndices(
    frames.map((f) => f.status),
    resolved.maxFrames,
  );
  const composed: Buffer[] = new Array<Buffer>(indices.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < indices.length) {
      const slot = next++;
      const index = indices[slot] as number;
      throwIfAborted(options.signal);
      composed[slot] = await composeFrame(
        frames[index] as RunGifFrame,
        index,
        index + 1,
        frames.length,
        layout,
        resolved.maxCaptionLength,
      );
    }
  };
  await Promise.all(Array.from({ length: COMPOSE_CONCURRENCY }, worker));
  const delaysMs = indices.map((_, i) =>
    i === indices.length - 1 ? resolved.lastFrameDelayMs : resolved.frameDelayMs,
  );
  return {
    width: layout.width,
    height: layout.imageHeight + layout.barHeight,
    frames: composed,
    delaysMs,
    layout,
  };
}

async function encodeGif(composed: ComposedRunGif, colours: number): Promise<Buffer> {
  return sharp(Buffer.concat(composed.frames), {
    raw: {
      width: composed.width,
      height: composed.height * composed.frames.length,
      channels: 3,
      pageHeight: composed.height,
    },
    // 20 frames of 1280 px are ~60 Mpx together, above sharp's default decompression-bomb guard.
    limitInputPixels: false,
  })
    .gif({
      delay: composed.delaysMs,
      loop: 0,
      colours,
      // Dithering turns flat UI colours into noise that compresses badly; screenshots need none.
      dither: 0,
      // Measured on 20 real screenshots: effort 3 gives the size of effort 7 in half the time.
      effort: 3,
      interFrameMaxError: INTER_FRAME_MAX_ERROR,
      interPaletteMaxError: 8,
    })
    .toBuffer();
}

/**
 * Renders the run GIF: one frame per step (sampled down past `maxFrames`), looping, the last frame held longer,
 * narrowed when needed to stay within `maxBytes`.
 */
export async function renderRunGif(
  frames: readonly RunGifFrame[],
  options: RunGifOptions = {},
): Promise<Uint8Array> {
  const resolved = resolveOptions(options);
  let width = resolved.width;
  let smallest: Buffer | undefined;
  for (let attempt = 1; ; attempt++) {
    const composed = await composeRunGifFrames(frames, { ...options, width });
    throwIfAborted(options.signal);
    const gif = await encodeGif(composed, resolved.colours);
    throwIfAborted(options.signal);
    if (smallest === undefined || gif.length < smallest.length) smallest = gif;
    if (
      gif.length <= resolved.maxBytes ||
      width <= MIN_BUDGET_WIDTH ||
      attempt >= MAX_BUDGET_ATTEMPTS
    ) {
      break;
    }
    const shrink = Math.sqrt(resolved.maxBytes / gif.length) * 0.9;
    width = Math.max(MIN_BUDGET_WIDTH, Math.floor(width * shrink));
  }
  return new Uint8Array(smallest.buffer, smallest.byteOffset, smallest.byteLength);
}
