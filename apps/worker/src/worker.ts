// Public surface of @retrace/worker: createWorker, its options schema (validated by the CLI), and its types.
export { createWorker, type Worker, type WorkerStats } from './create-worker.ts';
export {
  parseWorkerOptions,
  remoteBrowserSchema,
  WorkerConfigError,
  workerBrowserSchema,
  workerLlmSchema,
  workerOptionsSchema,
  type RemoteBrowserOptions,
  type WorkerBrowserOptions,
  type WorkerLlmOptions,
  type WorkerOptions,
  type WorkerOptionsInput,
} from './worker-options.ts';
export {
  consoleWorkerLogger,
  type RunCounters,
  type WorkerDeps,
  type WorkerLogger,
} from './worker-context.ts';
export type { BrowserPoolStats } from './browser-pool.ts';
export type { CreateLanguageModel, LanguageModel } from './resolve-language-model.ts';
export { runArtifactPrefix, runGifKey, stepScreenshotKey } from './step-artifacts.ts';
