// Viewport screenshots after each action, with the acted element's box in screenshot pixels (for the GIF outline).
import type { CDPSession, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import type { BoundingBox } from '../fingerprint/element-fingerprint.ts';
import { raceWithSignal, throwIfCancelled } from './cancellation.ts';

export type ScreenshotFormat = 'jpeg' | 'png' | 'webp';

export interface ScreenshotOptions {
  /** Default jpeg. webp is encoded from a PNG capture (Playwright captures png and jpeg only). */
  format?: ScreenshotFormat;
  /** 1–100 for jpeg and webp (default 70). */
  quality?: number;
  /** The acted element: a Locator measured now, or a box measured earlier (viewport CSS px). */
  element?: Locator | BoundingBox | null;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface Screenshot {
  bytes: Buffer;
  format: ScreenshotFormat;
  mimeType: string;
  width: number;
  height: number;
  /** The element's box in screenshot pixels, clipped to the image; null when absent or off-screen. */
  elementBox: BoundingBox | null;
}

const MIME: Record<ScreenshotFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};
const ELEMENT_MEASURE_TIMEOUT_MS = 1_000;

function isLocator(value: Locator | BoundingBox): value is Locator {
  return typeof (value as Locator).boundingBox === 'function';
}

async function elementBoxOf(element: ScreenshotOptions['element']): Promise<BoundingBox | null> {
  if (!element) return null;
  if (!isLocator(element)) return element;
  // The element may be gone after the action (a closed dialog, a new page): no outline then, and no wait.
  if ((await element.count().catch(() => 0)) !== 1) return null;
  return element.boundingBox({ timeout: ELEMENT_MEASURE_TIMEOUT_MS }).catch(() => null);
}

/** Clips a box to the image; null when nothing of it is visible. */
export function clipBox(box: BoundingBox, width: number, height: number): BoundingBox | null {
  const x1 = Math.max(0, box.x);
  const y1 = Math.max(0, box.y);
  const x2 = Math.min(width, box.x + box.width);
  const y2 = Math.min(height, box.y + box.height);
  if (x2 <= x1 || y2 <= y1) return null;
  return {
    x: Math.round(x1),
    y: Math.round(y1),
    width: Math.round(x2 - x1),
    height: Math.round(y2 - y1),
  };
}

/** Per page: a DevTools session when one capture command gives the viewport at CSS scale, else null. */
const directCapture = new WeakMap<Page, Promise<CDPSession | null>>();

/**
 * A DevTools session for the page when its device pixel ratio is 1 (a screenshot is then already at CSS scale)
 * and the browser speaks CDP (local or CDP-connected Chromium); null otherwise, and Playwright's screenshot is
 * used. One Page.captureScreenshot round trip instead of Playwright's several (caret hiding in every frame,
 * scale handling), so a replay step's screenshot holds the page's renderer for less time.
 */
function directCaptureSession(page: Page): Promise<CDPSession | null> {
  let session = directCapture.get(page);
  if (!session) {
    session = (async () => {
      const ratio = await page.evaluate(() => window.devicePixelRatio).catch(() => 0);
      if (ratio !== 1) return null;
      return page
        .context()
        .newCDPSession(page)
        .catch(() => null);
    })();
    directCapture.set(page, session);
  }
  return session;
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the screenshot took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

async function captureViewport(
  page: Page,
  type: 'jpeg' | 'png',
  quality: number,
  timeoutMs: number,
): Promise<Buffer> {
  const session = await directCaptureSession(page);
  if (session) {
    const { data } = await withTimeout(
      session.send('Page.captureScreenshot', {
        format: type,
        ...(type === 'jpeg' && { quality }),
        captureBeyondViewport: false,
      }),
      timeoutMs,
    );
    return Buffer.from(data, 'base64');
  }
  return page.screenshot({
    type,
    ...(type === 'jpeg' && { quality }),
    scale: 'css',
    timeout: timeoutMs,
  });
}

/**
 * Captures the viewport at CSS-pixel scale, so element boxes from fingerprints (viewport CSS px) map one to one
 * onto the image whatever the device scale factor.
 */
export async function captureScreenshot(
  page: Page,
  options: ScreenshotOptions = {},
): Promise<Screenshot> {
  throwIfCancelled(options.signal, 'taking the screenshot');
  const format = options.format ?? 'jpeg';
  const quality = Math.min(100, Math.max(1, Math.round(options.quality ?? 70)));
  const shooting = captureViewport(
    page,
    format === 'jpeg' ? 'jpeg' : 'png',
    quality,
    options.timeoutMs ?? 10_000,
  );
  const [raw, box] = await Promise.all([
    raceWithSignal(shooting, options.signal, 'taking the screenshot'),
    elementBoxOf(options.element),
  ]);
  const bytes = format === 'webp' ? await sharp(raw).webp({ quality }).toBuffer() : raw;
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  return {
    bytes,
    format,
    mimeType: MIME[format],
    width,
    height,
    elementBox: box ? clipBox(box, width, height) : null,
  };
}
