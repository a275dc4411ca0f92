// Live progress of one run on the queue's event channel: numbered, in order, secret-free, and never fatal.
import type { JobQueue, RunEvent } from '@retrace/queue';
import { type SecretValues, redactSecrets } from '@retrace/engine';

/** What the engine reports while it runs (runTest's onEvent), as far as the worker publishes it. */
export type EngineEvent =
  | { type: 'brain_state'; stepNumber: number; nextGoal: string }
  | { type: 'step_started'; stepIdx: number; actionIdx: number; caption: string }
  | {
      type: 'step_finished';
      step: {
        idx: number;
        actionIdx: number;
        passed: boolean;
        startedAt: string;
        finishedAt: string;
      };
    }
  | { type: 'done_rejected'; stepNumber: number; reason: string }
  | { type: 'step_failed'; stepNumber: number; reason: string }
  | { type: 'repair_started'; stepIdx: number | null; reason: string }
  | { type: 'run_finished' };

type StateEvent = Extract<RunEvent, { type: 'state' }>;

export interface RunEventPublisher {
  state(
    state: StateEvent['state'],
    failure?: { kind: NonNullable<StateEvent['failureKind']>; message: string },
  ): void;
  engine(event: EngineEvent): void;
  screenshot(stepIdx: number, artifactKey: string): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  /** Resolves when everything published so far has been sent (or has failed to be). */
  flush(): Promise<void>;
}

export interface RunEventPublisherDeps {
  queue: Pick<JobQueue, 'publishRunEvent'>;
  runId: string;
  projectId: string;
  secrets: SecretValues;
  clock: () => Date;
  onError: (error: unknown) => void;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Events go out one after another on one chain, so subscribers see them in the order they happened; `seq`
 * numbers them per run. A failed publish is reported and dropped: live progress is best effort, the database
 * holds the truth. Every text is redacted of the run's secret values before it leaves the process.
 */
export function createRunEventPublisher(deps: RunEventPublisherDeps): RunEventPublisher {
  let seq = 0;
  let chain: Promise<void> = Promise.resolve();
  const text = (value: string, max: number): string =>
    clip(redactSecrets(value, deps.secrets), max);
  const base = () => ({
    runId: deps.runId,
    projectId: deps.projectId,
    at: deps.clock().toISOString(),
    seq: seq++,
  });

  function publish(event: RunEvent): void {
    chain = chain.then(() => deps.queue.publishRunEvent(event)).catch(deps.onError);
  }

  const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string): void =>
    publish({ ...base(), type: 'log', level, message: text(message, 1000) });

  return {
    state(state, failure) {
      publish({
        ...base(),
        type: 'state',
        state,
        ...(failure ? { failureKind: failure.kind, message: text(failure.message, 500) } : {}),
      });
    },

    engine(event) {
      switch (event.type) {
        case 'step_started':
          publish({
            ...base(),
            type: 'step_started',
            stepIdx: event.stepIdx,
            actionIdx: event.actionIdx,
            goal: text(event.caption, 300),
          });
          return;
        case 'step_finished': {
          const { step } = event;
          const durationMs = Date.parse(step.finishedAt) - Date.parse(step.startedAt);
          publish({
            ...base(),
            type: 'step_finished',
            stepIdx: step.idx,
            actionIdx: step.actionIdx,
            status: step.passed ? 'passed' : 'failed',
            ...(Number.isFinite(durationMs) && durationMs >= 0
              ? { durationMs: Math.round(durationMs) }
              : {}),
          });
          return;
        }
        case 'brain_state':
          log('info', `step ${event.stepNumber}: ${event.nextGoal}`);
          return;
        case 'done_rejected':
          log('warn', `the agent's "done" was refused: ${event.reason}`);
          return;
        case 'step_failed':
          log('warn', `step ${event.stepNumber} failed: ${event.reason}`);
          return;
        case 'repair_started':
          log('info', `replay stopped (${event.reason}); the agent is repairing the test`);
          return;
        case 'run_finished':
          // The worker publishes the final state once the run is recorded.
          return;
      }
    },

    screenshot(stepIdx, artifactKey) {
      publish({ ...base(), type: 'screenshot', stepIdx, artifactKey });
    },

    log,

    flush() {
      return chain;
    },
  };
}
