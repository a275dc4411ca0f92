import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type JobQueue, PROJECT_CHANGES_CHANNEL, type RunJob } from './queue-types.ts';
import { describeQueueContract } from './queue.contract.ts';
import type { RunEvent } from './run-events.ts';
import {
  FAST_SETTINGS,
  type QueueBackend,
  createServerBackend,
} from './test-support/queue-backends.ts';

// Test files may read the environment: the server suite runs where TEST_DATABASE_URL points.
const url = process.env.TEST_DATABASE_URL;
const required = process.env.RETRACE_REQUIRE_SERVER_DB === '1';

if (url) {
  describeQueueContract('PostgreSQL server (each worker its own pg-boss)', () =>
    createServerBackend(url),
  );

  describe('a worker process killed with kill -9, production timings', () => {
    it('has its run retried by another worker within 60 s', async () => {
      const backend = await createServerBackend(url);
      try {
        const defaults = {};
        const survivor = await backend.openQueue('prod', defaults);
        await survivor.enqueueRun({ runId: 'run_killed' });
        const killedAt = Date.now();
        const jobId = await backend.claimRunJobAndVanish('prod', defaults);
        const seen: RunJob[] = [];
        await survivor.workRuns(async (job) => void seen.push(job), { concurrency: 1 });
        await vi.waitFor(() => expect(seen).toHaveLength(1), { timeout: 60_000, interval: 200 });
        expect(seen[0]).toMatchObject({
          jobId,
          attempt: 2,
          previousFailure: { code: 'WORKER_LOST' },
        });
        console.log(`run recovered ${((Date.now() - killedAt) / 1000).toFixed(1)} s after kill -9`);
      } finally {
        await backend.close();
      }
    });
  });

  describe('run events on the PostgreSQL server', () => {
    let backend: QueueBackend;
    let publisher: JobQueue;
    let subscriber: JobQueue;
    beforeAll(async () => {
      backend = await createServerBackend(url);
      publisher = await backend.openQueue('events', FAST_SETTINGS);
      subscriber = await backend.openQueue('events', FAST_SETTINGS);
    });
    afterAll(async () => {
      await backend.close();
    });

    it('come back after the listening connection is killed, and the subscriber is told to resync', async () => {
      const got: RunEvent[] = [];
      let resyncs = 0;
      const off = await subscriber.subscribeRunEvents('run_resync', (e) => got.push(e), {
        onResync: () => resyncs++,
      });
      const event = (message: string): RunEvent => ({
        runId: 'run_resync',
        projectId: 'p1',
        at: new Date().toISOString(),
        type: 'log',
        level: 'info',
        message,
      });
      await publisher.publishRunEvent(event('before'));
      await vi.waitFor(() => expect(got).toHaveLength(1), { timeout: 5_000 });

      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
        [`retrace-listen:${subscriber.schema}`],
      );
      await admin.end();
      expect(killed.rowCount).toBeGreaterThan(0);

      await vi.waitFor(() => expect(resyncs).toBe(1), { timeout: 10_000 });
      await publisher.publishRunEvent(event('after'));
      await vi.waitFor(
        () =>
          expect(got.map((e) => (e.type === 'log' ? e.message : ''))).toEqual(['before', 'after']),
        {
          timeout: 5_000,
        },
      );
      off();
    });

    it('project changes: the subscriber hears of the lost connection before it is told to resync', async () => {
      const got: string[] = [];
      const hooks: string[] = [];
      const off = await subscriber.subscribeProjectChanges((projectId) => got.push(projectId), {
        onInterrupted: () => hooks.push('interrupted'),
        onResync: () => hooks.push('resync'),
      });
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        const notify = (projectId: string) =>
          admin.query('SELECT pg_notify($1, $2)', [PROJECT_CHANGES_CHANNEL, projectId]);
        await notify('project_before');
        await vi.waitFor(() => expect(got).toEqual(['project_before']), { timeout: 5_000 });
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
          [`retrace-listen:${subscriber.schema}`],
        );
        await vi.waitFor(() => expect(hooks).toEqual(['interrupted', 'resync']), {
          timeout: 10_000,
        });
        await notify('project_after');
        await vi.waitFor(() => expect(got).toEqual(['project_before', 'project_after']), {
          timeout: 5_000,
        });
      } finally {
        await admin.end();
        off();
      }
    });
  });
} else if (required) {
  describe('queue contract: PostgreSQL server', () => {
    it('has a server to run against', () => {
      throw new Error('RETRACE_REQUIRE_SERVER_DB=1 but TEST_DATABASE_URL is not set');
    });
  });
} else {
  describe.skip('queue contract: PostgreSQL server (set TEST_DATABASE_URL to run)', () => {
    it('is skipped', () => undefined);
  });
}
