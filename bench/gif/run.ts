// Bench: size and render time of the run GIF for 20 real 1280×720 screenshots, against a gifenc baseline.
// Run: npx tsx bench/gif/run.ts
import gifenc from 'gifenc';
import sharp from 'sharp';
import { chromium } from 'playwright-core';
import {
  type RunGifFrame,
  composeRunGifFrames,
  renderRunGif,
} from '../../packages/engine/src/gif/run-gif.ts';
import { captureStepScreenshots } from '../../packages/engine/src/gif/test-support/capture-step-screenshots.ts';

const MB = 1_000_000;

/** Baseline: the same composed frames encoded by gifenc (per-frame palette, no inter-frame reuse). */
async function encodeWithGifenc(
  frames: readonly RunGifFrame[],
  width: number,
): Promise<Uint8Array> {
  const composed = await composeRunGifFrames(frames, { width });
  const stream = gifenc.GIFEncoder();
  composed.frames.forEach((rgb, i) => {
    const rgba = new Uint8Array((rgb.length / 3) * 4);
    for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
      rgba[q] = rgb[p]!;
      rgba[q + 1] = rgb[p + 1]!;
      rgba[q + 2] = rgb[p + 2]!;
      rgba[q + 3] = 255;
    }
    const palette = gifenc.quantize(rgba, 256);
    stream.writeFrame(gifenc.applyPalette(rgba, palette), composed.width, composed.height, {
      palette,
      delay: composed.delaysMs[i],
      repeat: 0,
    });
  });
  stream.finish();
  return stream.bytes();
}

/** Worst case for GIF: a full-screen photo-like page that scrolls every step, so nothing repeats. */
async function captureNoisyScreenshots(): Promise<RunGifFrame[]> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.setContent(`<body style="margin:0"><canvas id=c width=1280 height=4000></canvas><script>
      const c = document.getElementById('c').getContext('2d');
      for (let i = 0; i < 4000; i++) {
        const x = Math.random() * 1280, y = Math.random() * 4000, r = 5 + Math.random() * 60;
        const g = c.createRadialGradient(x, y, 0, x, y, r);
        g.addColorStop(0, 'hsl(' + Math.random() * 360 + ',80%,60%)');
        g.addColorStop(1, 'hsla(' + Math.random() * 360 + ',80%,40%,0)');
        c.fillStyle = g; c.fillRect(x - r, y - r, 2 * r, 2 * r);
      }
    </script></body>`);
    const frames: RunGifFrame[] = [];
    for (let i = 0; i < 20; i++) {
      await page.mouse.wheel(0, 160);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      const image = await page.screenshot({ type: 'jpeg', quality: 80 });
      frames.push({
        image,
        box: { x: 100, y: 100, width: 240, height: 60 },
        caption: 'Scroll the gallery',
        status: 'passed',
      });
    }
    return frames;
  } finally {
    await browser.close();
  }
}

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function report(label: string, frames: RunGifFrame[]): Promise<void> {
  const [gif, ms] = await time(() => renderRunGif(frames));
  const meta = await sharp(gif, { animated: true }).metadata();
  const [baseline, baselineMs] = await time(() => encodeWithGifenc(frames, meta.width ?? 960));
  console.log(
    `${label}: renderRunGif ${(gif.byteLength / MB).toFixed(3)} MB in ${ms.toFixed(0)} ms ` +
      `(${meta.pages} frames, ${meta.width}×${meta.pageHeight}, budget 2 MB: ${gif.byteLength <= 2 * MB ? 'ok' : 'OVER'})`,
  );
  console.log(
    `${label}: gifenc baseline at the same width ${(baseline.byteLength / MB).toFixed(3)} MB in ${baselineMs.toFixed(0)} ms ` +
      `→ size ratio ${(gif.byteLength / baseline.byteLength).toFixed(2)}, time ratio ${(ms / baselineMs).toFixed(2)}`,
  );
}

const steps = await captureStepScreenshots(20, 'jpeg');
await report(
  'app page',
  steps.map((s, i) => ({
    image: s.image,
    box: s.box,
    caption: s.caption,
    status: i === 19 ? 'failed' : 'passed',
  })),
);
await report('photo page (worst case)', await captureNoisyScreenshots());
