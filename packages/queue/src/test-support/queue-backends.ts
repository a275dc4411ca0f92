// Test support: queues on a fresh PGlite or in a fresh schema on the PostgreSQL server, and workers that vanish.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PgBoss, fromPglite } from 'pg-boss';
import { createQueue } from '../create-queue.ts';
import type { CreateQueueOptions, JobQueue } from '../queue-types.ts';
import { JOB_CATALOG } from '../job-catalog.ts';

export type QueueSettings = Pick<CreateQueueOptions, 'timings' | 'policies'>;

export interface QueueBackend {
  kind: 'pglite' | 'server';
  /** A queue in the schema named `scope` (unique per backend), started. */
  openQueue(scope: string, settings: QueueSettings): Promise<JobQueue>;
  /**
   * A worker in the same schema claims the next run job and disappears without a word (a process killed with
   * `kill -9`); resolves with the job id once the worker is gone.
   */
  claimRunJobAndVanish(scope: string, settings: QueueSettings): Promise<string>;
  /** A bare pg-boss on the same schema, for acting behind the queue's back (as an operator's tool would). */
  openRawBoss(scope: string): Promise<PgBoss>;
  close(): Promise<void>;
}

function rawBossOptions(schema: string) {
  return { schema, supervise: false, schedule: false, migrate: false } as const;
}

/** Short timings so a vanished worker is noticed in ~15 s instead of ~30 s. */
export const FAST_SETTINGS: QueueSettings = {
  timings: { superviseIntervalSeconds: 1, heartbeatRefreshSeconds: 1, pollingIntervalSeconds: 0.5 },
  policies: { run: { retryDelaySeconds: 0, retryBackoff: false } },
};

export async function createPgliteBackend(): Promise<QueueBackend> {
  const pglite = new PGlite();
  const queues: JobQueue[] = [];
  const bosses: PgBoss[] = [];
  const schemaOf = (scope: string) => `q_${scope}`;
  const openRawBoss = async (scope: string): Promise<PgBoss> => {
    const boss = new PgBoss({
      db: fromPglite(pglite),
      backend: 'pglite',
      ...rawBossOptions(schemaOf(scope)),
    });
    boss.on('error', () => undefined);
    await boss.start();
    bosses.push(boss);
    return boss;
  };
  return {
    kind: 'pglite',
    openRawBoss,
    async openQueue(scope, settings) {
      const queue = createQueue({
        pglite,
        schema: schemaOf(scope),
        ...settings,
        onError: () => undefined,
      });
      await queue.start();
      queues.push(queue);
      return queue;
    },
    async claimRunJobAndVanish(scope) {
      // PGlite lives in one process, so the vanished worker is a second pg-boss that claims the job the way a
      // worker does (setting its heartbeat) and then never touches it again.
      const rogue = await openRawBoss(scope);
      let jobs: { id: string }[] = [];
      while (jobs.length === 0) {
        jobs = await rogue.fetch(JOB_CATALOG.run.queue);
        if (jobs.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      // stop() only fails jobs of its work() loops; a fetched job stays active, as after a crash.
      await rogue.stop({ graceful: false, close: false });
      return jobs[0]!.id;
    },
    async close() {
      for (const queue of queues) await queue.stop({ graceful: false, timeoutMs: 1000 });
      for (const boss of bosses)
        await boss.stop({ graceful: false, close: false }).catch(() => undefined);
      await pglite.close();
    },
  };
}

const HOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hold-run-job.ts');

export async function createServerBackend(connectionString: string): Promise<QueueBackend> {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const schemaOf = (scope: string) => `${prefix}_${scope}`;
  const schemas = new Set<string>();
  const queues: JobQueue[] = [];
  const bosses: PgBoss[] = [];
  return {
    kind: 'server',
    async openRawBoss(scope) {
      const boss = new PgBoss({ connectionString, max: 2, ...rawBossOptions(schemaOf(scope)) });
      boss.on('error', () => undefined);
      await boss.start();
      bosses.push(boss);
      return boss;
    },
    async openQueue(scope, settings) {
      schemas.add(schemaOf(scope));
      const queue = createQueue({
        connectionString,
        schema: schemaOf(scope),
        poolSize: 4,
        ...settings,
        onError: () => undefined,
      });
      await queue.start();
      queues.push(queue);
      return queue;
    },
    async claimRunJobAndVanish(scope, settings) {
      // A real worker process: it takes the job through workRuns (heartbeats running), then gets SIGKILL.
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', HOLDER, connectionString, schemaOf(scope), JSON.stringify(settings)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const jobId = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /HOLDING (\S+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) =>
          reject(new Error(`holder exited (${code}) before holding a job:\n${output}`)),
        );
      });
      child.kill('SIGKILL');
      await once(child, 'exit');
      return jobId;
    },
    async close() {
      for (const queue of queues) await queue.stop({ graceful: false, timeoutMs: 1000 });
      for (const boss of bosses) await boss.stop({ graceful: false }).catch(() => undefined);
      const client = new pg.Client({ connectionString });
      await client.connect();
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
