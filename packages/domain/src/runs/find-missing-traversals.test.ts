// findMissingTraversals: which pairs of a run selection could not be replayed, scoped to the organization.
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtinBrowserConfigId,
  DEFAULT_BROWSER_CONFIG_ID,
} from '../browser-configs/builtin-browser-configs.ts';
import { createTag } from '../tags/create-tag.ts';
import { createTestCase } from '../test-cases/create-test-case.ts';
import { traversalInput } from '../test-support/traversal-input.ts';
import { createWorld, expectDomainError, type World } from '../test-support/world.ts';
import { saveTraversal } from '../traversals/save-traversal.ts';
import { findMissingTraversals } from './find-missing-traversals.ts';

const PHONE = builtinBrowserConfigId('phone-pixel-7');

describe.each(testDatabaseDrivers(process.env))('findMissingTraversals [$name]', (driver) => {
  let database: TestDatabase;
  let world: World;
  let recordedId: string;
  let newId: string;
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
    const base = {
      projectId: world.project.id,
      testDescription: 'd',
      expectedOutcome: 'o',
      urlRoute: '/',
    };
    const recorded = await createTestCase(deps(), world.member, {
      ...base,
      name: 'recorded',
      tagIds: [tag.id],
      browserConfigIds: [DEFAULT_BROWSER_CONFIG_ID, PHONE],
    });
    recordedId = recorded.id;
    const fresh = await createTestCase(deps(), world.member, { ...base, name: 'fresh' });
    newId = fresh.id;
    await saveTraversal(
      deps(),
      world.member,
      traversalInput(recorded.id, DEFAULT_BROWSER_CONFIG_ID),
    );
    // An unverified recording does not make a pair replayable.
    await saveTraversal(
      deps(),
      world.member,
      traversalInput(recorded.id, PHONE, { verified: false }),
    );
  });
  afterAll(async () => database.dispose());

  it('lists the linked pairs that have no verified traversal, for the whole project', async () => {
    const missing = await findMissingTraversals(deps(), world.guest, {
      projectId: world.project.id,
      selection: { kind: 'project' },
    });
    expect(missing).toEqual([
      { testCaseId: recordedId, testCaseName: 'recorded', browserConfigId: PHONE },
      { testCaseId: newId, testCaseName: 'fresh', browserConfigId: DEFAULT_BROWSER_CONFIG_ID },
    ]);
  });

  it('follows the selection: by tag, by ids, and on explicit browser configs', async () => {
    const byTag = await findMissingTraversals(deps(), world.guest, {
      projectId: world.project.id,
      selection: { kind: 'tag', tagId },
    });
    expect(byTag.map((m) => m.browserConfigId)).toEqual([PHONE]);
    const replayable = await findMissingTraversals(deps(), world.guest, {
      projectId: world.project.id,
      selection: { kind: 'test_cases', testCaseIds: [recordedId] },
      browserConfigIds: [DEFAULT_BROWSER_CONFIG_ID],
    });
    expect(replayable).toEqual([]);
  });

  it('answers NOT_FOUND for a project of another organization', async () => {
    const other = await createWorld(database.db);
    await expectDomainError(
      findMissingTraversals(deps(), other.admin, {
        projectId: world.project.id,
        selection: { kind: 'project' },
      }),
      'NOT_FOUND',
    );
  });
});
