import { describe, expect, it } from 'vitest';
import type { Run, RunDetail } from '../../api/api-types.ts';
import type { RunStreamEvent } from '../../api/run-events.ts';
import { applyRunEvent, describeProgress, EMPTY_LIVE_RUN, type LiveRun } from './live-run.ts';

function run(overrides: Partial<Run> = {}): Run {
  return {
    id: 'run1',
    projectId: 'p1',
    testCaseId: 't1',
    browserConfigId: 'b1',
    testConfigId: null,
    testTraversalId: 'tr1',
    producedTraversalId: null,
    batchId: 'batch1',
    attempt: 1,
    retryOfRunId: null,
    mode: 'replay',
    runType: 'REPLAY',
    state: 'RUNNING',
    failureKind: null,
    failureMessage: null,
    repairWasNeeded: false,
    cancelRequestedAt: null,
    createdAt: '2025-01-01T10:00:00.000Z',
    startedAt: '2025-01-01T10:00:01.000Z',
    finishedAt: null,
    durationMs: null,
    gifUrl: null,
    costId: null,
    ...overrides,
  };
}

function snapshot(overrides: Partial<Run> = {}): RunStreamEvent {
  const detail: RunDetail = { run: run(overrides), history: [], cost: null };
  return { type: 'snapshot', detail };
}

const base = { runId: 'run1', projectId: 'p1', at: '2025-01-01T10:00:02.000Z' };

function fold(events: RunStreamEvent[]): LiveRun {
  return events.reduce(applyRunEvent, EMPTY_LIVE_RUN);
}

describe('applyRunEvent', () => {
  it('builds steps from started, screenshot and finished events, in step order', () => {
    const live = fold([
      snapshot(),
      { ...base, seq: 0, type: 'step_started', stepIdx: 1, goal: 'Open the cart' },
      { ...base, seq: 1, type: 'step_started', stepIdx: 0, goal: 'Add the backpack' },
      { ...base, seq: 2, type: 'step_finished', stepIdx: 0, status: 'passed', durationMs: 120 },
      { ...base, seq: 3, type: 'screenshot', stepIdx: 0, screenshotUrl: 'http://x/shot.jpg' },
    ]);
    expect(live.steps).toEqual([
      {
        stepIdx: 0,
        goal: 'Add the backpack',
        status: 'passed',
        durationMs: 120,
        screenshotUrl: 'http://x/shot.jpg',
        startedAt: base.at,
      },
      {
        stepIdx: 1,
        goal: 'Open the cart',
        status: 'running',
        durationMs: null,
        screenshotUrl: null,
        startedAt: base.at,
      },
    ]);
  });

  it('applies an event replayed after a reconnect only once', () => {
    const started: RunStreamEvent = { ...base, seq: 4, type: 'log', level: 'info', message: 'hi' };
    const live = fold([snapshot(), started, snapshot(), started]);
    expect(live.logs).toHaveLength(1);
  });

  it('takes the failure from the final state event', () => {
    const live = fold([
      snapshot(),
      {
        ...base,
        seq: 9,
        type: 'state',
        state: 'FAILED',
        failureKind: 'assertion_failed',
        message: 'Subtotal: $97.00 is not visible',
      },
    ]);
    expect(live.state).toBe('FAILED');
    expect(live.failureKind).toBe('assertion_failed');
    expect(describeProgress(live)).toBe('Finished: failed — Subtotal: $97.00 is not visible');
  });

  it('never moves a finished run back to running when an older snapshot arrives', () => {
    const live = fold([
      { ...base, seq: 1, type: 'state', state: 'PASSED' },
      snapshot({ state: 'RUNNING' }),
    ]);
    expect(live.state).toBe('PASSED');
    expect(live.detail?.run.state).toBe('RUNNING');
  });

  it('keeps only the latest log lines', () => {
    const events: RunStreamEvent[] = Array.from({ length: 60 }, (_, i) => ({
      ...base,
      seq: i,
      type: 'log' as const,
      level: 'info' as const,
      message: `line ${i}`,
    }));
    const live = fold(events);
    expect(live.logs).toHaveLength(50);
    expect(live.logs[0]?.message).toBe('line 10');
  });
});

describe('describeProgress', () => {
  it('says which step runs and how many are done', () => {
    const live = fold([
      snapshot(),
      { ...base, seq: 0, type: 'step_started', stepIdx: 0, goal: 'Sign in' },
      { ...base, seq: 1, type: 'step_finished', stepIdx: 0, status: 'passed' },
      { ...base, seq: 2, type: 'step_started', stepIdx: 1, goal: 'Open the cart' },
    ]);
    expect(describeProgress(live)).toBe('Running step 2: Open the cart (1 step done).');
  });

  it('reports queued and connecting runs', () => {
    expect(describeProgress(EMPTY_LIVE_RUN)).toBe('Connecting…');
    expect(describeProgress(fold([snapshot({ state: 'QUEUED' })]))).toBe(
      'Queued: waiting for a worker.',
    );
  });
});
