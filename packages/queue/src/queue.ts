// Public surface of @retrace/queue: the typed job catalog over pg-boss, run workers, and the run-event channel.
export * from './create-queue.ts';
export * from './job-catalog.ts';
export * from './job-failure.ts';
export * from './queue-errors.ts';
export * from './queue-types.ts';
export * from './run-events.ts';
export type {
  DeadLetterInfo,
  JobContext,
  JobHandler,
  JobWorker,
  WorkOptions,
} from './work-jobs.ts';
