// Run records: ordered history tied to recorded actions, the run's traversal, its cost and deletion.
import { eq } from 'drizzle-orm';
import { historyElements, testRuns } from '@retrace/db';
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BROWSER_CONFIG_ID } from '../browser-configs/builtin-browser-configs.ts';
import { recordCost } from '../costs/record-cost.ts';
import { addTestCase, queuedRun, runIn } from '../test-support/runs.ts';
import { traversalInput } from '../test-support/traversal-input.ts';
import { createWorld, expectDomainError } from '../test-support/world.ts';
import { saveTraversal } from '../traversals/save-traversal.ts';
import { deleteRun } from './delete-run.ts';
import { finishRun } from './finish-run.ts';
import { getRunDetail } from './get-run-detail.ts';
import { recordHistoryElement, recordHistoryElements } from './record-history-elements.ts';
import { setRunGif } from './set-run-gif.ts';
import { startRun } from './start-run.ts';

describe.each(testDatabaseDrivers(process.env))('run history [$name]', (driver) => {
  let database: TestDatabase;
  const deps = () => ({ db: database.db });
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(async () => database.dispose());

  it('a run can only replay a traversal of its own test case and browser config', async () => {
    const world = await createWorld(database.db);
    const run = await queuedRun(database.db, world);
    const other = await addTestCase(database.db, world, 'other');
    const foreign = await saveTraversal(
      deps(),
      world.system,
      traversalInput(other.id, DEFAULT_BROWSER_CONFIG_ID),
    );
    await expectDomainError(
      startRun(deps(), world.system, {
        runId: run.id,
        workerId: 'w',
        runType: 'REPLAY',
        testTraversalId: foreign.id,
      }),
      'VALIDATION_FAILED',
    );
    const own = await saveTraversal(
      deps(),
      world.system,
      traversalInput(run.testCaseId, DEFAULT_BROWSER_CONFIG_ID),
    );
    const started = await startRun(deps(), world.system, {
      runId: run.id,
      workerId: 'w',
      runType: 'REPLAY',
      testTraversalId: own.id,
    });
    expect(started).toMatchObject({ state: 'RUNNING', testTraversalId: own.id, runType: 'REPLAY' });
  });

  it('records an ordered history and returns it with actions, step goals and the cost', async () => {
    const world = await createWorld(database.db);
    const run = await queuedRun(database.db, world);
    const traversal = await saveTraversal(
      deps(),
      world.system,
      traversalInput(run.testCaseId, DEFAULT_BROWSER_CONFIG_ID),
    );
    const [first, second] = traversal.brainStates;
    const actionIds = [first?.actions[0]?.id, first?.actions[1]?.id, second?.actions[1]?.id];
    await expectDomainError(
      recordHistoryElement(deps(), world.system, {
        runId: run.id,
        idx: 0,
        actionId: actionIds[0] ?? '',
        actionStartedAt: new Date(),
        state: 'PASSED',
        locateMethod: 'none',
      }),
      'INVALID_STATE_TRANSITION',
    );
    await startRun(deps(), world.system, {
      runId: run.id,
      workerId: 'w',
      runType: 'REPLAY',
      testTraversalId: traversal.id,
    });
    const started = new Date('2026-01-01T10:00:00.123Z');
    await recordHistoryElements(deps(), world.system, {
      runId: run.id,
      elements: [2, 0, 1].map((idx) => ({
        idx,
        actionId: actionIds[idx] ?? '',
        actionStartedAt: new Date(started.getTime() + idx * 1000),
        actionFinishedAt: new Date(started.getTime() + idx * 1000 + 500),
        state: idx === 2 ? 'FAILED' : 'PASSED',
        screenshot: `runs/${run.id}/${idx}.png`,
        locateMethod: idx === 1 ? 'healed' : 'locator',
        healScore: idx === 1 ? 0.91 : null,
        error: idx === 2 ? 'Pay button disabled' : null,
        elementBox: { x: 1, y: 2, width: 3, height: 4 },
        caption: `step ${idx}`,
      })),
    });
    await expectDomainError(
      recordHistoryElement(deps(), world.system, {
        runId: run.id,
        idx: 1,
        actionId: actionIds[0] ?? '',
        actionStartedAt: new Date(),
        state: 'PASSED',
        locateMethod: 'locator',
      }),
      'HISTORY_ELEMENT_EXISTS',
    );
    await recordCost(deps(), world.system, {
      runId: run.id,
      modelType: 'gpt-test',
      inputTokens: 1000,
      completionTokens: 200,
      inputPricePerToken: 0.000001,
      outputPricePerToken: 0.000004,
    });
    await finishRun(deps(), world.system, {
      runId: run.id,
      state: 'FAILED',
      failureKind: 'assertion_failed',
      failureMessage: 'order not confirmed',
    });
    const detail = await getRunDetail(deps(), world.guest, { runId: run.id });
    expect(
      detail.history.map((h) => [
        h.idx,
        h.historyElementState,
        h.locateMethod,
        h.action.id,
        h.stepGoal,
      ]),
    ).toEqual([
      [0, 'PASSED', 'locator', actionIds[0], 'open the cart'],
      [1, 'PASSED', 'healed', actionIds[1], 'open the cart'],
      [2, 'FAILED', 'locator', actionIds[2], 'log in and pay'],
    ]);
    expect(detail.history[1]?.healScore).toBeCloseTo(0.91, 5);
    expect(detail.history[0]?.actionStartedAt).toEqual(started);
    expect(detail.cost).toMatchObject({
      modelType: 'gpt-test',
      inputTokenNum: 1000,
      completionTokenNum: 200,
    });
    expect(detail.cost?.costInDollars).toBeCloseTo(0.0018, 10);
    expect(detail.run.costId).toBe(detail.cost?.id);
    await expectDomainError(
      recordCost(deps(), world.system, {
        runId: run.id,
        modelType: 'gpt-test',
        inputTokens: 1,
        completionTokens: 1,
        inputPricePerToken: 0,
        outputPricePerToken: 0,
      }),
      'COST_ALREADY_RECORDED',
    );
  });

  it('refuses history that points at actions of another test case', async () => {
    const world = await createWorld(database.db);
    const run = await runIn(database.db, world, 'RUNNING');
    const other = await addTestCase(database.db, world, 'other');
    const foreign = await saveTraversal(
      deps(),
      world.system,
      traversalInput(other.id, DEFAULT_BROWSER_CONFIG_ID),
    );
    await expectDomainError(
      recordHistoryElement(deps(), world.system, {
        runId: run.id,
        idx: 0,
        actionId: foreign.brainStates[0]?.actions[0]?.id ?? '',
        actionStartedAt: new Date(),
        state: 'PASSED',
        locateMethod: 'locator',
      }),
      'VALIDATION_FAILED',
    );
  });

  it('a run without a cost has costId null', async () => {
    const world = await createWorld(database.db);
    const run = await runIn(database.db, world, 'PASSED');
    const detail = await getRunDetail(deps(), world.guest, { runId: run.id });
    expect(detail.run.costId).toBeNull();
    expect(detail.cost).toBeNull();
  });

  it('deleting a run removes its history and cost and hands back its artifact keys', async () => {
    const world = await createWorld(database.db);
    const run = await queuedRun(database.db, world);
    const traversal = await saveTraversal(
      deps(),
      world.system,
      traversalInput(run.testCaseId, DEFAULT_BROWSER_CONFIG_ID),
    );
    await startRun(deps(), world.system, { runId: run.id, workerId: 'w', runType: 'REPLAY' });
    await recordHistoryElement(deps(), world.system, {
      runId: run.id,
      idx: 0,
      actionId: traversal.brainStates[0]?.actions[0]?.id ?? '',
      actionStartedAt: new Date(),
      state: 'PASSED',
      locateMethod: 'locator',
      screenshot: 'shots/a.png',
    });
    await expectDomainError(
      deleteRun(deps(), world.admin, { runId: run.id }),
      'INVALID_STATE_TRANSITION',
    );
    await finishRun(deps(), world.system, { runId: run.id, state: 'PASSED' });
    await setRunGif(deps(), world.system, { runId: run.id, runGif: 'gifs/a.gif' });
    await expectDomainError(deleteRun(deps(), world.member, { runId: run.id }), 'FORBIDDEN');
    const deletedKeys: string[] = [];
    const released = await deleteRun(
      { db: database.db, artifacts: { delete: async (key) => void deletedKeys.push(key) } },
      world.admin,
      { runId: run.id },
    );
    expect(released.artifactKeys.sort()).toEqual(['gifs/a.gif', 'shots/a.png']);
    expect(deletedKeys.sort()).toEqual(['gifs/a.gif', 'shots/a.png']);
    expect(released.artifactsNotDeleted).toEqual([]);
    expect(await database.db.$count(historyElements, eq(historyElements.testRunId, run.id))).toBe(
      0,
    );
    expect(await database.db.$count(testRuns, eq(testRuns.id, run.id))).toBe(0);
  });
});
