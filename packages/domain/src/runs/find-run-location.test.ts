// findRunLocation: the worker finds a job's run in any organization; nobody else may look across them.
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../deps.ts';
import { queuedRun } from '../test-support/runs.ts';
import { createWorld, expectDomainError } from '../test-support/world.ts';
import { findRunLocation } from './find-run-location.ts';
import { startRun } from './start-run.ts';

describe.each(testDatabaseDrivers(process.env))('findRunLocation [$name]', (driver) => {
  let database: TestDatabase;
  const deps = () => ({ db: database.db });

  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(async () => database.dispose());

  it('gives the worker the organization, project and state of a run of any organization', async () => {
    const a = await createWorld(database.db);
    const b = await createWorld(database.db);
    const runA = await queuedRun(database.db, a);
    const runB = await queuedRun(database.db, b);
    await startRun(deps(), b.system, { runId: runB.id, workerId: 'w1', runType: 'REPLAY' });
    // The worker's actor belongs to one organization, yet must place a job of another one.
    expect(await findRunLocation(deps(), a.system, { runId: runB.id })).toEqual({
      runId: runB.id,
      organizationId: b.organizationId,
      projectId: b.project.id,
      state: 'RUNNING',
    });
    expect(await findRunLocation(deps(), systemActor('any'), { runId: runA.id })).toEqual({
      runId: runA.id,
      organizationId: a.organizationId,
      projectId: a.project.id,
      state: 'QUEUED',
    });
  });

  it('answers null for a run that does not exist', async () => {
    const a = await createWorld(database.db);
    expect(await findRunLocation(deps(), a.system, { runId: 'no-such-run' })).toBeNull();
  });

  it('a user or an API key cannot look a run up across organizations', async () => {
    const a = await createWorld(database.db);
    const b = await createWorld(database.db);
    const runB = await queuedRun(database.db, b);
    await expectDomainError(findRunLocation(deps(), a.admin, { runId: runB.id }), 'FORBIDDEN');
    await expectDomainError(
      findRunLocation(
        deps(),
        { kind: 'api_key', userId: null, organizationId: b.organizationId, role: 'admin' },
        { runId: runB.id },
      ),
      'FORBIDDEN',
    );
  });
});
