// Keeps typed secrets out of step screenshots: the fields a secret was typed into are painted over.
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { clipBox, type Screenshot } from '../browser/capture-screenshot.ts';
import type { BoundingBox } from '../fingerprint/element-fingerprint.ts';

const MEASURE_TIMEOUT_MS = 500;
/** A little beyond the field, so a focus ring or the caret cannot show the first or last character. */
const PAD_PX = 2;

/** The fields of the run that hold a typed secret, per page. */
export class SecretFields {
  private readonly fields: { page: Page; locator: Locator }[] = [];

  add(page: Page, locator: Locator): void {
    this.fields.push({ page, locator });
  }

  get empty(): boolean {
    return this.fields.length === 0;
  }

  /** Boxes (viewport CSS px) of the secret fields still on `page`. */
  async boxesOn(page: Page): Promise<BoundingBox[]> {
    const live = this.fields.filter((f) => f.page === page && !page.isClosed());
    const boxes = await Promise.all(
      live.map(async (f) =>
        (await f.locator.count().catch(() => 0)) === 1
          ? f.locator.boundingBox({ timeout: MEASURE_TIMEOUT_MS }).catch(() => null)
          : null,
      ),
    );
    return boxes.filter((box): box is BoundingBox => box !== null);
  }
}

/** Paints each box over the screenshot (a solid block: nothing of the value survives the JPEG). */
export async function maskScreenshot(
  shot: Screenshot,
  boxes: readonly BoundingBox[],
  quality: number,
): Promise<Screenshot> {
  const blocks = boxes
    .map((box) =>
      clipBox(
        {
          x: box.x - PAD_PX,
          y: box.y - PAD_PX,
          width: box.width + 2 * PAD_PX,
          height: box.height + 2 * PAD_PX,
        },
        shot.width,
        shot.height,
      ),
    )
    .filter((box): box is BoundingBox => box !== null);
  if (blocks.length === 0) return shot;
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${shot.width}" height="${shot.height}">${blocks
      .map(
        (b) =>
          `<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" fill="#3a3f4b"/>`,
      )
      .join('')}</svg>`,
  );
  const image = sharp(shot.bytes).composite([{ input: svg, top: 0, left: 0 }]);
  const bytes =
    shot.format === 'png'
      ? await image.png().toBuffer()
      : shot.format === 'webp'
        ? await image.webp({ quality }).toBuffer()
        : await image.jpeg({ quality }).toBuffer();
  return { ...shot, bytes };
}
