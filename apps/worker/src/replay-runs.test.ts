// The worker replays recorded traversals: results, history, screenshots, GIF and live events, on both databases.
import { testDatabaseDrivers } from '@retrace/db/testing';
import { createSecret, getRunDetail, listRuns } from '@retrace/domain';
import type { RunEvent } from '@retrace/queue';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Worker } from './create-worker.ts';
import { LOGIN_PASSWORD, SHOP_CARD_NUMBER } from './test-support/journeys.ts';
import { useWorkerHarness } from './test-support/worker-harness.ts';
import {
  addLoginTestCase,
  addShopTestCase,
  addTestCase,
  isFinished,
  queueRuns,
  recordSteps,
  saveRecorded,
  TEST_CHROMIUM_PATH,
  waitForRun,
} from './test-support/worker-world.ts';

const PIN_STEPS = `
name: A nickname from a PIN
description: Type the PIN as the nickname.
expectedOutcome: The nickname field holds the PIN
startUrl: /widgets/
steps:
  - goal: Type the PIN
    fill: { locator: "getByLabel('Nickname')", value: "<secret>pin</secret>" }
  - goal: Check the field
    assert_value: { locator: "getByLabel('Nickname')", value: "<secret>pin</secret>" }
`;

async function readArtifact(store: { get: (key: string) => Promise<unknown> }, key: string) {
  const stored = (await store.get(key)) as {
    body: AsyncIterable<Buffer>;
    contentType: string;
  } | null;
  if (stored === null) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stored.body) chunks.push(chunk);
  return { bytes: Buffer.concat(chunks), contentType: stored.contentType };
}

describe.each(testDatabaseDrivers(process.env))('the worker replays runs [$name]', (driver) => {
  const h = useWorkerHarness(driver);
  let worker: Worker;
  const infos: { message: string; fields?: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    worker = await h.startWorker(
      { concurrency: 2 },
      {
        log: {
          info: (message, fields) => infos.push({ message, fields }),
          warn: () => undefined,
          error: (message, fields) => console.error(message, fields),
        },
      },
    );
  });
  afterAll(async () => worker?.stop());

  it('a replay run passes with its history, screenshots in storage, its GIF left for later, and its events in order', async () => {
    const { testCase } = await addLoginTestCase(h.world, 'login');
    const recording = await h.recordEvents('*');
    const [queued] = await queueRuns(h.world, h.queue, [testCase.id], 'replay');
    const run = await waitForRun(h.world, queued!.id, isFinished);

    expect(run).toMatchObject({
      state: 'PASSED',
      runType: 'REPLAY',
      failureKind: null,
      attempt: 1,
      repairWasNeeded: false,
      workerId: worker.stats().workerId,
    });
    // The worker says which Chromium it runs (the headless shell where installed) and reports it.
    expect(worker.stats().browsers).toMatchObject([
      {
        name: 'chromium',
        remote: false,
        connected: true,
        executablePath: TEST_CHROMIUM_PATH,
        version: expect.stringMatching(/^\d+\./),
      },
    ]);
    expect(infos).toContainEqual({
      message: 'launched the browser',
      fields: {
        browser: 'chromium',
        version: expect.stringMatching(/^\d+\./),
        executable: TEST_CHROMIUM_PATH,
      },
    });
    const detail = await getRunDetail(h.world.domain, h.world.actor, { runId: run.id });
    expect(detail.history.map((e) => [e.idx, e.historyElementState, e.locateMethod])).toEqual([
      [0, 'PASSED', 'locator'],
      [1, 'PASSED', 'locator'],
      [2, 'PASSED', 'locator'],
      [3, 'PASSED', 'none'],
    ]);
    expect(detail.history.map((e) => e.caption)).toEqual([
      'Enter the user name',
      'Enter the password',
      'Sign in',
      'Check the greeting',
    ]);
    // The recorded action keeps the placeholder; the typed value is nowhere in the run.
    expect(detail.history[1]?.action.action).toMatchObject({ text: '<secret>password</secret>' });
    expect(JSON.stringify(detail)).not.toContain(LOGIN_PASSWORD);
    for (const element of detail.history) {
      expect(element.screenshot).toBe(
        `runs/${run.id}/steps/${String(element.idx).padStart(3, '0')}.jpg`,
      );
      const shot = await readArtifact(h.world.artifacts, element.screenshot!);
      expect(shot?.contentType).toBe('image/jpeg');
      expect(shot?.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    }
    // A passed run names its GIF, but the API renders it only when someone opens it (runGif: 'failures').
    expect(run.runGif).toBe(`runs/${run.id}/run.gif`);
    expect(await h.world.artifacts.exists(run.runGif!)).toBe(false);
    expect(detail.cost).toBeNull();

    // Events are best effort over NOTIFY; they arrive shortly after the database says PASSED.
    const mine = (): RunEvent[] => recording.events.filter((e) => e.runId === run.id);
    await vi.waitFor(
      () => expect(mine().at(-1)).toMatchObject({ type: 'state', state: 'PASSED' }),
      {
        timeout: 10_000,
      },
    );
    const events = mine();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(events[0]).toMatchObject({ type: 'state', state: 'RUNNING', projectId: run.projectId });
    const steps = events.filter((e) => e.type === 'step_started' || e.type === 'step_finished');
    expect(steps.map((e) => `${e.type}:${e.stepIdx}`)).toEqual([
      'step_started:0',
      'step_finished:0',
      'step_started:1',
      'step_finished:1',
      'step_started:2',
      'step_finished:2',
      'step_started:3',
      'step_finished:3',
    ]);
    const screenshots = events.flatMap((e) => (e.type === 'screenshot' ? [e] : []));
    expect(screenshots.map((e) => e.artifactKey).sort()).toEqual(
      detail.history.map((e) => e.screenshot).sort(),
    );
    // A screenshot event comes after its step finished, and names a stored object.
    for (const shot of screenshots) {
      const finished = events.findIndex(
        (e) => e.type === 'step_finished' && e.stepIdx === shot.stepIdx,
      );
      expect(events.indexOf(shot)).toBeGreaterThan(finished);
    }
    expect(JSON.stringify(events)).not.toContain(LOGIN_PASSWORD);
  });

  it('a secret of one digit (a PIN) among the timestamps: the run passes with its history times intact', async () => {
    await createSecret(h.world.domain, h.world.actor, {
      projectId: h.world.projectId,
      name: 'pin',
      value: '4',
    });
    const traversal = await recordSteps(h.world, PIN_STEPS, new Map([['pin', '4']]));
    const testCase = await addTestCase(h.world, { name: 'pin', urlRoute: '/widgets/' });
    await saveRecorded(h.world, testCase.id, traversal);
    const [queued] = await queueRuns(h.world, h.queue, [testCase.id], 'replay');
    const run = await waitForRun(h.world, queued!.id, isFinished);
    expect(run).toMatchObject({ state: 'PASSED', failureKind: null });
    const detail = await getRunDetail(h.world.domain, h.world.actor, { runId: run.id });
    expect(detail.history.map((e) => e.historyElementState)).toEqual(['PASSED', 'PASSED']);
    expect(detail.history[0]?.action.action).toMatchObject({ text: '<secret>pin</secret>' });
    for (const element of detail.history) {
      const started = Date.parse(String(element.actionStartedAt));
      expect(started).toBeGreaterThanOrEqual(Date.parse(String(run.startedAt)));
      expect(Date.parse(String(element.actionFinishedAt))).toBeGreaterThanOrEqual(started);
    }
  });

  it('a replay on a bug variant fails as assertion_failed and is not retried', async () => {
    const { testCase } = await addShopTestCase(h.world, 'wrong-total');
    const [queued] = await queueRuns(h.world, h.queue, [testCase.id], 'auto');
    const run = await waitForRun(h.world, queued!.id, isFinished, 120_000);

    expect(run).toMatchObject({ state: 'FAILED', failureKind: 'assertion_failed', attempt: 1 });
    expect(run.failureMessage).toMatch(/Total: \$112\.00/);
    const detail = await getRunDetail(h.world.domain, h.world.actor, { runId: run.id });
    expect(detail.history.at(-1)?.historyElementState).toBe('FAILED');
    expect(detail.history.slice(0, -1).every((e) => e.historyElementState === 'PASSED')).toBe(true);
    expect(JSON.stringify(detail)).not.toContain(SHOP_CARD_NUMBER);
    // A failed run's GIF is rendered as it ends, ready for whoever follows the failure.
    expect(run.runGif).toBe(`runs/${run.id}/run.gif`);
    const gif = await readArtifact(h.world.artifacts, run.runGif!);
    expect(gif?.contentType).toBe('image/gif');
    expect(gif?.bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    // No second attempt: neither a retry run in the batch nor another delivery of the job.
    const batch = await listRuns(h.world.domain, h.world.actor, {
      projectId: h.world.projectId,
      batchId: run.batchId,
    });
    expect(batch.items.map((r) => r.id)).toEqual([run.id]);
    const jobs = await h.queue.findRunJobs(run.id);
    expect(jobs.map((j) => [j.state, j.attempt])).toEqual([['completed', 1]]);
  });

  it('with runGif: always, a passed run renders and stores its GIF as it ends', async () => {
    await worker.stop();
    worker = await h.startWorker({ concurrency: 2, runGif: 'always' });
    const { testCase } = await addLoginTestCase(h.world, 'login');
    const [queued] = await queueRuns(h.world, h.queue, [testCase.id], 'replay');
    const run = await waitForRun(h.world, queued!.id, isFinished);
    expect(run.state).toBe('PASSED');
    const gif = await readArtifact(h.world.artifacts, run.runGif!);
    expect(gif?.bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  });
});
