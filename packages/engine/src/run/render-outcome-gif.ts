// The run GIF of an outcome: one frame per executed step that has a screenshot, in execution order.
import { renderRunGif, type RunGifFrame, type RunGifOptions } from '../gif/run-gif.ts';
import type { ExecutedStep } from './run-record.ts';

/** The GIF frames of a run's steps: screenshot, outlined element, goal caption, pass/fail. */
export function gifFramesOf(steps: readonly ExecutedStep[]): RunGifFrame[] {
  return [...steps]
    .sort((a, b) => a.idx - b.idx)
    .filter((step): step is ExecutedStep & { screenshot: Uint8Array } => step.screenshot !== null)
    .map((step) => ({
      image: step.screenshot,
      ...(step.screenshotBox ? { box: step.screenshotBox } : {}),
      caption: step.caption,
      status: step.passed ? 'passed' : 'failed',
    }));
}

/**
 * Renders the run GIF, or null when no step has a screenshot. Rendering problems (a corrupt screenshot, a
 * cancelled render) are reported through `onError` and give null: a run's result never depends on its GIF.
 */
export async function renderOutcomeGif(
  steps: readonly ExecutedStep[],
  options: RunGifOptions & { onError?: (error: unknown) => void } = {},
): Promise<Uint8Array | null> {
  const frames = gifFramesOf(steps);
  if (frames.length === 0) return null;
  const { onError, ...gifOptions } = options;
  try {
    return await renderRunGif(frames, gifOptions);
  } catch (error) {
    onError?.(error);
    return null;
  }
}
