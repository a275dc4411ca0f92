// Test support shared by the queue contract's parts: the queue under test, run ids, and waiting helpers.
import { vi } from 'vitest';
import type { JobQueue } from '../queue-types.ts';
import type { JobWorker } from '../work-jobs.ts';
import type { QueueBackend } from './queue-backends.ts';

/** What every part of the contract works with, opened once per backend. */
export interface QueueContractContext {
  backend: QueueBackend;
  queue: JobQueue;
  /** Registers a worker so stopWorkers() ends it, keeping it from taking the next test's jobs. */
  track: (worker: JobWorker) => JobWorker;
  stopWorkers: () => Promise<void>;
}

let counter = 0;
export const newRunId = (label: string) => `${label}_${Date.now().toString(36)}_${counter++}`;

/** Resolves when `condition` holds, polling; fails the test after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await condition())) throw new Error(`still waiting for ${what}`);
    },
    { timeout: timeoutMs, interval: 50 },
  );
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Longest a job may take to reach a worker in these tests (polling is 0.5 s). */
export const JOB_WAIT_MS = 15_000;
