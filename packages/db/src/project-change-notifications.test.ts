// The change feed of migration 0002: which writes send NOTIFY retrace_project_changed, on both drivers.
import { createId } from '@paralleldrive/cuid2';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RetraceDatabase } from './database-types.ts';
import {
  actions,
  brainStates,
  costs,
  historyElements,
  organizations,
  projects,
  tags,
  testCases,
  testCaseTags,
  testRuns,
} from './schema/schema.ts';
import { DESKTOP, seedTraversal } from './test-support/seed-traversal.ts';
import { type TestDatabase, testDatabaseDrivers } from './testing/test-databases.ts';

const CHANNEL = 'retrace_project_changed';

/** Notifications arrive in commit order, so markers sent before and after a write frame what it caused. */
interface Feed {
  changesOf(write: () => Promise<unknown>): Promise<string[]>;
  close(): Promise<void>;
}

async function openFeed(database: TestDatabase): Promise<Feed> {
  const received: string[] = [];
  const waiters = new Set<() => void>();
  const onPayload = (payload: string) => {
    received.push(payload);
    for (const wake of waiters) wake();
  };
  let close: () => Promise<void>;
  if (database.kind === 'pglite') {
    const unlisten = await database.pglite.listen(CHANNEL, onPayload);
    close = () => unlisten();
  } else {
    const client = new pg.Client({ connectionString: database.url ?? '' });
    await client.connect();
    client.on('notification', (message) => onPayload(message.payload ?? ''));
    await client.query(`LISTEN ${CHANNEL}`);
    close = () => client.end();
  }
  /** Sends a marker and waits for it: everything committed before has then been received. */
  const drain = async (): Promise<number> => {
    const marker = `marker-${createId()}`;
    await database.db.execute(sql`select pg_notify(${CHANNEL}, ${marker})`);
    while (!received.includes(marker)) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
      });
    }
    return received.indexOf(marker);
  };
  return {
    async changesOf(write) {
      const start = (await drain()) + 1;
      await write();
      const end = await drain();
      return received.slice(start, end).sort();
    },
    close,
  };
}

async function seedProject(db: RetraceDatabase, organizationId: string) {
  const projectId = createId();
  await db
    .insert(projects)
    .values({ id: projectId, organizationId, name: projectId, defaultUrlRoute: 'http://app.test' });
  const [testCase] = await db
    .insert(testCases)
    .values({
      projectId,
      name: 'checkout',
      testDescription: 'buy',
      expectedOutcome: 'bought',
      urlRoute: '/',
    })
    .returning();
  if (!testCase) throw new Error('no test case');
  return { projectId, testCaseId: testCase.id };
}

const runOf = (project: { projectId: string; testCaseId: string }) => ({
  projectId: project.projectId,
  testCaseId: project.testCaseId,
  browserConfigId: DESKTOP,
  modeRequested: 'agentic' as const,
  batchId: 'batch',
});

describe.each(testDatabaseDrivers(process.env))(
  'project change notifications [$name]',
  (driver) => {
    let database: TestDatabase;
    let db: RetraceDatabase;
    let feed: Feed;
    let organizationId: string;
    beforeAll(async () => {
      database = await driver.open();
      db = database.db;
      feed = await openFeed(database);
      organizationId = createId();
      await db.insert(organizations).values({ id: organizationId, name: 'Org' });
    });
    afterAll(async () => {
      await feed.close();
      await database.dispose();
    });

    it('a multi-row insert of runs notifies each project touched once', async () => {
      const a = await seedProject(db, organizationId);
      const b = await seedProject(db, organizationId);
      const changes = await feed.changesOf(() =>
        db.insert(testRuns).values([runOf(a), runOf(a), runOf(a), runOf(b)]),
      );
      expect(changes).toEqual([a.projectId, b.projectId].sort());
    });

    it('a heartbeat does not notify; a state change and a deletion do', async () => {
      const project = await seedProject(db, organizationId);
      const [run] = await db.insert(testRuns).values(runOf(project)).returning();
      if (!run) throw new Error('no run');
      const heartbeat = () =>
        db.update(testRuns).set({ heartbeatAt: new Date() }).where(eq(testRuns.id, run.id));
      expect(await feed.changesOf(heartbeat)).toEqual([]);
      const start = () =>
        db
          .update(testRuns)
          .set({ state: 'RUNNING', startedAt: new Date(), workerId: 'w1' })
          .where(eq(testRuns.id, run.id));
      expect(await feed.changesOf(start)).toEqual([project.projectId]);
      expect(
        await feed.changesOf(() => db.delete(testRuns).where(eq(testRuns.id, run.id))),
      ).toEqual([project.projectId]);
    });

    it('an update matching no row notifies nothing', async () => {
      const changes = await feed.changesOf(() =>
        db.update(testRuns).set({ failureMessage: 'x' }).where(eq(testRuns.id, 'no-such-run')),
      );
      expect(changes).toEqual([]);
    });

    it('costs, tag links and history elements notify the project of their run', async () => {
      const project = await seedProject(db, organizationId);
      const [run] = await db.insert(testRuns).values(runOf(project)).returning();
      if (!run) throw new Error('no run');
      const cost = () =>
        db.insert(costs).values({
          testRunId: run.id,
          projectId: project.projectId,
          modelType: 'm',
          costPerToken: 0,
          inputPricePerToken: 0,
          outputPricePerToken: 0,
          inputTokenNum: 1,
          completionTokenNum: 1,
          costInDollars: 0,
        });
      expect(await feed.changesOf(cost)).toEqual([project.projectId]);

      const [tag] = await db
        .insert(tags)
        .values({ projectId: project.projectId, name: 'smoke', color: '#ff0000' })
        .returning();
      if (!tag) throw new Error('no tag');
      const link = () =>
        db.insert(testCaseTags).values({
          testCaseId: project.testCaseId,
          tagId: tag.id,
          projectId: project.projectId,
        });
      expect(await feed.changesOf(link)).toEqual([project.projectId]);
      expect(await feed.changesOf(() => db.delete(tags).where(eq(tags.id, tag.id)))).toEqual([
        project.projectId,
      ]);

      const { brain, action } = await seedTraversal(db, project.projectId, project.testCaseId);
      const element = () =>
        db.insert(historyElements).values({
          testRunId: run.id,
          actionId: action.id,
          idx: 0,
          actionStartedAt: new Date(),
          historyElementState: 'PASSED',
          locateMethod: 'locator',
        });
      expect(await feed.changesOf(element)).toEqual([project.projectId]);
      const rename = () =>
        db.update(brainStates).set({ nextGoal: 'press' }).where(eq(brainStates.id, brain.id));
      expect(await feed.changesOf(rename)).toEqual([project.projectId]);
      const edit = () =>
        db
          .update(actions)
          .set({ action: { type: 'press' } })
          .where(eq(actions.id, action.id));
      expect(await feed.changesOf(edit)).toEqual([project.projectId]);
    });

    it('deleting a project without runs notifies it', async () => {
      const project = await seedProject(db, organizationId);
      const changes = await feed.changesOf(() =>
        db.delete(projects).where(eq(projects.id, project.projectId)),
      );
      expect(changes).toEqual([project.projectId]);
    });

    it('a bulk insert stays one notification per project', async () => {
      const project = await seedProject(db, organizationId);
      const changes = await feed.changesOf(() =>
        db.execute(sql`
        insert into test_runs (id, project_id, test_case_id, browser_config_id, mode_requested, batch_id)
        select 'bulk-' || n, ${project.projectId}, ${project.testCaseId}, ${DESKTOP}, 'agentic', 'bulk'
        from generate_series(1, 5000) as n`),
      );
      expect(changes).toEqual([project.projectId]);
    });
  },
);
