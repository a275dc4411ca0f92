// Stopping runs from outside: a cancel before the start, a cancel mid-run (the browser context closes), a time limit.
import { primaryTestDatabaseDriver } from '@retrace/db/testing';
import { getRunDetail, listRuns, requestCancelRun } from '@retrace/domain';
import { describe, expect, it, vi } from 'vitest';
import { useWorkerHarness } from './test-support/worker-harness.ts';
import {
  addSlowTestCase,
  isFinished,
  queueRuns,
  setTestConfig,
  waitForRun,
} from './test-support/worker-world.ts';

const contextsOf = (stats: { browsers: { contexts: number }[] }): number =>
  stats.browsers.reduce((sum, b) => sum + b.contexts, 0);

describe.each(primaryTestDatabaseDriver(process.env))('stopping runs [$name]', (driver) => {
  const h = useWorkerHarness(driver);

  it('a queued run cancelled before it starts fails as cancelled, and no browser is launched', async () => {
    const testCase = await addSlowTestCase(h.world, 'cancelled while queued', 10_000);
    const [queued] = await queueRuns(h.world, h.queue, [testCase.id]);
    const cancelled = await requestCancelRun(h.world.domain, h.world.actor, { runId: queued!.id });
    expect(cancelled).toMatchObject({ state: 'FAILED', failureKind: 'cancelled', startedAt: null });

    // The worker takes the job, finds the run finished, and does nothing with it.
    const worker = await h.startWorker();
    await vi.waitFor(
      async () => {
        const jobs = await h.queue.findRunJobs(queued!.id);
        expect(jobs.map((j) => j.state)).toEqual(['completed']);
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(worker.stats()).toMatchObject({ started: 0, browsers: [] });
    expect(h.world.fixture.hits('/slow/')).toBe(0);
    await worker.stop();
  });

  it('cancelling a running run stops it within seconds: the context closes and the run fails as cancelled', async () => {
    const testCase = await addSlowTestCase(h.world, 'cancelled while running', 60_000);
    const worker = await h.startWorker();
    const [queued] = await queueRuns(h.world, h.queue, [testCase.id]);
    await waitForRun(h.world, queued!.id, (run) => run.state === 'RUNNING');
    await vi.waitFor(() => expect(contextsOf(worker.stats())).toBe(1), { timeout: 15_000 });

    await requestCancelRun(h.world.domain, h.world.actor, { runId: queued!.id });
    // The heartbeat sees the request; the engine's signal closes the context.
    const run = await waitForRun(h.world, queued!.id, isFinished, 10_000);
    expect(run).toMatchObject({ state: 'FAILED', failureKind: 'cancelled', attempt: 1 });
    expect(run.failureMessage).toMatch(/cancelled/);
    // The run is recorded before the job's slot is released: the worker's own bookkeeping follows a moment later.
    await vi.waitFor(
      () => {
        expect(contextsOf(worker.stats())).toBe(0);
        expect(worker.stats().activeRunIds).toEqual([]);
      },
      { timeout: 10_000 },
    );
    const detail = await getRunDetail(h.world.domain, h.world.actor, { runId: run.id });
    expect(detail.history.every((e) => e.historyElementState === 'FAILED')).toBe(true);
    await worker.stop();
  });

  it('a worker stopped mid-run fails the run as infrastructure and another worker runs the next attempt', async () => {
    const testCase = await addSlowTestCase(h.world, 'interrupted by a shutdown', 4_000);
    const leaving = await h.startWorker();
    const [queued] = await queueRuns(h.world, h.queue, [testCase.id]);
    await waitForRun(h.world, queued!.id, (run) => run.state === 'RUNNING');
    await leaving.stop({ graceful: false });
    expect(leaving.stats()).toMatchObject({ state: 'stopped', activeRunIds: [] });
    expect(leaving.stats().browsers.every((b) => !b.connected)).toBe(true);

    const interrupted = await waitForRun(h.world, queued!.id, isFinished, 30_000);
    expect(interrupted).toMatchObject({ state: 'FAILED', failureKind: 'infrastructure' });
    expect(interrupted.failureMessage).toMatch(
      /the worker shut down while the run was in progress — retrying \(attempt 2 of 3\)/,
    );
    const staying = await h.startWorker();
    const batch = await vi.waitFor(
      async () => {
        const page = await listRuns(h.world.domain, h.world.actor, {
          projectId: h.world.projectId,
          batchId: interrupted.batchId,
        });
        const retry = page.items.find((r) => r.retryOfRunId === interrupted.id);
        if (!retry) throw new Error('no retry yet');
        return retry;
      },
      { timeout: 10_000 },
    );
    const retried = await waitForRun(h.world, batch.id, isFinished, 30_000);
    expect(retried).toMatchObject({
      state: 'PASSED',
      attempt: 2,
      workerId: staying.stats().workerId,
    });
    await staying.stop();
  });

  it('a run that outlasts its test config’s time limit fails as timeout', async () => {
    await setTestConfig(h.world, { runTimeoutMs: 2_000 });
    try {
      const testCase = await addSlowTestCase(h.world, 'too slow', 30_000);
      const worker = await h.startWorker();
      const [queued] = await queueRuns(h.world, h.queue, [testCase.id]);
      const run = await waitForRun(h.world, queued!.id, isFinished, 20_000);
      expect(run).toMatchObject({ state: 'FAILED', failureKind: 'timeout', attempt: 1 });
      expect(run.failureMessage).toMatch(/time limit of 2 s/);
      expect(contextsOf(worker.stats())).toBe(0);
      await worker.stop();
    } finally {
      await setTestConfig(h.world, { runTimeoutMs: 600_000 });
    }
  });
});
