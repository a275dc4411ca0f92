import { startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-session.ts';
import { captureScreenshot, clipBox } from './capture-screenshot.ts';
import { TEST_CHROMIUM_PATH } from './test-helpers.ts';

let server: FixtureServer;
let session: BrowserSession;

beforeAll(async () => {
  server = await startFixtureServer();
  session = await openBrowserSession({
    launch: { executablePath: TEST_CHROMIUM_PATH },
    config: { viewport: { width: 800, height: 600 }, deviceScaleFactor: 2 },
  });
  await session.page.goto(server.url('/login/'));
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('captureScreenshot', () => {
  it('takes a JPEG of the viewport at CSS scale, whatever the device scale factor', async () => {
    const shot = await captureScreenshot(session.page, { quality: 60 });
    expect(shot).toMatchObject({
      format: 'jpeg',
      mimeType: 'image/jpeg',
      width: 800,
      height: 600,
      elementBox: null,
    });
    expect(shot.bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const meta = await sharp(shot.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 800, 600]);
  });

  it('captures the scrolled viewport at device scale 1 too, with the element where the page shows it', async () => {
    const flat = await openBrowserSession({
      launch: { executablePath: TEST_CHROMIUM_PATH },
      config: { viewport: { width: 640, height: 400 } },
    });
    try {
      await flat.page.setContent(
        '<body style="margin:0;height:3000px;background:#fff">' +
          '<div id="mark" style="position:absolute;left:100px;top:1500px;width:200px;height:100px;background:#00f"></div></body>',
      );
      await flat.page.evaluate(() => window.scrollTo(0, 1400));
      const mark = flat.page.locator('#mark');
      const shot = await captureScreenshot(flat.page, { element: mark, quality: 80 });
      expect([shot.width, shot.height]).toEqual([640, 400]);
      expect(shot.elementBox).toEqual({ x: 100, y: 100, width: 200, height: 100 });
      const { data, info } = await sharp(shot.bytes).raw().toBuffer({ resolveWithObject: true });
      const pixel = (x: number, y: number) => {
        const at = (y * info.width + x) * info.channels;
        return [data[at] ?? 0, data[at + 1] ?? 0, data[at + 2] ?? 0];
      };
      const [red, , blue] = pixel(200, 150);
      expect(blue).toBeGreaterThan(200);
      expect(red).toBeLessThan(60);
      expect(pixel(200, 50)[0]).toBeGreaterThan(200); // above the mark: the white page
    } finally {
      await flat.close();
    }
  });

  it('encodes WebP and PNG on request', async () => {
    const webp = await captureScreenshot(session.page, { format: 'webp', quality: 50 });
    expect((await sharp(webp.bytes).metadata()).format).toBe('webp');
    expect(webp.mimeType).toBe('image/webp');
    const png = await captureScreenshot(session.page, { format: 'png' });
    expect((await sharp(png.bytes).metadata()).format).toBe('png');
  });

  it('reports the acted element’s box in screenshot pixels, measured now or given', async () => {
    const button = session.page.getByRole('button', { name: 'Sign in' });
    const measured = await button.boundingBox();
    const shot = await captureScreenshot(session.page, { element: button });
    expect(shot.elementBox).toEqual({
      x: Math.round(measured?.x ?? 0),
      y: Math.round(measured?.y ?? 0),
      width: Math.round(measured?.width ?? 0),
      height: Math.round(measured?.height ?? 0),
    });
    // The outline sits on the button: its pixels are the button's blue, not the white page.
    const { data, info } = await sharp(shot.bytes).raw().toBuffer({ resolveWithObject: true });
    const box = shot.elementBox ?? { x: 0, y: 0, width: 0, height: 0 };
    const cx = Math.round(box.x + 4);
    const cy = Math.round(box.y + box.height / 2);
    const offset = (cy * info.width + cx) * info.channels;
    expect(data[offset + 2]).toBeGreaterThan(150); // blue channel
    expect(data[offset]).toBeLessThan(120); // red channel
    const given = await captureScreenshot(session.page, {
      element: { x: -10, y: 590, width: 50, height: 40 },
    });
    expect(given.elementBox).toEqual({ x: 0, y: 590, width: 40, height: 10 });
  });

  it('gives no box for an element that is gone or off-screen', async () => {
    const gone = await captureScreenshot(session.page, {
      element: session.page.locator('#does-not-exist'),
    });
    expect(gone.elementBox).toBeNull();
    expect(clipBox({ x: 900, y: 10, width: 10, height: 10 }, 800, 600)).toBeNull();
  });

  it('stops when cancelled', async () => {
    await expect(
      captureScreenshot(session.page, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
