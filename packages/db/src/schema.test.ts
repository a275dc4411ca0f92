// The schema's relationships, cascades, uniqueness and check rules, proven on both drivers with raw rows.
import { createId } from '@paralleldrive/cuid2';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RetraceDatabase } from './database-types.ts';
import { queryRows } from './query-rows.ts';
import {
  actions,
  brainStates,
  costs,
  documents,
  historyElements,
  members,
  organizations,
  projects,
  secretValues,
  tags,
  testCaseBrowserConfigs,
  testCases,
  testCaseTags,
  testConfigs,
  testRuns,
  testTraversalSecrets,
  testTraversals,
  users,
} from './schema/schema.ts';
import { DESKTOP, seedTraversal } from './test-support/seed-traversal.ts';
import { type TestDatabase, testDatabaseDrivers } from './testing/test-databases.ts';

const PHONE = 'builtin-phone-pixel-7';

/** The driver error under Drizzle's query error: SQLSTATE and constraint name. */
async function violation(promise: Promise<unknown>): Promise<{ code: string; constraint: string }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; constraint?: string } }).cause;
    return { code: cause?.code ?? 'none', constraint: cause?.constraint ?? 'none' };
  }
  throw new Error('expected the statement to fail');
}

async function seedProject(db: RetraceDatabase) {
  const organizationId = createId();
  const projectId = createId();
  await db.insert(organizations).values({ id: organizationId, name: 'Org' });
  await db
    .insert(projects)
    .values({ id: projectId, organizationId, name: 'P', defaultUrlRoute: 'http://app.test' });
  return { organizationId, projectId };
}

async function seedTestCase(db: RetraceDatabase, projectId: string, documentId?: string) {
  const [row] = await db
    .insert(testCases)
    .values({
      projectId,
      name: 'checkout',
      testDescription: 'buy a thing',
      expectedOutcome: 'order confirmed',
      urlRoute: '/',
      ...(documentId ? { documentId } : {}),
    })
    .returning();
  if (!row) throw new Error('no test case');
  return row;
}

async function seedTraversalWithRun(db: RetraceDatabase, projectId: string, testCaseId: string) {
  const { traversal, brain, action } = await seedTraversal(db, projectId, testCaseId);
  const [run] = await db
    .insert(testRuns)
    .values({
      projectId,
      testCaseId,
      browserConfigId: DESKTOP,
      testTraversalId: traversal.id,
      modeRequested: 'replay',
      batchId: createId(),
    })
    .returning();
  if (!run) throw new Error('no run');
  await db.insert(historyElements).values({
    testRunId: run.id,
    actionId: action.id,
    idx: 0,
    actionStartedAt: new Date(),
    historyElementState: 'PASSED',
    locateMethod: 'locator',
  });
  return { traversal, brain, action, run };
}

describe.each(testDatabaseDrivers(process.env))('schema [$name]', (driver) => {
  let database: TestDatabase;
  let db: RetraceDatabase;
  beforeAll(async () => {
    database = await driver.open();
    db = database.db;
  });
  afterAll(async () => database.dispose());

  it('one member row per user per organization', async () => {
    const { organizationId } = await seedProject(db);
    const userId = createId();
    await db.insert(users).values({ id: userId, email: 'a@example.com' });
    await db.insert(members).values({ organizationId, userId, role: 'admin' });
    expect(
      await violation(db.insert(members).values({ organizationId, userId, role: 'guest' })),
    ).toEqual({ code: '23505', constraint: 'members_organization_user_unique' });
  });

  it('a document and a test case are linked 1:1 at most, and the link is optional', async () => {
    const { projectId } = await seedProject(db);
    const [doc] = await db
      .insert(documents)
      .values({ projectId, name: 'spec', content: '# spec' })
      .returning();
    if (!doc) throw new Error('no document');
    await seedTestCase(db, projectId); // no document: allowed
    await seedTestCase(db, projectId, doc.id);
    expect(await violation(seedTestCase(db, projectId, doc.id))).toEqual({
      code: '23505',
      constraint: 'test_cases_document_unique',
    });
  });

  it('deleting a document unlinks its test case instead of deleting it', async () => {
    const { projectId } = await seedProject(db);
    const [doc] = await db
      .insert(documents)
      .values({ projectId, name: 'd', content: '' })
      .returning();
    const testCase = await seedTestCase(db, projectId, doc?.id);
    await db.delete(documents).where(eq(documents.id, doc?.id ?? ''));
    const [after] = await db.select().from(testCases).where(eq(testCases.id, testCase.id));
    expect(after?.documentId).toBeNull();
  });

  it('tags are M:N with test cases, names unique per project, and never linked across projects', async () => {
    const a = await seedProject(db);
    const b = await seedProject(db);
    const caseA1 = await seedTestCase(db, a.projectId);
    const caseA2 = await seedTestCase(db, a.projectId);
    const [tagA] = await db
      .insert(tags)
      .values({ projectId: a.projectId, name: 'smoke', color: '#00ff00' })
      .returning();
    const [tagA2] = await db
      .insert(tags)
      .values({ projectId: a.projectId, name: 'checkout', color: '#0000ff' })
      .returning();
    const [tagB] = await db
      .insert(tags)
      .values({ projectId: b.projectId, name: 'smoke', color: '#00ff00' })
      .returning();
    if (!tagA || !tagA2 || !tagB) throw new Error('no tag');
    await db.insert(testCaseTags).values([
      { testCaseId: caseA1.id, tagId: tagA.id, projectId: a.projectId },
      { testCaseId: caseA2.id, tagId: tagA.id, projectId: a.projectId },
      { testCaseId: caseA1.id, tagId: tagA2.id, projectId: a.projectId },
    ]);
    const links = await db
      .select()
      .from(testCaseTags)
      .where(eq(testCaseTags.projectId, a.projectId));
    expect(links).toHaveLength(3);
    expect(
      await violation(
        db.insert(tags).values({ projectId: a.projectId, name: 'smoke', color: '#111111' }),
      ),
    ).toEqual({ code: '23505', constraint: 'tags_project_name_unique' });
    expect(
      await violation(
        db
          .insert(testCaseTags)
          .values({ testCaseId: caseA1.id, tagId: tagB.id, projectId: a.projectId }),
      ),
    ).toEqual({ code: '23503', constraint: 'test_case_tags_tag_same_project_fk' });
    expect(
      await violation(
        db
          .insert(testCaseTags)
          .values({ testCaseId: caseA1.id, tagId: tagB.id, projectId: b.projectId }),
      ),
    ).toEqual({ code: '23503', constraint: 'test_case_tags_test_case_fk' });
  });

  it('tag colours must be #rrggbb', async () => {
    const { projectId } = await seedProject(db);
    for (const color of ['red', '#fff', '#GGGGGG', '#00ff00 ']) {
      expect(await violation(db.insert(tags).values({ projectId, name: color, color }))).toEqual({
        code: '23514',
        constraint: 'tags_color_format',
      });
    }
  });

  it('secret names are unique per project (not globally) and versions start at 1', async () => {
    const a = await seedProject(db);
    const b = await seedProject(db);
    const [secret] = await db
      .insert(secretValues)
      .values({ projectId: a.projectId, secretName: 'PASSWORD', secretValue: 'v1:x' })
      .returning();
    expect(secret?.version).toBe(1);
    await db
      .insert(secretValues)
      .values({ projectId: b.projectId, secretName: 'PASSWORD', secretValue: 'v1:x' });
    expect(
      await violation(
        db
          .insert(secretValues)
          .values({ projectId: a.projectId, secretName: 'PASSWORD', secretValue: 'v1:y' }),
      ),
    ).toEqual({ code: '23505', constraint: 'secret_values_project_name_unique' });
    expect(
      await violation(
        db
          .update(secretValues)
          .set({ version: 0 })
          .where(eq(secretValues.id, secret?.id ?? '')),
      ),
    ).toEqual({ code: '23514', constraint: 'secret_values_version_positive' });
  });

  it('test cases and browser configs are M:N', async () => {
    const { projectId } = await seedProject(db);
    const one = await seedTestCase(db, projectId);
    const two = await seedTestCase(db, projectId);
    await db.insert(testCaseBrowserConfigs).values([
      { testCaseId: one.id, browserConfigId: DESKTOP },
      { testCaseId: one.id, browserConfigId: PHONE },
      { testCaseId: two.id, browserConfigId: DESKTOP },
    ]);
    const desktopCases = await db
      .select()
      .from(testCaseBrowserConfigs)
      .where(eq(testCaseBrowserConfigs.browserConfigId, DESKTOP));
    expect(desktopCases.map((l) => l.testCaseId)).toEqual(expect.arrayContaining([one.id, two.id]));
    expect(
      await violation(
        db.insert(testCaseBrowserConfigs).values({ testCaseId: one.id, browserConfigId: DESKTOP }),
      ),
    ).toEqual({ code: '23505', constraint: 'test_case_browser_configs_pk' });
  });

  it('test config names are unique per project', async () => {
    const { projectId } = await seedProject(db);
    await db.insert(testConfigs).values({ projectId, name: 'default' });
    expect(await violation(db.insert(testConfigs).values({ projectId, name: 'default' }))).toEqual({
      code: '23505',
      constraint: 'test_configs_project_name_unique',
    });
  });

  it('traversal (test case, browser config, version) is unique and versions are ≥ 1', async () => {
    const { projectId } = await seedProject(db);
    const testCase = await seedTestCase(db, projectId);
    const values = {
      projectId,
      testCaseId: testCase.id,
      browserConfigId: DESKTOP,
      expectedOutcome: 'ok',
      source: 'agentic' as const,
    };
    await db.insert(testTraversals).values({ ...values, version: 1 });
    await db.insert(testTraversals).values({ ...values, browserConfigId: PHONE, version: 1 });
    expect(await violation(db.insert(testTraversals).values({ ...values, version: 1 }))).toEqual({
      code: '23505',
      constraint: 'test_traversals_version_unique',
    });
    expect(await violation(db.insert(testTraversals).values({ ...values, version: 0 }))).toEqual({
      code: '23514',
      constraint: 'test_traversals_version_positive',
    });
  });

  it('brain states are ordered by a unique (traversal, idx) and actions by (brain state, idx)', async () => {
    const { projectId } = await seedProject(db);
    const testCase = await seedTestCase(db, projectId);
    const { traversal, brain } = await seedTraversalWithRun(db, projectId, testCase.id);
    expect(
      await violation(
        db.insert(brainStates).values({ testTraversalId: traversal.id, idxInTraversal: 0 }),
      ),
    ).toEqual({ code: '23505', constraint: 'brain_states_traversal_idx_unique' });
    expect(
      await violation(
        db.insert(actions).values({ brainStateId: brain.id, idxInBrainState: 0, action: {} }),
      ),
    ).toEqual({ code: '23505', constraint: 'actions_brain_state_idx_unique' });
  });

  it('a traversal links many secrets with the version used, and a secret serves many traversals', async () => {
    const { projectId } = await seedProject(db);
    const testCase = await seedTestCase(db, projectId);
    const { traversal } = await seedTraversalWithRun(db, projectId, testCase.id);
    const [t2] = await db
      .insert(testTraversals)
      .values({
        projectId,
        testCaseId: testCase.id,
        browserConfigId: DESKTOP,
        version: 2,
        expectedOutcome: 'ok',
        source: 'repair',
      })
      .returning();
    const inserted = await db
      .insert(secretValues)
      .values([
        { projectId, secretName: 'USER', secretValue: 'v1:a' },
        { projectId, secretName: 'PASS', secretValue: 'v1:b' },
      ])
      .returning();
    const [user, pass] = inserted;
    if (!user || !pass || !t2) throw new Error('seed failed');
    await db.insert(testTraversalSecrets).values([
      { testTraversalId: traversal.id, secretId: user.id, secretVersion: 1 },
      { testTraversalId: traversal.id, secretId: pass.id, secretVersion: 1 },
      { testTraversalId: t2.id, secretId: user.id, secretVersion: 1 },
    ]);
    const usersOfSecret = await db
      .select()
      .from(testTraversalSecrets)
      .where(eq(testTraversalSecrets.secretId, user.id));
    expect(usersOfSecret).toHaveLength(2);
  });

  it("a run's traversal must belong to the run's own test case and browser config", async () => {
    const { projectId } = await seedProject(db);
    const one = await seedTestCase(db, projectId);
    const two = await seedTestCase(db, projectId);
    const { traversal } = await seedTraversalWithRun(db, projectId, one.id);
    expect(
      await violation(
        db.insert(testRuns).values({
          projectId,
          testCaseId: two.id,
          browserConfigId: DESKTOP,
          testTraversalId: traversal.id,
          modeRequested: 'replay',
          batchId: 'b',
        }),
      ),
    ).toEqual({ code: '23503', constraint: 'test_runs_traversal_same_case_fk' });
  });

  it('history is ordered by a unique (run, idx)', async () => {
    const { projectId } = await seedProject(db);
    const testCase = await seedTestCase(db, projectId);
    const { run, action } = await seedTraversalWithRun(db, projectId, testCase.id);
    expect(
      await violation(
        db.insert(historyElements).values({
          testRunId: run.id,
          actionId: action.id,
          idx: 0,
          actionStartedAt: new Date(),
          historyElementState: 'FAILED',
          locateMethod: 'healed',
        }),
      ),
    ).toEqual({ code: '23505', constraint: 'history_elements_run_idx_unique' });
  });

  it('a cost is optional for a run, at most one per run, and must name the run’s own project', async () => {
    const a = await seedProject(db);
    const b = await seedProject(db);
    const testCase = await seedTestCase(db, a.projectId);
    const { run } = await seedTraversalWithRun(db, a.projectId, testCase.id);
    const cost = {
      testRunId: run.id,
      projectId: a.projectId,
      modelType: 'gpt',
      costPerToken: 1e-6,
      inputPricePerToken: 1e-6,
      outputPricePerToken: 2e-6,
      inputTokenNum: 10,
      completionTokenNum: 5,
      costInDollars: 2e-5,
    };
    expect(await db.$count(costs, eq(costs.testRunId, run.id))).toBe(0); // a run without a cost is valid
    expect(await violation(db.insert(costs).values({ ...cost, projectId: b.projectId }))).toEqual({
      code: '23503',
      constraint: 'costs_test_run_fk',
    });
    await db.insert(costs).values(cost);
    expect(await violation(db.insert(costs).values(cost))).toEqual({
      code: '23505',
      constraint: 'costs_test_run_unique',
    });
  });

  it('run state rules are checked by the database too', async () => {
    const { projectId } = await seedProject(db);
    const testCase = await seedTestCase(db, projectId);
    const base = {
      projectId,
      testCaseId: testCase.id,
      browserConfigId: DESKTOP,
      modeRequested: 'auto' as const,
      batchId: 'b',
    };
    expect(
      await violation(
        db.insert(testRuns).values({ ...base, state: 'FAILED', finishedAt: new Date() }),
      ),
    ).toEqual({ code: '23514', constraint: 'test_runs_failure_matches_state' });
    expect(await violation(db.insert(testRuns).values({ ...base, state: 'RUNNING' }))).toEqual({
      code: '23514',
      constraint: 'test_runs_started_when_running',
    });
    expect(
      await violation(
        db
          .insert(testRuns)
          .values({ ...base, state: 'PASSED', runType: 'REPLAY', startedAt: new Date() }),
      ),
    ).toEqual({ code: '23514', constraint: 'test_runs_finished_matches_state' });
  });

  it('deleting a test case removes its traversals, brain states, actions, runs, history and costs', async () => {
    const { projectId } = await seedProject(db);
    const testCase = await seedTestCase(db, projectId);
    const other = await seedTestCase(db, projectId);
    const { traversal, run } = await seedTraversalWithRun(db, projectId, testCase.id);
    await seedTraversalWithRun(db, projectId, other.id);
    await db.insert(costs).values({
      testRunId: run.id,
      projectId,
      modelType: 'm',
      costPerToken: 0,
      inputPricePerToken: 0,
      outputPricePerToken: 0,
      inputTokenNum: 0,
      completionTokenNum: 0,
      costInDollars: 0,
    });
    await db.delete(testCases).where(eq(testCases.id, testCase.id));
    const left = await queryRows<{
      t: number;
      b: number;
      a: number;
      r: number;
      h: number;
      c: number;
    }>(
      db,
      sql`
      select
        (select count(*)::int from test_traversals where id = ${traversal.id}) as t,
        (select count(*)::int from brain_states where test_traversal_id = ${traversal.id}) as b,
        (select count(*)::int from actions a join brain_states s on s.id = a.brain_state_id
           where s.test_traversal_id = ${traversal.id}) as a,
        (select count(*)::int from test_runs where test_case_id = ${testCase.id}) as r,
        (select count(*)::int from history_elements where test_run_id = ${run.id}) as h,
        (select count(*)::int from costs where test_run_id = ${run.id}) as c`,
    );
    expect(left[0]).toEqual({ t: 0, b: 0, a: 0, r: 0, h: 0, c: 0 });
    expect(await db.$count(testRuns, eq(testRuns.testCaseId, other.id))).toBe(1);
  });

  it('deleting an organization removes its projects and everything under them, but not the presets', async () => {
    const { organizationId, projectId } = await seedProject(db);
    const testCase = await seedTestCase(db, projectId);
    await seedTraversalWithRun(db, projectId, testCase.id);
    await db.insert(tags).values({ projectId, name: 't', color: '#000000' });
    await db.insert(secretValues).values({ projectId, secretName: 'S', secretValue: 'v1:x' });
    await db.delete(organizations).where(eq(organizations.id, organizationId));
    expect(await db.$count(projects, eq(projects.id, projectId))).toBe(0);
    expect(await db.$count(testCases, eq(testCases.projectId, projectId))).toBe(0);
    expect(await db.$count(testRuns, eq(testRuns.projectId, projectId))).toBe(0);
    expect(await db.$count(tags, eq(tags.projectId, projectId))).toBe(0);
    expect(await db.$count(secretValues, eq(secretValues.projectId, projectId))).toBe(0);
    expect(await db.$count(testTraversals, eq(testTraversals.projectId, projectId))).toBe(0);
    expect(
      await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from browser_configs where organization_id is null`,
      ),
    ).toEqual([{ n: 3 }]);
  });

  it('deleting a user removes their memberships but keeps the organization', async () => {
    const { organizationId } = await seedProject(db);
    const userId = createId();
    await db.insert(users).values({ id: userId, email: 'gone@example.com' });
    await db.insert(members).values({ organizationId, userId, role: 'member' });
    await db.delete(users).where(eq(users.id, userId));
    expect(await db.$count(members, eq(members.userId, userId))).toBe(0);
    expect(await db.$count(organizations, eq(organizations.id, organizationId))).toBe(1);
  });
});
