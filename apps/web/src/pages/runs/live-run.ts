// The live view of one run, folded from its event stream: the latest snapshot plus the steps seen since.
import type { FailureKind, RunDetail, RunState } from '../../api/api-types.ts';
import type { RunStreamEvent } from '../../api/run-events.ts';

export interface LiveStep {
  stepIdx: number;
  goal: string | null;
  status: 'running' | 'passed' | 'failed';
  durationMs: number | null;
  screenshotUrl: string | null;
  startedAt: string | null;
}

export interface LiveLogLine {
  at: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

export interface LiveRun {
  /** The latest snapshot (the whole run as the database has it). */
  detail: RunDetail | null;
  /** The newest state known, from a snapshot or a later state event. */
  state: RunState | null;
  failureKind: FailureKind | null;
  failureMessage: string | null;
  /** Steps reported live, ordered by index (the history is stored only when the run ends). */
  steps: LiveStep[];
  logs: LiveLogLine[];
  /** Event keys already applied: a reconnect replays some, and they must count once. */
  seen: ReadonlySet<string>;
}

const MAX_LOG_LINES = 50;
const FINISHED: ReadonlySet<RunState> = new Set(['PASSED', 'FAILED']);

export const EMPTY_LIVE_RUN: LiveRun = {
  detail: null,
  state: null,
  failureKind: null,
  failureMessage: null,
  steps: [],
  logs: [],
  seen: new Set(),
};

export function isFinished(state: RunState | null | undefined): boolean {
  return state !== null && state !== undefined && FINISHED.has(state);
}

function keyOf(event: RunStreamEvent): string | null {
  if (!('seq' in event) || event.seq === undefined) return null;
  return `${event.seq}:${event.type}`;
}

function upsertStep(steps: LiveStep[], stepIdx: number, change: Partial<LiveStep>): LiveStep[] {
  const index = steps.findIndex((step) => step.stepIdx === stepIdx);
  if (index === -1) {
    const created: LiveStep = {
      stepIdx,
      goal: null,
      status: 'running',
      durationMs: null,
      screenshotUrl: null,
      startedAt: null,
      ...change,
    };
    return [...steps, created].sort((a, b) => a.stepIdx - b.stepIdx);
  }
  const next = steps.slice();
  next[index] = { ...(steps[index] as LiveStep), ...change };
  return next;
}

/** Applies one event; returns the same object when nothing changed. */
export function applyRunEvent(live: LiveRun, event: RunStreamEvent): LiveRun {
  const key = keyOf(event);
  if (key !== null && live.seen.has(key)) return live;
  const seen = key === null ? live.seen : new Set(live.seen).add(key);
  switch (event.type) {
    case 'snapshot': {
      const run = event.detail.run;
      // A snapshot never moves a run backwards: a finished state from an event stays finished.
      const keepFinished = isFinished(live.state) && !isFinished(run.state);
      return {
        ...live,
        seen,
        detail: event.detail,
        state: keepFinished ? live.state : run.state,
        failureKind: keepFinished ? live.failureKind : run.failureKind,
        failureMessage: keepFinished ? live.failureMessage : run.failureMessage,
      };
    }
    case 'state':
      if (isFinished(live.state) && !isFinished(event.state)) return { ...live, seen };
      return {
        ...live,
        seen,
        state: event.state,
        failureKind: event.failureKind ?? (isFinished(event.state) ? live.failureKind : null),
        failureMessage: event.message ?? (isFinished(event.state) ? live.failureMessage : null),
      };
    case 'step_started':
      return {
        ...live,
        seen,
        steps: upsertStep(live.steps, event.stepIdx, {
          goal: event.goal ?? null,
          status: 'running',
          startedAt: event.at,
        }),
      };
    case 'step_finished':
      return {
        ...live,
        seen,
        steps: upsertStep(live.steps, event.stepIdx, {
          status: event.status,
          durationMs: event.durationMs ?? null,
        }),
      };
    case 'screenshot':
      return {
        ...live,
        seen,
        steps: upsertStep(live.steps, event.stepIdx, { screenshotUrl: event.screenshotUrl }),
      };
    case 'log':
      return {
        ...live,
        seen,
        logs: [...live.logs, { at: event.at, level: event.level, message: event.message }].slice(
          -MAX_LOG_LINES,
        ),
      };
    default:
      return live;
  }
}

/** One sentence for screen readers and the progress line: what the run is doing now. */
export function describeProgress(live: LiveRun): string {
  const state = live.state ?? live.detail?.run.state ?? null;
  const done = live.steps.filter((step) => step.status !== 'running').length;
  const failed = live.steps.filter((step) => step.status === 'failed').length;
  switch (state) {
    case null:
      return 'Connecting…';
    case 'QUEUED':
      return 'Queued: waiting for a worker.';
    case 'RUNNING': {
      const current = [...live.steps].reverse().find((step) => step.status === 'running');
      const counts = `${done} step${done === 1 ? '' : 's'} done${failed > 0 ? `, ${failed} failed` : ''}`;
      return current
        ? `Running step ${current.stepIdx + 1}${current.goal ? `: ${current.goal}` : ''} (${counts}).`
        : `Running (${counts}).`;
    }
    case 'PASSED':
      return 'Finished: passed.';
    case 'FAILED':
      return `Finished: failed${live.failureMessage ? ` — ${live.failureMessage}` : '.'}`;
  }
}
