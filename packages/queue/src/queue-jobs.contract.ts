// Queue contract, part 1: enqueueing, working, concurrency, retries and dead letters.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeadRunJob, RunJob } from './queue-types.ts';
import { QueueError, RetryableJobError } from './queue-errors.ts';
import { FAST_SETTINGS } from './test-support/queue-backends.ts';
import {
  type QueueContractContext,
  JOB_WAIT_MS,
  deferred,
  newRunId,
  waitUntil,
} from './test-support/queue-contract-context.ts';

export function describeJobLifecycle(context: () => QueueContractContext): void {
  describe('jobs', () => {
    let backend: QueueContractContext['backend'];
    let queue: QueueContractContext['queue'];
    let track: QueueContractContext['track'];
    let stopWorkers: QueueContractContext['stopWorkers'];
    beforeAll(() => {
      ({ backend, queue, track, stopWorkers } = context());
    });

    it('refuses use before start and payloads that do not match the catalog', async () => {
      const { createQueue } = await import('./create-queue.ts');
      const idle = createQueue({ connectionString: 'postgres://127.0.0.1:1/none' });
      await expect(idle.enqueueRun({ runId: 'r1' })).rejects.toMatchObject({
        code: 'QUEUE_NOT_STARTED',
      });
      await expect(queue.enqueueRun({ runId: 'not an id!' })).rejects.toMatchObject({
        code: 'JOB_PAYLOAD_INVALID',
      });
      await expect(
        queue.enqueue('artifacts-delete', { keys: [], prefixes: [] }),
      ).rejects.toBeInstanceOf(QueueError);
    });

    it('hands an enqueued run to a worker once and records it completed', async () => {
      const runId = newRunId('basic');
      const seen: RunJob[] = [];
      const jobId = await queue.enqueueRun({ runId });
      expect(jobId).toEqual(expect.any(String));
      track(await queue.workRuns(async (job) => void seen.push(job), { concurrency: 1 }));
      await waitUntil(() => seen.length === 1, JOB_WAIT_MS, 'the run');
      expect(seen[0]).toMatchObject({
        runId,
        jobId,
        attempt: 1,
        maxAttempts: 3,
        previousFailure: null,
      });
      expect(seen[0]!.signal.aborted).toBe(false);
      await waitUntil(
        async () => (await queue.findRunJobs(runId))[0]?.state === 'completed',
        JOB_WAIT_MS,
        'completion',
      );
      await stopWorkers();
      expect(seen).toHaveLength(1);
    });

    it('queues a run at most once while it is queued or running', async () => {
      const runId = newRunId('dup');
      expect(await queue.enqueueRun({ runId })).toEqual(expect.any(String));
      expect(await queue.enqueueRun({ runId })).toBeNull();
      expect(await queue.cancelRun(runId)).toBe(1);
      // Once the first is finished (here: cancelled) the run may be queued again.
      expect(await queue.enqueueRun({ runId })).toEqual(expect.any(String));
      expect(await queue.cancelRun(runId)).toBe(1);
    });

    it('never runs more jobs at once than the worker concurrency', async () => {
      const runIds = Array.from({ length: 7 }, () => newRunId('conc'));
      let active = 0;
      let maxActive = 0;
      let done = 0;
      const gate = deferred();
      for (const runId of runIds) await queue.enqueueRun({ runId });
      track(
        await queue.workRuns(
          async () => {
            active++;
            maxActive = Math.max(maxActive, active);
            await gate.promise;
            active--;
            done++;
          },
          { concurrency: 3 },
        ),
      );
      await waitUntil(() => active === 3, JOB_WAIT_MS, 'three jobs running');
      // Several polling rounds in which a fourth job could have been taken, had the limit not held.
      await new Promise((r) => setTimeout(r, 2_000));
      expect(active).toBe(3);
      gate.resolve();
      await waitUntil(() => done === 7, JOB_WAIT_MS, 'all jobs');
      expect(maxActive).toBe(3);
      await stopWorkers();
    });

    it('retries an infrastructure failure and tells the next attempt why', async () => {
      const runId = newRunId('retry');
      const attempts: RunJob[] = [];
      await queue.enqueueRun({ runId });
      track(
        await queue.workRuns(
          async (job) => {
            if (job.runId !== runId) return;
            attempts.push(job);
            if (job.attempt === 1) throw new RetryableJobError('browser crashed');
          },
          { concurrency: 1 },
        ),
      );
      await waitUntil(() => attempts.length === 2, JOB_WAIT_MS, 'the retry');
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
      expect(attempts[1]!.previousFailure).toEqual({
        code: 'JOB_RETRYABLE',
        message: 'browser crashed',
      });
      await waitUntil(
        async () => (await queue.findRunJobs(runId))[0]?.state === 'completed',
        JOB_WAIT_MS,
        'completion',
      );
      await stopWorkers();
    });

    it('never retries a failure that is not marked retryable, and dead-letters it with the reason', async () => {
      const runId = newRunId('noretry');
      let calls = 0;
      const dead: DeadRunJob[] = [];
      await queue.enqueueRun({ runId });
      track(
        await queue.workRuns(
          async (job) => {
            if (job.runId !== runId) return;
            calls++;
            throw Object.assign(new Error('recorder bug'), { code: 'RECORDER_BUG' });
          },
          { concurrency: 1 },
        ),
      );
      track(await queue.workDeadRuns(async (job) => void dead.push(job)));
      await waitUntil(() => dead.some((d) => d.runId === runId), JOB_WAIT_MS, 'the dead letter');
      const letter = dead.find((d) => d.runId === runId)!;
      expect(letter.failure).toEqual({ code: 'RECORDER_BUG', message: 'recorder bug' });
      expect(letter.attempts).toBe(1);
      expect(calls).toBe(1);
      const [job] = await queue.findRunJobs(runId);
      expect(job).toMatchObject({ state: 'failed', attempt: 1, failure: { code: 'RECORDER_BUG' } });
      await stopWorkers();
    });

    it('dead-letters a run once its infrastructure retries are used up', async () => {
      const strict = await backend.openQueue('strict', {
        ...FAST_SETTINGS,
        policies: { run: { retryLimit: 1, retryDelaySeconds: 0, retryBackoff: false } },
      });
      const runId = newRunId('exhaust');
      const dead: DeadRunJob[] = [];
      let calls = 0;
      await strict.enqueueRun({ runId });
      track(
        await strict.workRuns(
          async () => {
            calls++;
            throw new RetryableJobError('database unreachable');
          },
          { concurrency: 1 },
        ),
      );
      track(await strict.workDeadRuns(async (job) => void dead.push(job)));
      await waitUntil(() => dead.length === 1, JOB_WAIT_MS, 'the dead letter');
      expect(calls).toBe(2);
      expect(dead[0]).toMatchObject({ runId, attempts: 2, failure: { code: 'JOB_RETRYABLE' } });
      await stopWorkers();
    });
  });
}
