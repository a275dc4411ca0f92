// listRuns: every filter, both orders, and keyset pages that neither skip nor repeat rows.
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtinBrowserConfigId,
  DEFAULT_BROWSER_CONFIG_ID,
} from '../browser-configs/builtin-browser-configs.ts';
import { createTag } from '../tags/create-tag.ts';
import { createTestCase } from '../test-cases/create-test-case.ts';
import { createWorld, expectDomainError, type World } from '../test-support/world.ts';
import { createRuns } from './create-runs.ts';
import { finishRun } from './finish-run.ts';
import { listRuns } from './list-runs.ts';
import type { RunView } from './run-view.ts';
import { startRun } from './start-run.ts';

const PHONE = builtinBrowserConfigId('phone-pixel-7');

describe.each(testDatabaseDrivers(process.env))('listRuns [$name]', (driver) => {
  let database: TestDatabase;
  let world: World;
  let all: RunView[];
  let taggedCaseId: string;
  let tagId: string;
  const deps = () => ({ db: database.db });

  beforeAll(async () => {
    database = await driver.open();
    world = await createWorld(database.db);
    const tag = await createTag(deps(), world.member, {
      projectId: world.project.id,
      name: 'smoke',
      color: '#00ff00',
    });
    tagId = tag.id;
    const tagged = await createTestCase(deps(), world.member, {
      projectId: world.project.id,
      name: 'tagged',
      testDescription: 'd',
      expectedOutcome: 'o',
      urlRoute: '/',
      tagIds: [tag.id],
      browserConfigIds: [DEFAULT_BROWSER_CONFIG_ID, PHONE],
    });
    taggedCaseId = tagged.id;
    await createTestCase(deps(), world.member, {
      projectId: world.project.id,
      name: 'plain',
      testDescription: 'd',
      expectedOutcome: 'o',
      urlRoute: '/',
    });
    // Six batches of three runs; runs of one batch share a created_at, so ordering must fall back to ids.
    all = [];
    for (let batch = 0; batch < 6; batch++) {
      const at = new Date(Date.UTC(2030, 0, 1 + batch));
      const runs = await createRuns({ db: database.db, clock: () => at }, world.member, {
        projectId: world.project.id,
        selection: { kind: 'project' },
        batchId: `batch-${batch}`,
      });
      all.push(...runs);
    }
    // Some runs move on: even ones pass (REPLAY), every third fails (AGENTIC).
    for (const [i, run] of all.entries()) {
      if (i % 2 === 0) {
        await startRun(deps(), world.system, { runId: run.id, workerId: 'w', runType: 'REPLAY' });
        await finishRun(deps(), world.system, { runId: run.id, state: 'PASSED' });
      } else if (i % 3 === 0) {
        await startRun(deps(), world.system, { runId: run.id, workerId: 'w', runType: 'AGENTIC' });
        await finishRun(deps(), world.system, {
          runId: run.id,
          state: 'FAILED',
          failureKind: 'timeout',
          failureMessage: 't',
        });
      }
    }
  });
  afterAll(async () => database.dispose());

  const byNewest = (runs: RunView[]) =>
    [...runs].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1),
    );

  async function collect(filters: Omit<Parameters<typeof listRuns>[2], 'projectId'>) {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 50; guard++) {
      const page = await listRuns(deps(), world.guest, {
        projectId: world.project.id,
        ...filters,
        ...(cursor ? { cursor } : {}),
      });
      ids.push(...page.items.map((r) => r.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  it('pages through every run exactly once, newest first, ties broken by id', async () => {
    const ids = await collect({ limit: 4 });
    expect(ids).toEqual(byNewest(all).map((r) => r.id));
  });

  it('pages oldest first too', async () => {
    const ids = await collect({ limit: 5, sort: 'oldest' });
    expect(ids).toEqual(
      byNewest(all)
        .reverse()
        .map((r) => r.id),
    );
  });

  it('filters by state and run type', async () => {
    const expectState = (state: RunView['state']) =>
      byNewest(all.filter((_, i) => stateOf(i) === state)).map((r) => r.id);
    const stateOf = (i: number) => (i % 2 === 0 ? 'PASSED' : i % 3 === 0 ? 'FAILED' : 'QUEUED');
    expect(await collect({ state: 'PASSED', limit: 3 })).toEqual(expectState('PASSED'));
    expect(await collect({ state: 'FAILED' })).toEqual(expectState('FAILED'));
    expect(await collect({ state: 'QUEUED' })).toEqual(expectState('QUEUED'));
    expect(await collect({ runType: 'AGENTIC' })).toEqual(expectState('FAILED'));
  });

  it('filters by test case, tag, browser config and batch', async () => {
    const tagged = byNewest(all.filter((r) => r.testCaseId === taggedCaseId)).map((r) => r.id);
    expect(await collect({ testCaseId: taggedCaseId })).toEqual(tagged);
    expect(await collect({ tagId })).toEqual(tagged);
    expect(await collect({ browserConfigId: PHONE })).toEqual(
      byNewest(all.filter((r) => r.browserConfigId === PHONE)).map((r) => r.id),
    );
    expect((await collect({ batchId: 'batch-2' })).sort()).toEqual(
      all
        .filter((r) => r.batchId === 'batch-2')
        .map((r) => r.id)
        .sort(),
    );
  });

  it('filters by a half-open created_at range', async () => {
    const ids = await collect({
      createdFrom: new Date(Date.UTC(2030, 0, 2)),
      createdTo: '2030-01-04T00:00:00.000Z',
    });
    expect(ids).toEqual(
      byNewest(all.filter((r) => r.batchId === 'batch-1' || r.batchId === 'batch-2')).map(
        (r) => r.id,
      ),
    );
  });

  it('caps the page size at 200 and rejects a forged cursor', async () => {
    await expectDomainError(
      listRuns(deps(), world.guest, { projectId: world.project.id, limit: 201 }),
      'VALIDATION_FAILED',
    );
    await expectDomainError(
      listRuns(deps(), world.guest, {
        projectId: world.project.id,
        cursor: Buffer.from('[1,2]').toString('base64url'),
      }),
      'VALIDATION_FAILED',
    );
  });

  it('an empty filter result of a visible project is an empty page', async () => {
    const page = await listRuns(deps(), world.guest, {
      projectId: world.project.id,
      batchId: 'none',
    });
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});
