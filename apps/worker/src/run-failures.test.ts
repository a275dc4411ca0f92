// Runs that cannot be carried out, infrastructure retries, dead jobs and stale heartbeats: nothing stays unfinished.
import { primaryTestDatabaseDriver } from '@retrace/db/testing';
import { type RunView, createRuns, listRuns, startRun } from '@retrace/domain';
import { describe, expect, it, vi } from 'vitest';
import { useWorkerHarness } from './test-support/worker-harness.ts';
import {
  addLoginTestCase,
  addTestCase,
  isFinished,
  queueRuns,
  waitForRun,
} from './test-support/worker-world.ts';

describe.each(primaryTestDatabaseDriver(process.env))('runs that fail [$name]', (driver) => {
  const h = useWorkerHarness(driver);

  /** The next attempt of a run: queued right after the run is failed, so it is waited for. */
  const retryOf = (run: RunView): Promise<RunView> =>
    vi.waitFor(
      async () => {
        const batch = await listRuns(h.world.domain, h.world.actor, {
          projectId: h.world.projectId,
          batchId: run.batchId,
        });
        const found = batch.items.find((r) => r.retryOfRunId === run.id);
        if (!found) throw new Error('no retry run yet');
        return found;
      },
      { timeout: 10_000, interval: 100 },
    );

  it('replay without a recorded traversal fails at once, says how to record one, and is not retried', async () => {
    const testCase = await addTestCase(h.world, { name: 'never recorded', urlRoute: '/login/' });
    const worker = await h.startWorker();
    const [queued] = await queueRuns(h.world, h.queue, [testCase.id], 'replay');
    const run = await waitForRun(h.world, queued!.id, isFinished);
    expect(run).toMatchObject({ state: 'FAILED', failureKind: 'infrastructure', startedAt: null });
    expect(run.failureMessage).toMatch(
      /no verified traversal .* record it first \(run it in agentic mode or import a steps file\)/,
    );
    const jobs = await h.queue.findRunJobs(run.id);
    expect(jobs.map((j) => [j.state, j.attempt])).toEqual([['completed', 1]]);
    expect(worker.stats().browsers).toEqual([]);
    await worker.stop();
  });

  it('an agentic run without a configured model fails with a message that says what to configure', async () => {
    const testCase = await addTestCase(h.world, { name: 'agent wanted', urlRoute: '/login/' });
    const worker = await h.startWorker();
    const [queued] = await queueRuns(h.world, h.queue, [testCase.id], 'agentic');
    const run = await waitForRun(h.world, queued!.id, isFinished);
    expect(run).toMatchObject({ state: 'FAILED', failureKind: 'infrastructure', startedAt: null });
    expect(run.failureMessage).toMatch(
      /needs a language model.*set an LLM provider and model on the test config/,
    );
    await worker.stop();
  });

  it('a browser that cannot be reached fails the attempt as infrastructure and retries up to the limit', async () => {
    const { testCase } = await addLoginTestCase(h.world, 'unreachable browser');
    const worker = await h.startWorker({
      maxRunAttempts: 2,
      browser: {
        remote: { protocol: 'cdp', endpointURL: 'http://127.0.0.1:9' },
        launchTimeoutMs: 2_000,
      },
    });
    const [queued] = await queueRuns(h.world, h.queue, [testCase.id]);
    const first = await waitForRun(h.world, queued!.id, isFinished);
    expect(first).toMatchObject({ state: 'FAILED', failureKind: 'infrastructure', attempt: 1 });
    expect(first.failureMessage).toMatch(/browser was not available.*retrying \(attempt 2 of 2\)/);

    const second = await waitForRun(h.world, (await retryOf(first)).id, isFinished);
    expect(second).toMatchObject({ state: 'FAILED', failureKind: 'infrastructure', attempt: 2 });
    expect(second.failureMessage).toMatch(/no attempts left \(2 of 2\)/);
    const batch = await listRuns(h.world.domain, h.world.actor, {
      projectId: h.world.projectId,
      batchId: first.batchId,
    });
    expect(batch.items).toHaveLength(2);
    expect(worker.stats()).toMatchObject({ retried: 1 });
    await worker.stop();
  });

  it('a dead-lettered run job fails its run as infrastructure with the queue’s reason', async () => {
    const { testCase } = await addLoginTestCase(h.world, 'dead job');
    const [run] = await createRuns(h.world.domain, h.world.actor, {
      projectId: h.world.projectId,
      selection: { kind: 'test_cases', testCaseIds: [testCase.id] },
    });
    // What the queue sends when a run's job failed for good.
    await h.queue.enqueue('run-dead', { runId: run!.id });
    const worker = await h.startWorker();
    const failed = await waitForRun(h.world, run!.id, isFinished);
    expect(failed).toMatchObject({ state: 'FAILED', failureKind: 'infrastructure' });
    expect(failed.failureMessage).toMatch(/the run's job failed for good after 1 attempt\(s\)/);
    expect(worker.stats().recovered).toBe(1);
    await worker.stop();
  });

  it('a RUNNING run whose worker stopped sending heartbeats is recovered by the sweeper and retried', async () => {
    const { testCase } = await addLoginTestCase(h.world, 'ghost worker');
    const [run] = await createRuns(h.world.domain, h.world.actor, {
      projectId: h.world.projectId,
      selection: { kind: 'test_cases', testCaseIds: [testCase.id] },
    });
    // A worker that started the run a minute ago and then vanished without a trace (no job either).
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await startRun({ ...h.world.domain, clock: () => aMinuteAgo }, h.world.actor, {
      runId: run!.id,
      workerId: 'ghost#000000',
      runType: 'REPLAY',
    });
    const worker = await h.startWorker({ staleRunAfterSeconds: 5, sweepIntervalSeconds: 1 });
    const lost = await waitForRun(h.world, run!.id, isFinished, 30_000);
    expect(lost).toMatchObject({ state: 'FAILED', failureKind: 'infrastructure' });
    expect(lost.failureMessage).toMatch(
      /the worker running this run \(ghost#000000\) stopped sending heartbeats \d+ s ago .* retrying \(attempt 2 of 3\)/,
    );
    const passed = await waitForRun(h.world, (await retryOf(lost)).id, isFinished);
    expect(passed).toMatchObject({ state: 'PASSED', attempt: 2 });
    expect(worker.stats().recovered).toBeGreaterThanOrEqual(1);
    await worker.stop();
  });
});
