// Test support: a database (PGlite or a fresh server database), its queue, a world on it, and workers to stop.
import { type TestDatabase, type TestDatabaseDriver } from '@retrace/db/testing';
import { type CreateQueueOptions, type JobQueue, type RunEvent, createQueue } from '@retrace/queue';
import { afterAll, beforeAll } from 'vitest';
import { type Worker, createWorker } from '../create-worker.ts';
import type { WorkerDeps } from '../worker-context.ts';
import type { WorkerOptionsInput } from '../worker-options.ts';
import { TEST_CHROMIUM_PATH, type WorkerWorld, createWorkerWorld } from './worker-world.ts';

/** Queue timings for tests: a lost worker is noticed in seconds, retries start at once. */
export const FAST_QUEUE: Pick<CreateQueueOptions, 'timings' | 'policies'> = {
  timings: { superviseIntervalSeconds: 1, heartbeatRefreshSeconds: 1, pollingIntervalSeconds: 0.5 },
  policies: { run: { retryDelaySeconds: 0, retryBackoff: false } },
};

/** Worker options for tests: local Chromium, quick heartbeats and sweeps. */
export const TEST_WORKER_OPTIONS: WorkerOptionsInput = {
  browser: { executablePath: TEST_CHROMIUM_PATH },
  heartbeatIntervalMs: 250,
  pollingIntervalSeconds: 0.5,
  retryDelaySeconds: 0,
  shutdownTimeoutMs: 5_000,
};

export interface WorkerHarness {
  database: TestDatabase;
  queue: JobQueue;
  world: WorkerWorld;
  /** Creates and starts a worker on this database; stopped after the file's tests. */
  startWorker(options?: WorkerOptionsInput, deps?: Partial<WorkerDeps>): Promise<Worker>;
  /** Events of a run (or all), in arrival order, from a subscription opened now. */
  recordEvents(runId: string | '*'): Promise<{ events: RunEvent[]; stop: () => void }>;
}

export function openQueueOn(database: TestDatabase): JobQueue {
  return database.kind === 'pglite'
    ? createQueue({ pglite: database.pglite, ...FAST_QUEUE, onError: () => undefined })
    : createQueue({
        connectionString: database.url ?? '',
        poolSize: 4,
        ...FAST_QUEUE,
        onError: () => undefined,
      });
}

/** Registers beforeAll/afterAll for one driver: the database, its queue, the world, and the workers started. */
export function useWorkerHarness(driver: TestDatabaseDriver): WorkerHarness {
  const harness = {} as WorkerHarness;
  const workers: Worker[] = [];
  const subscriptions: (() => void)[] = [];
  beforeAll(async () => {
    harness.database = await driver.open();
    harness.queue = openQueueOn(harness.database);
    await harness.queue.start();
    harness.world = await createWorkerWorld(harness.database.db);
    harness.startWorker = async (options = {}, deps = {}) => {
      const worker = createWorker(
        {
          domain: harness.world.domain,
          artifacts: harness.world.artifacts,
          queue: harness.queue,
          log: {
            info: () => undefined,
            warn: () => undefined,
            error: (m, f) => console.error(m, f),
          },
          ...deps,
        },
        { ...TEST_WORKER_OPTIONS, ...options },
      );
      workers.push(worker);
      await worker.start();
      return worker;
    };
    harness.recordEvents = async (runId) => {
      const events: RunEvent[] = [];
      const stop = await harness.queue.subscribeRunEvents(runId, (event) => events.push(event));
      subscriptions.push(stop);
      return { events, stop };
    };
  });
  afterAll(async () => {
    for (const stop of subscriptions) stop();
    for (const worker of workers) await worker.stop({ graceful: false });
    await harness.queue?.stop({ graceful: false, timeoutMs: 1_000 });
    await harness.world?.close();
    await harness.database?.dispose();
  });
  return harness;
}
