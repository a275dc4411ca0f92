// Releasing artifacts: only keys no row refers to, any characters in keys, batched store deletes.
import { sql } from 'drizzle-orm';
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BROWSER_CONFIG_ID } from '../browser-configs/builtin-browser-configs.ts';
import { finishRun } from '../runs/finish-run.ts';
import { recordHistoryElement } from '../runs/record-history-elements.ts';
import { startRun } from '../runs/start-run.ts';
import { queuedRun } from '../test-support/runs.ts';
import { traversalInput } from '../test-support/traversal-input.ts';
import { createWorld } from '../test-support/world.ts';
import { saveTraversal } from '../traversals/save-traversal.ts';
import { releaseArtifacts } from './release-artifacts.ts';

const ODD_KEY = 'runs/a "quoted", {braced} \\ key.png';

describe.each(testDatabaseDrivers(process.env))('releaseArtifacts [$name]', (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(async () => database.dispose());

  it('keeps keys still referenced (whatever their characters) and deletes the rest in batches', async () => {
    const world = await createWorld(database.db);
    const run = await queuedRun(database.db, world);
    const traversal = await saveTraversal(
      { db: database.db },
      world.system,
      traversalInput(run.testCaseId, DEFAULT_BROWSER_CONFIG_ID),
    );
    await startRun({ db: database.db }, world.system, {
      runId: run.id,
      workerId: 'w',
      runType: 'REPLAY',
    });
    await recordHistoryElement({ db: database.db }, world.system, {
      runId: run.id,
      idx: 0,
      actionId: traversal.brainStates[0]?.actions[0]?.id ?? '',
      actionStartedAt: new Date(),
      state: 'PASSED',
      locateMethod: 'locator',
      screenshot: ODD_KEY,
    });
    await finishRun({ db: database.db }, world.system, {
      runId: run.id,
      state: 'PASSED',
      runGif: 'g,1.gif',
    });
    const batches: string[][] = [];
    const store = {
      delete: async () => {
        throw new Error('deleteMany should be used');
      },
      deleteMany: async (keys: readonly string[]) => {
        batches.push([...keys]);
        if (keys.includes('boom')) throw new Error('storage down');
      },
    };
    const candidates = [ODD_KEY, 'g,1.gif', 'gone.png', 'gone.png', 'boom'];
    const released = await releaseArtifacts({ db: database.db, artifacts: store }, candidates);
    expect(released.artifactKeys).toEqual(['gone.png', 'boom']);
    expect(batches).toEqual([['gone.png', 'boom']]);
    expect(released.artifactsNotDeleted).toEqual(['gone.png', 'boom']);
    await database.db.execute(
      sql`update history_elements set screenshot = null where test_run_id = ${run.id}`,
    );
    const after = await releaseArtifacts({ db: database.db }, [ODD_KEY]);
    expect(after).toEqual({ artifactKeys: [ODD_KEY], artifactsNotDeleted: [] });
  });
});
