// Describes where a frame sits: the iframe selectors from the top document down, its name and its viewport offset.
import type { Frame, Page } from 'playwright-core';
import { quoteString } from '../locators/format-locator.ts';
import { DESCRIBE_FRAME_ELEMENT } from './page-libraries.ts';

export interface FrameChain {
  framePath: string[];
  /** `name` attribute of the innermost iframe. */
  name: string | null;
  /** Offset of the frame's viewport in the top-level viewport (CSS px). */
  offset: { x: number; y: number };
  /** Playwright locator prefix, e.g. `locator('iframe[name="payment"]').contentFrame().` ('' for the main frame). */
  locatorPrefix: string;
}

const TOP: FrameChain = { framePath: [], name: null, offset: { x: 0, y: 0 }, locatorPrefix: '' };

/** Walks from the frame up to the main frame; one evaluate per level, cached per call through `cache`. */
export async function describeFrameChain(
  frame: Frame,
  cache = new Map<Frame, Promise<FrameChain>>(),
): Promise<FrameChain> {
  const parent = frame.parentFrame();
  if (!parent) return TOP;
  let pending = cache.get(frame);
  if (!pending) {
    pending = (async () => {
      const [parentChain, element] = await Promise.all([
        describeFrameChain(parent, cache),
        frame.frameElement(),
      ]);
      try {
        const info = await element.evaluate(DESCRIBE_FRAME_ELEMENT);
        return {
          framePath: [...parentChain.framePath, info.selector],
          name: info.name,
          offset: { x: parentChain.offset.x + info.x, y: parentChain.offset.y + info.y },
          locatorPrefix: `${parentChain.locatorPrefix}locator(${quoteString(info.selector)}).contentFrame().`,
        };
      } finally {
        await element.dispose();
      }
    })();
    cache.set(frame, pending);
  }
  return pending;
}

/**
 * The frame whose iframe path (as recorded in a fingerprint's `frame.framePath`) is `framePath`: the main
 * frame for an empty path, null when no frame of the page has that path now.
 */
export async function findFrameByPath(
  page: Page,
  framePath: readonly string[],
): Promise<Frame | null> {
  if (framePath.length === 0) return page.mainFrame();
  const cache = new Map<Frame, Promise<FrameChain>>();
  for (const frame of page.frames()) {
    if (frame.parentFrame() === null) continue;
    const chain = await describeFrameChain(frame, cache).catch(() => null);
    if (
      chain &&
      chain.framePath.length === framePath.length &&
      chain.framePath.every((s, i) => s === framePath[i])
    )
      return frame;
  }
  return null;
}
