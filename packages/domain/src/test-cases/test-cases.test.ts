// Test cases with tags and browser configs (M:N), validation of routes and domains, cascading deletion.
import { eq, sql } from 'drizzle-orm';
import { queryRows, testRuns, testTraversals } from '@retrace/db';
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtinBrowserConfigId,
  DEFAULT_BROWSER_CONFIG_ID,
} from '../browser-configs/builtin-browser-configs.ts';
import { createBrowserConfig } from '../browser-configs/create-browser-config.ts';
import { createProject } from '../projects/create-project.ts';
import { createRuns } from '../runs/create-runs.ts';
import { finishRun } from '../runs/finish-run.ts';
import { recordHistoryElement } from '../runs/record-history-elements.ts';
import { startRun } from '../runs/start-run.ts';
import { createTag } from '../tags/create-tag.ts';
import { deleteTag } from '../tags/delete-tag.ts';
import { listTags } from '../tags/list-tags.ts';
import { updateTag } from '../tags/update-tag.ts';
import { traversalInput } from '../test-support/traversal-input.ts';
import { createWorld, expectDomainError, type World } from '../test-support/world.ts';
import { saveTraversal } from '../traversals/save-traversal.ts';
import { attachBrowserConfig } from './attach-browser-config.ts';
import { attachTag } from './attach-tag.ts';
import { createTestCase } from './create-test-case.ts';
import { deleteTestCase } from './delete-test-case.ts';
import { detachBrowserConfig } from './detach-browser-config.ts';
import { detachTag } from './detach-tag.ts';
import { getTestCase } from './get-test-case.ts';
import { listTestCases } from './list-test-cases.ts';
import { updateTestCase } from './update-test-case.ts';

const PHONE = builtinBrowserConfigId('phone-pixel-7');

describe.each(testDatabaseDrivers(process.env))('test cases [$name]', (driver) => {
  let database: TestDatabase;
  const deps = () => ({ db: database.db });
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(async () => database.dispose());

  const base = (world: World, name = 'checkout') => ({
    projectId: world.project.id,
    name,
    testDescription: 'Add the blue mug to the cart and pay',
    expectedOutcome: 'Order confirmed',
    urlRoute: '/shop',
  });

  it('a new test case runs on the desktop preset unless configs are given', async () => {
    const world = await createWorld(database.db);
    const created = await createTestCase(deps(), world.member, base(world));
    expect(created).toMatchObject({
      browserConfigIds: [DEFAULT_BROWSER_CONFIG_ID],
      tagIds: [],
      extraRules: '',
      allowedDomains: [],
    });
    const onPhone = await createTestCase(deps(), world.member, {
      ...base(world, 'p'),
      browserConfigIds: [PHONE],
    });
    expect(onPhone.browserConfigIds).toEqual([PHONE]);
  });

  it('validates url_route and allowed domains, normalising host patterns', async () => {
    const world = await createWorld(database.db);
    const created = await createTestCase(deps(), world.member, {
      ...base(world),
      urlRoute: 'https://accounts.shop.test/login?next=/cart',
      allowedDomains: ['CDN.Shop.test', '*.payments.test', 'localhost:3000', 'cdn.shop.test'],
    });
    expect(created.allowedDomains).toEqual(['cdn.shop.test', '*.payments.test', 'localhost:3000']);
    for (const urlRoute of [
      'javascript:alert(1)',
      '//evil.test/x',
      'file:///etc/passwd',
      'has space',
    ]) {
      await expectDomainError(
        createTestCase(deps(), world.member, { ...base(world), urlRoute }),
        'VALIDATION_FAILED',
      );
    }
    for (const domain of ['*', '*.com', 'http://x.test', 'bad_host.test', '*.*.x.test']) {
      await expectDomainError(
        createTestCase(deps(), world.member, { ...base(world), allowedDomains: [domain] }),
        'VALIDATION_FAILED',
      );
    }
  });

  it('tags and test cases are many-to-many; attach and detach are idempotent', async () => {
    const world = await createWorld(database.db);
    const smoke = await createTag(deps(), world.member, {
      projectId: world.project.id,
      name: 'smoke',
      color: '#00FF00',
    });
    expect(smoke.color).toBe('#00ff00');
    const pay = await createTag(deps(), world.member, {
      projectId: world.project.id,
      name: 'pay',
      color: '#0000ff',
    });
    const a = await createTestCase(deps(), world.member, {
      ...base(world, 'a'),
      tagIds: [smoke.id, pay.id],
    });
    const b = await createTestCase(deps(), world.member, base(world, 'b'));
    await attachTag(deps(), world.member, { testCaseId: b.id, tagId: smoke.id });
    await attachTag(deps(), world.member, { testCaseId: b.id, tagId: smoke.id });
    expect((await getTestCase(deps(), world.guest, { testCaseId: a.id })).tagIds.sort()).toEqual(
      [smoke.id, pay.id].sort(),
    );
    const bySmoke = await listTestCases(deps(), world.guest, {
      projectId: world.project.id,
      tagId: smoke.id,
    });
    expect(bySmoke.items.map((t) => t.name).sort()).toEqual(['a', 'b']);
    await detachTag(deps(), world.member, { testCaseId: b.id, tagId: smoke.id });
    await detachTag(deps(), world.member, { testCaseId: b.id, tagId: smoke.id });
    const after = await listTestCases(deps(), world.guest, {
      projectId: world.project.id,
      tagId: smoke.id,
    });
    expect(after.items.map((t) => t.name)).toEqual(['a']);
    await deleteTag(deps(), world.admin, { tagId: smoke.id });
    expect((await getTestCase(deps(), world.guest, { testCaseId: a.id })).tagIds).toEqual([pay.id]);
  });

  it('a tag of another project of the same organization is TAG_OTHER_PROJECT', async () => {
    const world = await createWorld(database.db);
    const other = await createProject(deps(), world.member, {
      name: 'Other',
      defaultUrlRoute: 'http://o.test',
    });
    const foreign = await createTag(deps(), world.member, {
      projectId: other.id,
      name: 'x',
      color: '#123456',
    });
    const testCase = await createTestCase(deps(), world.member, base(world));
    await expectDomainError(
      attachTag(deps(), world.member, { testCaseId: testCase.id, tagId: foreign.id }),
      'TAG_OTHER_PROJECT',
    );
    await expectDomainError(
      createTestCase(deps(), world.member, { ...base(world, 'y'), tagIds: [foreign.id] }),
      'TAG_OTHER_PROJECT',
    );
    // Nothing of the refused test case was saved.
    const list = await listTestCases(deps(), world.guest, { projectId: world.project.id });
    expect(list.items.map((t) => t.name)).toEqual(['checkout']);
  });

  it('tag names are unique per project and colours are #rrggbb', async () => {
    const world = await createWorld(database.db);
    const tag = await createTag(deps(), world.member, {
      projectId: world.project.id,
      name: 'smoke',
      color: '#000000',
    });
    await expectDomainError(
      createTag(deps(), world.member, {
        projectId: world.project.id,
        name: 'smoke',
        color: '#111111',
      }),
      'TAG_NAME_TAKEN',
    );
    for (const color of ['red', '#fff', '#12345g', '000000']) {
      await expectDomainError(
        createTag(deps(), world.member, { projectId: world.project.id, name: `t${color}`, color }),
        'VALIDATION_FAILED',
      );
    }
    const renamed = await updateTag(deps(), world.member, {
      tagId: tag.id,
      name: 'fast',
      expectedUpdatedAt: tag.updatedAt,
    });
    expect(renamed.name).toBe('fast');
    await expectDomainError(
      updateTag(deps(), world.member, {
        tagId: tag.id,
        color: '#ffffff',
        expectedUpdatedAt: tag.updatedAt,
      }),
      'PRECONDITION_FAILED',
    );
    expect(
      (await listTags(deps(), world.guest, { projectId: world.project.id })).items.map(
        (t) => t.name,
      ),
    ).toEqual(['fast']);
  });

  it('browser configs attach to test cases: presets and own configs, never another organization’s', async () => {
    const world = await createWorld(database.db);
    const otherWorld = await createWorld(database.db);
    const own = await createBrowserConfig(deps(), world.member, {
      name: 'Dark 1024',
      browserConfig: { viewport: { width: 1024, height: 768 }, colorScheme: 'dark' },
    });
    const foreign = await createBrowserConfig(deps(), otherWorld.member, {
      name: 'Theirs',
      browserConfig: { locale: 'fr-FR' },
    });
    const testCase = await createTestCase(deps(), world.member, base(world));
    await attachBrowserConfig(deps(), world.member, {
      testCaseId: testCase.id,
      browserConfigId: own.id,
    });
    await attachBrowserConfig(deps(), world.member, {
      testCaseId: testCase.id,
      browserConfigId: PHONE,
    });
    await expectDomainError(
      attachBrowserConfig(deps(), world.member, {
        testCaseId: testCase.id,
        browserConfigId: foreign.id,
      }),
      'NOT_FOUND',
    );
    await detachBrowserConfig(deps(), world.member, {
      testCaseId: testCase.id,
      browserConfigId: DEFAULT_BROWSER_CONFIG_ID,
    });
    expect(
      (await getTestCase(deps(), world.guest, { testCaseId: testCase.id })).browserConfigIds.sort(),
    ).toEqual([own.id, PHONE].sort());
  });

  it('lists test cases newest first with a name search', async () => {
    const world = await createWorld(database.db);
    for (const name of ['Login works', 'Checkout 100%', 'Logout']) {
      await createTestCase(deps(), world.member, base(world, name));
    }
    const found = await listTestCases(deps(), world.guest, {
      projectId: world.project.id,
      search: 'log',
    });
    expect(found.items.map((t) => t.name)).toEqual(['Logout', 'Login works']);
    const percent = await listTestCases(deps(), world.guest, {
      projectId: world.project.id,
      search: '100%',
    });
    expect(percent.items.map((t) => t.name)).toEqual(['Checkout 100%']);
  });

  it('update with If-Match; guest cannot edit', async () => {
    const world = await createWorld(database.db);
    const testCase = await createTestCase(deps(), world.member, base(world));
    await expectDomainError(
      updateTestCase(deps(), world.guest, { testCaseId: testCase.id, name: 'x' }),
      'FORBIDDEN',
    );
    const updated = await updateTestCase(deps(), world.member, {
      testCaseId: testCase.id,
      extraRules: 'never use the search box',
      expectedUpdatedAt: testCase.updatedAt,
    });
    expect(updated.extraRules).toBe('never use the search box');
    await expectDomainError(
      updateTestCase(deps(), world.member, {
        testCaseId: testCase.id,
        name: 'y',
        expectedUpdatedAt: testCase.updatedAt,
      }),
      'PRECONDITION_FAILED',
    );
  });

  it('deleting a test case removes its traversals and runs and frees only artifacts no longer referenced', async () => {
    const world = await createWorld(database.db);
    const doomed = await createTestCase(deps(), world.member, base(world, 'doomed'));
    const kept = await createTestCase(deps(), world.member, base(world, 'kept'));
    const runAndShoot = async (testCaseId: string, screenshot: string) => {
      const traversal = await saveTraversal(
        deps(),
        world.system,
        traversalInput(testCaseId, DEFAULT_BROWSER_CONFIG_ID),
      );
      const [run] = await createRuns(deps(), world.member, {
        projectId: world.project.id,
        selection: { kind: 'test_cases', testCaseIds: [testCaseId] },
      });
      if (!run) throw new Error('no run');
      await startRun(deps(), world.system, {
        runId: run.id,
        workerId: 'w',
        runType: 'REPLAY',
        testTraversalId: traversal.id,
      });
      await recordHistoryElement(deps(), world.system, {
        runId: run.id,
        idx: 0,
        actionId: traversal.brainStates[0]?.actions[0]?.id ?? '',
        actionStartedAt: new Date(),
        state: 'PASSED',
        locateMethod: 'locator',
        screenshot,
      });
      await finishRun(deps(), world.system, {
        runId: run.id,
        state: 'PASSED',
        runGif: `${screenshot}.gif`,
      });
    };
    await runAndShoot(doomed.id, 'shots/doomed.png');
    await runAndShoot(kept.id, 'shots/kept.png');
    // A key shared with a surviving row must not be deleted from storage.
    await database.db.execute(
      sql`update history_elements set screenshot = 'shots/shared.png' where screenshot in ('shots/doomed.png', 'shots/kept.png')`,
    );
    const failing = {
      delete: async (key: string) => {
        if (key.endsWith('.gif')) throw new Error('storage down');
      },
    };
    await expectDomainError(
      deleteTestCase(deps(), world.member, { testCaseId: doomed.id }),
      'FORBIDDEN',
    );
    const released = await deleteTestCase({ db: database.db, artifacts: failing }, world.admin, {
      testCaseId: doomed.id,
    });
    expect(released.artifactKeys).toEqual(['shots/doomed.png.gif']);
    expect(released.artifactsNotDeleted).toEqual(['shots/doomed.png.gif']);
    expect(await database.db.$count(testTraversals, eq(testTraversals.testCaseId, doomed.id))).toBe(
      0,
    );
    expect(await database.db.$count(testRuns, eq(testRuns.testCaseId, doomed.id))).toBe(0);
    expect(await database.db.$count(testRuns, eq(testRuns.testCaseId, kept.id))).toBe(1);
    const orphans = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from actions a left join brain_states b on b.id = a.brain_state_id where b.id is null`,
    );
    expect(orphans[0]?.n).toBe(0);
  });
});
