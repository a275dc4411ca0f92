// Runs: queued for a selection, guarded state transitions, cancel, heartbeats, recovery and retries.
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtinBrowserConfigId,
  DEFAULT_BROWSER_CONFIG_ID,
} from '../browser-configs/builtin-browser-configs.ts';
import { isDomainError } from '../errors/domain-error.ts';
import { createTag } from '../tags/create-tag.ts';
import { addTestCase, queuedRun, runIn } from '../test-support/runs.ts';
import { createWorld, expectDomainError, type World } from '../test-support/world.ts';
import { createRetryRun } from './create-retry-run.ts';
import { createRuns } from './create-runs.ts';
import { findStaleRuns } from './find-stale-runs.ts';
import { finishRun } from './finish-run.ts';
import { heartbeatRun } from './heartbeat-run.ts';
import { requestCancelRun } from './request-cancel-run.ts';
import type { RunView } from './run-view.ts';
import { startRun } from './start-run.ts';

const PHONE = builtinBrowserConfigId('phone-pixel-7');
const TABLET = builtinBrowserConfigId('tablet-ipad');

type RunState = RunView['state'];

describe.each(testDatabaseDrivers(process.env))('run lifecycle [$name]', (driver) => {
  let database: TestDatabase;
  const deps = () => ({ db: database.db });
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(async () => database.dispose());

  it('queues one run per test case × linked browser config, with the default test config and one batch', async () => {
    const world = await createWorld(database.db);
    const a = await addTestCase(database.db, world, 'a', {
      browserConfigIds: [DEFAULT_BROWSER_CONFIG_ID, PHONE],
    });
    const b = await addTestCase(database.db, world, 'b');
    const runs = await createRuns(deps(), world.member, {
      projectId: world.project.id,
      selection: { kind: 'project' },
      mode: 'replay',
    });
    expect(runs.map((r) => [r.testCaseId, r.browserConfigId]).sort()).toEqual(
      [
        [a.id, DEFAULT_BROWSER_CONFIG_ID],
        [a.id, PHONE],
        [b.id, DEFAULT_BROWSER_CONFIG_ID],
      ].sort(),
    );
    expect(new Set(runs.map((r) => r.batchId)).size).toBe(1);
    expect(runs.every((r) => r.state === 'QUEUED' && r.modeRequested === 'replay')).toBe(true);
    expect(
      runs.every((r) => r.testTraversalId === null && r.runType === null && r.costId === null),
    ).toBe(true);
    expect(new Set(runs.map((r) => r.testConfigId)).size).toBe(1);
  });

  it('queues by tag, and for given browser configs instead of the linked ones', async () => {
    const world = await createWorld(database.db);
    const tag = await createTag(deps(), world.member, {
      projectId: world.project.id,
      name: 'smoke',
      color: '#ff0000',
    });
    const tagged = await addTestCase(database.db, world, 'tagged', { tagIds: [tag.id] });
    await addTestCase(database.db, world, 'untagged');
    const runs = await createRuns(deps(), world.member, {
      projectId: world.project.id,
      selection: { kind: 'tag', tagId: tag.id },
      browserConfigIds: [PHONE, TABLET],
      batchId: 'ci-42',
    });
    expect(runs.map((r) => [r.testCaseId, r.browserConfigId, r.batchId]).sort()).toEqual(
      [
        [tagged.id, PHONE, 'ci-42'],
        [tagged.id, TABLET, 'ci-42'],
      ].sort(),
    );
  });

  it('refuses an empty selection with NOTHING_TO_RUN and unknown test cases with NOT_FOUND', async () => {
    const world = await createWorld(database.db);
    await expectDomainError(
      createRuns(deps(), world.member, {
        projectId: world.project.id,
        selection: { kind: 'project' },
      }),
      'NOTHING_TO_RUN',
    );
    await expectDomainError(
      createRuns(deps(), world.member, {
        projectId: world.project.id,
        selection: { kind: 'test_cases', testCaseIds: ['missing'] },
      }),
      'NOT_FOUND',
    );
  });

  it('guest cannot queue runs', async () => {
    const world = await createWorld(database.db);
    await addTestCase(database.db, world, 'x');
    await expectDomainError(
      createRuns(deps(), world.guest, {
        projectId: world.project.id,
        selection: { kind: 'project' },
      }),
      'FORBIDDEN',
    );
  });

  const attempts: { to: string; apply: (world: World, run: RunView) => Promise<unknown> }[] = [
    {
      to: 'RUNNING',
      apply: (w, r) =>
        startRun(deps(), w.system, { runId: r.id, workerId: 'w2', runType: 'REPLAY' }),
    },
    {
      to: 'PASSED',
      apply: (w, r) => finishRun(deps(), w.system, { runId: r.id, state: 'PASSED' }),
    },
    {
      to: 'FAILED(assertion_failed)',
      apply: (w, r) =>
        finishRun(deps(), w.system, {
          runId: r.id,
          state: 'FAILED',
          failureKind: 'assertion_failed',
          failureMessage: 'no',
        }),
    },
    {
      to: 'FAILED(cancelled)',
      apply: (w, r) =>
        finishRun(deps(), w.system, {
          runId: r.id,
          state: 'FAILED',
          failureKind: 'cancelled',
          failureMessage: 'stopped',
        }),
    },
    {
      to: 'FAILED(infrastructure)',
      apply: (w, r) =>
        finishRun(deps(), w.system, {
          runId: r.id,
          state: 'FAILED',
          failureKind: 'infrastructure',
          failureMessage: 'browser crashed',
        }),
    },
  ];
  const allowed = new Set([
    'QUEUED→RUNNING',
    'QUEUED→FAILED(cancelled)',
    'QUEUED→FAILED(infrastructure)',
    'RUNNING→PASSED',
    'RUNNING→FAILED(assertion_failed)',
    'RUNNING→FAILED(cancelled)',
    'RUNNING→FAILED(infrastructure)',
  ]);
  const states: RunState[] = ['QUEUED', 'RUNNING', 'PASSED', 'FAILED'];
  const matrix = states.flatMap((from) => attempts.map((attempt) => ({ from, ...attempt })));

  it.each(matrix)(
    'transition $from → $to follows the state machine',
    async ({ from, to, apply }) => {
      const world = await createWorld(database.db);
      const run = await runIn(database.db, world, from);
      const outcome = await apply(world, run).then(
        () => 'ok',
        (e: unknown) => (isDomainError(e) ? e.code : String(e)),
      );
      expect(outcome).toBe(allowed.has(`${from}→${to}`) ? 'ok' : 'INVALID_STATE_TRANSITION');
    },
  );

  it('two workers racing to start one run: exactly one wins', async () => {
    const world = await createWorld(database.db);
    const run = await queuedRun(database.db, world);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        startRun(deps(), world.system, { runId: run.id, workerId: `w${i}`, runType: 'AGENTIC' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const losers = results.filter((r) => r.status === 'rejected');
    expect(losers.every((r) => isDomainError(r.reason, 'INVALID_STATE_TRANSITION'))).toBe(true);
  });

  it('a FAILED finish needs a failure kind and message; PASSED needs none', async () => {
    const world = await createWorld(database.db);
    const run = await runIn(database.db, world, 'RUNNING');
    await expectDomainError(
      // The missing fields are the point of the test.
      finishRun(deps(), world.system, { runId: run.id, state: 'FAILED' } as never),
      'VALIDATION_FAILED',
    );
    const passed = await finishRun(deps(), world.system, {
      runId: run.id,
      state: 'PASSED',
      repairWasNeeded: true,
      runGif: 'runs/x.gif',
    });
    expect(passed).toMatchObject({
      state: 'PASSED',
      failureKind: null,
      repairWasNeeded: true,
      runGif: 'runs/x.gif',
    });
    expect(passed.finishedAt).toBeInstanceOf(Date);
  });

  it('only the worker that started a run may finish it when it says who it is', async () => {
    const world = await createWorld(database.db);
    const run = await runIn(database.db, world, 'RUNNING');
    await expectDomainError(
      finishRun(deps(), world.system, { runId: run.id, state: 'PASSED', workerId: 'someone-else' }),
      'INVALID_STATE_TRANSITION',
    );
    await finishRun(deps(), world.system, { runId: run.id, state: 'PASSED', workerId: 'w1' });
  });

  it('cancelling a queued run fails it at once; a running one is flagged for its worker', async () => {
    const world = await createWorld(database.db);
    const queued = await queuedRun(database.db, world);
    const cancelled = await requestCancelRun(deps(), world.member, { runId: queued.id });
    expect(cancelled).toMatchObject({ state: 'FAILED', failureKind: 'cancelled' });
    await expectDomainError(
      startRun(deps(), world.system, { runId: queued.id, workerId: 'w', runType: 'AGENTIC' }),
      'INVALID_STATE_TRANSITION',
    );

    const running = await runIn(database.db, world, 'RUNNING');
    expect(await heartbeatRun(deps(), world.system, { runId: running.id, workerId: 'w1' })).toEqual(
      {
        cancelRequested: false,
      },
    );
    const flagged = await requestCancelRun(deps(), world.member, { runId: running.id });
    expect(flagged.state).toBe('RUNNING');
    expect(flagged.cancelRequestedAt).toBeInstanceOf(Date);
    await requestCancelRun(deps(), world.member, { runId: running.id });
    expect(await heartbeatRun(deps(), world.system, { runId: running.id, workerId: 'w1' })).toEqual(
      {
        cancelRequested: true,
      },
    );
    await finishRun(deps(), world.system, {
      runId: running.id,
      state: 'FAILED',
      failureKind: 'cancelled',
      failureMessage: 'cancelled by a user',
    });
    await expectDomainError(
      requestCancelRun(deps(), world.member, { runId: running.id }),
      'INVALID_STATE_TRANSITION',
    );
  });

  it('a heartbeat from a worker that lost the run is refused', async () => {
    const world = await createWorld(database.db);
    const run = await runIn(database.db, world, 'RUNNING');
    await expectDomainError(
      heartbeatRun(deps(), world.system, { runId: run.id, workerId: 'not-w1' }),
      'INVALID_STATE_TRANSITION',
    );
  });

  it('finds runs whose heartbeat is older than a cut-off, across organizations, for the system actor only', async () => {
    let now = new Date('2030-01-01T00:00:00.000Z');
    const clockDeps = () => ({ db: database.db, clock: () => now });
    const a = await createWorld(database.db);
    const b = await createWorld(database.db);
    const runA = await queuedRun(database.db, a);
    const runB = await queuedRun(database.db, b);
    await startRun(clockDeps(), a.system, { runId: runA.id, workerId: 'wa', runType: 'AGENTIC' });
    await startRun(clockDeps(), b.system, { runId: runB.id, workerId: 'wb', runType: 'AGENTIC' });
    now = new Date('2030-01-01T00:10:00.000Z');
    await heartbeatRun(clockDeps(), b.system, { runId: runB.id, workerId: 'wb' });
    const stale = await findStaleRuns(deps(), a.system, {
      olderThan: new Date('2030-01-01T00:05:00.000Z'),
      limit: 1000,
    });
    const ids = stale.map((s) => s.runId);
    expect(ids).toContain(runA.id);
    expect(ids).not.toContain(runB.id);
    expect(stale.find((s) => s.runId === runA.id)).toMatchObject({
      organizationId: a.organizationId,
      workerId: 'wa',
    });
    await expectDomainError(findStaleRuns(deps(), a.admin, { olderThan: now }), 'FORBIDDEN');
  });

  it('a run failed for infrastructure is retried as a new attempt; others are not', async () => {
    const world = await createWorld(database.db);
    const run = await runIn(database.db, world, 'RUNNING');
    await finishRun(deps(), world.system, {
      runId: run.id,
      state: 'FAILED',
      failureKind: 'infrastructure',
      failureMessage: 'worker lost',
    });
    const retry = await createRetryRun(deps(), world.system, { runId: run.id });
    expect(retry).toMatchObject({
      state: 'QUEUED',
      attempt: 2,
      retryOfRunId: run.id,
      batchId: run.batchId,
      testCaseId: run.testCaseId,
      browserConfigId: run.browserConfigId,
    });
    const assertionFailure = await runIn(database.db, world, 'FAILED');
    await expectDomainError(
      createRetryRun(deps(), world.system, { runId: assertionFailure.id }),
      'INVALID_STATE_TRANSITION',
    );
  });
});
