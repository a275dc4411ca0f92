// What every part of a worker works with: its dependencies (one object), its validated options and its identity.
import type { DomainDeps } from '@retrace/domain';
import type { JobQueue } from '@retrace/queue';
import type { ArtifactStore } from '@retrace/storage';
import type { runTest } from '@retrace/engine';
import type { BrowserPool } from './browser-pool.ts';
import type { CreateLanguageModel } from './resolve-language-model.ts';
import type { WorkerOptions } from './worker-options.ts';

export interface WorkerLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface WorkerDeps {
  domain: DomainDeps;
  artifacts: ArtifactStore;
  queue: JobQueue;
  clock?: () => Date;
  log?: WorkerLogger;
  /**
   * Builds the model for a run's LLM configuration (default: the engine's createLanguageModel). Tests and
   * embedders inject a scripted model here; production leaves it alone.
   */
  createLanguageModel?: CreateLanguageModel;
  /** Runs one test (default: the engine's runTest). Exposed for embedding, not for production tuning. */
  runTest?: typeof runTest;
}

export interface RunCounters {
  started: number;
  passed: number;
  failed: number;
  /** Runs failed for infrastructure reasons that got another attempt. */
  retried: number;
  /** Runs of lost workers this worker recovered (dead jobs, stale heartbeats, re-delivered jobs). */
  recovered: number;
}

export interface WorkerContext {
  deps: WorkerDeps;
  options: WorkerOptions;
  /** The id written on runs: the configured worker id plus a per-start suffix. */
  instanceId: string;
  clock: () => Date;
  log: WorkerLogger;
  browsers: BrowserPool;
  counters: RunCounters;
}

/** The default logger: one line per warning or error on stderr; info stays quiet. */
export const consoleWorkerLogger: WorkerLogger = {
  info: () => undefined,
  warn: (message, fields) => console.error(`[retrace worker] ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`[retrace worker] ${message}`, fields ?? ''),
};
