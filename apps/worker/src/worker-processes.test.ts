// Worker processes sharing one PostgreSQL server: a killed worker's run is recovered, and no run executes twice.
import { openServerTestDatabase, type TestDatabase } from '@retrace/db/testing';
import { getRunDetail, listRuns } from '@retrace/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type WorkerProcess, spawnWorkerProcess } from './test-support/spawn-worker-process.ts';
import {
  TEST_CHROMIUM_PATH,
  type WorkerWorld,
  addLoginTestCase,
  addSlowTestCase,
  createWorkerWorld,
  isFinished,
  queueRuns,
  waitForRun,
} from './test-support/worker-world.ts';
import { openQueueOn } from './test-support/worker-harness.ts';
import type { JobQueue } from '@retrace/queue';

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('worker processes on one PostgreSQL server', () => {
  let database: TestDatabase;
  let queue: JobQueue;
  let world: WorkerWorld;
  const processes: WorkerProcess[] = [];

  const spawnWorker = async (name: string, concurrency: number): Promise<WorkerProcess> => {
    const worker = await spawnWorkerProcess({
      databaseUrl: database.url ?? '',
      secretKey: world.secretKey,
      artifactDir: world.artifactDir,
      // Production timings for the queue and the recovery: what a real deployment gets.
      options: {
        workerId: name,
        concurrency,
        browser: { executablePath: TEST_CHROMIUM_PATH },
      },
    });
    processes.push(worker);
    return worker;
  };

  beforeAll(async () => {
    database = await openServerTestDatabase(serverUrl ?? '');
    queue = openQueueOn(database);
    await queue.start();
    world = await createWorkerWorld(database.db);
  });
  afterEach(async () => {
    // A test's workers never take the next test's runs.
    await Promise.all(processes.splice(0).map((worker) => worker.kill()));
  });
  afterAll(async () => {
    await queue?.stop({ graceful: false, timeoutMs: 1_000 });
    await world?.close();
    await database?.dispose();
  });

  it('a worker killed with -9 mid-run: its run is failed as infrastructure within 60 s and retried by another worker', async () => {
    const testCase = await addSlowTestCase(world, 'killed mid-run', 20_000);
    const victim = await spawnWorker('victim', 1);
    const [queued] = await queueRuns(world, queue, [testCase.id]);
    const running = await waitForRun(world, queued!.id, (run) => run.state === 'RUNNING');
    expect(running.workerId).toBe(victim.workerId);

    await victim.kill();
    const killedAt = Date.now();
    const rescuer = await spawnWorker('rescuer', 1);
    const lost = await waitForRun(world, queued!.id, isFinished, 60_000);
    const recoveredAfterMs = Date.now() - killedAt;
    console.log(
      `kill -9 recovery: the lost run was failed ${Math.round(recoveredAfterMs / 1000)} s after the kill`,
    );
    expect(lost).toMatchObject({ state: 'FAILED', failureKind: 'infrastructure', attempt: 1 });
    expect(lost.failureMessage).toContain(`(${victim.workerId})`);
    expect(lost.failureMessage).toMatch(/retrying \(attempt 2 of 3\)/);

    // The next attempt is queued right after the lost one is failed.
    const retry = await vi.waitFor(
      async () => {
        const batch = await listRuns(world.domain, world.actor, {
          projectId: world.projectId,
          batchId: lost.batchId,
        });
        const found = batch.items.find((r) => r.retryOfRunId === lost.id);
        if (!found) throw new Error('no retry run yet');
        return found;
      },
      { timeout: 10_000, interval: 100 },
    );
    const passed = await waitForRun(world, retry.id, isFinished, 90_000);
    expect(passed).toMatchObject({ state: 'PASSED', attempt: 2, workerId: rescuer.workerId });
    await rescuer.stop();
  });

  it('two worker processes share many queued runs and execute each exactly once', async () => {
    const first = await addLoginTestCase(world, 'shared 0');
    const cases = [first.testCase];
    for (let i = 1; i < 12; i++)
      cases.push((await addLoginTestCase(world, `shared ${i}`, first.traversal)).testCase);
    const [a, b] = await Promise.all([spawnWorker('worker-a', 2), spawnWorker('worker-b', 2)]);
    const runs = await queueRuns(
      world,
      queue,
      cases.map((c) => c.id),
      'replay',
    );
    const finished = await Promise.all(
      runs.map((run) => waitForRun(world, run.id, isFinished, 180_000)),
    );

    expect(finished.map((r) => r.state)).toEqual(runs.map(() => 'PASSED'));
    // Each run was started once (one attempt, one worker) and its four actions were recorded once.
    expect(finished.every((r) => r.attempt === 1)).toBe(true);
    const batch = await listRuns(world.domain, world.actor, {
      projectId: world.projectId,
      batchId: runs[0]!.batchId,
      limit: 100,
    });
    expect(batch.items).toHaveLength(runs.length);
    for (const run of finished) {
      const detail = await getRunDetail(world.domain, world.actor, { runId: run.id });
      expect(detail.history.map((e) => e.idx)).toEqual([0, 1, 2, 3]);
      expect((await queue.findRunJobs(run.id)).map((j) => j.state)).toEqual(['completed']);
    }
    // Each test case's start page was opened exactly once: no run was executed a second time.
    for (const testCase of cases) {
      const hits = world.fixture.requests.filter((r) => r.url === testCase.urlRoute).length;
      expect(hits, testCase.urlRoute).toBe(1);
    }
    const byWorker = new Map<string, number>();
    for (const run of finished)
      byWorker.set(run.workerId ?? '', (byWorker.get(run.workerId ?? '') ?? 0) + 1);
    console.log('runs per worker process:', Object.fromEntries(byWorker));
    expect([...byWorker.keys()].sort()).toEqual([a!.workerId, b!.workerId].sort());
    expect(await Promise.all([a!.stop(), b!.stop()])).toEqual([0, 0]);
  });
});
