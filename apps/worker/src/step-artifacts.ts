// Uploads a run's step screenshots while it runs (under a run-scoped prefix), so live viewers see each one at once.
import type { ArtifactStore } from '@retrace/storage';

/** Where a run's artifacts live; deleting the run removes this prefix. */
export function runArtifactPrefix(runId: string): string {
  return `runs/${runId.toLowerCase()}/`;
}

export function stepScreenshotKey(runId: string, stepIdx: number): string {
  return `${runArtifactPrefix(runId)}steps/${String(stepIdx).padStart(3, '0')}.jpg`;
}

export function runGifKey(runId: string): string {
  return `${runArtifactPrefix(runId)}run.gif`;
}

export interface StepArtifacts {
  /** Starts uploading a step's screenshot (once per step); `onStored` runs when it is in the store. */
  upload(
    step: { idx: number; screenshot: Uint8Array | null },
    onStored?: (key: string) => void,
  ): void;
  /** Waits for every upload; returns the key of each stored screenshot by step index. Throws the first failure. */
  settle(): Promise<Map<number, string>>;
}

export function createStepArtifacts(
  artifacts: Pick<ArtifactStore, 'put'>,
  runId: string,
  signal?: AbortSignal,
): StepArtifacts {
  const uploads = new Map<number, Promise<string>>();
  return {
    upload(step, onStored) {
      if (step.screenshot === null || uploads.has(step.idx)) return;
      const key = stepScreenshotKey(runId, step.idx);
      const stored = artifacts
        .put(key, step.screenshot, { contentType: 'image/jpeg', ...(signal ? { signal } : {}) })
        .then(() => {
          onStored?.(key);
          return key;
        });
      // Failures surface in settle(); until then nobody awaits this promise.
      stored.catch(() => undefined);
      uploads.set(step.idx, stored);
    },

    async settle() {
      const keys = new Map<number, string>();
      for (const [idx, stored] of uploads) keys.set(idx, await stored);
      return keys;
    },
  };
}
