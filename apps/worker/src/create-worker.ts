// The worker: takes run jobs from the queue (N at a time), recovers lost runs, and shuts down cleanly.
import { randomBytes } from 'node:crypto';
import type { JobWorker } from '@retrace/queue';
import { type BrowserPoolStats, createBrowserPool } from './browser-pool.ts';
import { handleRunJob } from './handle-run-job.ts';
import { handleDeadRun, sweepStaleRuns } from './recover-runs.ts';
import { describeError } from './worker-errors.ts';
import {
  type RunCounters,
  type WorkerContext,
  type WorkerDeps,
  consoleWorkerLogger,
} from './worker-context.ts';
import { type WorkerOptionsInput, parseWorkerOptions } from './worker-options.ts';

export interface WorkerStats extends RunCounters {
  /** The id written on this worker's runs (the configured id plus a per-start suffix). */
  workerId: string;
  state: 'new' | 'running' | 'stopping' | 'stopped';
  concurrency: number;
  /** Ids of the runs executing now. */
  activeRunIds: string[];
  browsers: BrowserPoolStats[];
}

export interface Worker {
  /** Starts taking run jobs and dead-letters, and sweeping for stale runs. The queue is started if needed. */
  start(): Promise<void>;
  /**
   * Stops taking jobs. Graceful (the default) lets running runs finish, up to `shutdownTimeoutMs`; the rest,
   * or all of them when not graceful, are stopped and failed as `infrastructure` with a retry attempt queued.
   * Closes the browsers; leaves the queue (owned by the caller) running.
   */
  stop(options?: { graceful?: boolean }): Promise<void>;
  stats(): WorkerStats;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Validates `options` (throws WorkerConfigError) and builds a worker; nothing runs until start(). */
export function createWorker(deps: WorkerDeps, optionsInput: WorkerOptionsInput = {}): Worker {
  const options = parseWorkerOptions(optionsInput);
  const log = deps.log ?? consoleWorkerLogger;
  const instanceId = `${options.workerId}#${randomBytes(3).toString('hex')}`;
  const ctx: WorkerContext = {
    deps,
    options,
    instanceId,
    clock: deps.clock ?? (() => new Date()),
    log,
    browsers: createBrowserPool(options.browser, log),
    counters: { started: 0, passed: 0, failed: 0, retried: 0, recovered: 0 },
  };
  const active = new Set<string>();
  let state: WorkerStats['state'] = 'new';
  let runWorker: JobWorker | null = null;
  let deadWorker: JobWorker | null = null;
  let sweepTimer: NodeJS.Timeout | null = null;
  let sweeping: Promise<void> = Promise.resolve();

  function sweep(): void {
    sweeping = sweeping.then(async () => {
      if (state !== 'running') return;
      try {
        await sweepStaleRuns(ctx);
      } catch (error) {
        log.warn('the stale-run sweep failed', { error: describeError(error) });
      }
    });
  }

  return {
    async start() {
      if (state !== 'new')
        throw new Error(`the worker is ${state}; create a new one to start again`);
      state = 'running';
      try {
        await deps.queue.start();
        runWorker = await deps.queue.workRuns(
          async (job) => {
            active.add(job.runId);
            try {
              await handleRunJob(ctx, job);
            } finally {
              active.delete(job.runId);
            }
          },
          {
            concurrency: options.concurrency,
            ...(options.pollingIntervalSeconds === undefined
              ? {}
              : { pollingIntervalSeconds: options.pollingIntervalSeconds }),
          },
        );
        deadWorker = await deps.queue.workDeadRuns((job) => handleDeadRun(ctx, job), {
          concurrency: 1,
          ...(options.pollingIntervalSeconds === undefined
            ? {}
            : { pollingIntervalSeconds: options.pollingIntervalSeconds }),
        });
      } catch (error) {
        state = 'stopped';
        await runWorker?.stop({ graceful: false });
        await ctx.browsers.close();
        throw error;
      }
      // Runs left RUNNING by a crash before this start are found at once, not one interval later.
      sweep();
      sweepTimer = setInterval(sweep, options.sweepIntervalSeconds * 1000);
      sweepTimer.unref();
      log.info('worker started', { workerId: instanceId, concurrency: options.concurrency });
    },

    async stop({ graceful = true } = {}) {
      if (state !== 'running') return;
      state = 'stopping';
      if (sweepTimer !== null) clearInterval(sweepTimer);
      await sweeping;
      if (runWorker !== null) {
        const worker = runWorker;
        if (graceful) {
          const drained = worker.stop({ graceful: true });
          await Promise.race([drained, delay(options.shutdownTimeoutMs)]);
        }
        // Runs still going are stopped; each fails as infrastructure and is queued again for another worker.
        await worker.stop({ graceful: false });
      }
      await deadWorker?.stop({ graceful });
      await ctx.browsers.close();
      state = 'stopped';
      log.info('worker stopped', { workerId: instanceId });
    },

    stats() {
      return {
        workerId: instanceId,
        state,
        concurrency: options.concurrency,
        activeRunIds: [...active],
        browsers: ctx.browsers.stats(),
        ...ctx.counters,
      };
    },
  };
}
