// Queue contract, part 2: cancelling, timeouts, stopping workers, and two workers sharing a queue.
import { beforeAll, describe, expect, it } from 'vitest';
import { JOB_CATALOG } from './job-catalog.ts';
import type { RunJob } from './queue-types.ts';
import { FAST_SETTINGS } from './test-support/queue-backends.ts';
import {
  type QueueContractContext,
  JOB_WAIT_MS,
  deferred,
  newRunId,
  waitUntil,
} from './test-support/queue-contract-context.ts';

export function describeJobControl(context: () => QueueContractContext): void {
  describe('control', () => {
    let backend: QueueContractContext['backend'];
    let queue: QueueContractContext['queue'];
    let track: QueueContractContext['track'];
    let stopWorkers: QueueContractContext['stopWorkers'];
    beforeAll(() => {
      ({ backend, queue, track, stopWorkers } = context());
    });

    it('cancels a running run: its signal aborts with JOB_CANCELLED and it is not retried', async () => {
      const runId = newRunId('cancel');
      const started = deferred();
      let reason: unknown;
      await queue.enqueueRun({ runId });
      track(
        await queue.workRuns(
          async (job) => {
            started.resolve();
            await new Promise<void>((resolve) =>
              job.signal.addEventListener('abort', () => resolve()),
            );
            reason = job.signal.reason;
          },
          { concurrency: 1 },
        ),
      );
      await started.promise;
      expect(await queue.cancelRun(runId)).toBe(1);
      await waitUntil(() => reason !== undefined, 5_000, 'the abort');
      expect(reason).toMatchObject({ code: 'JOB_CANCELLED' });
      expect((await queue.findRunJobs(runId))[0]?.state).toBe('cancelled');
      expect(await queue.cancelRun(runId)).toBe(0);
      await stopWorkers();
    });

    it("a cancel made behind the queue's back still reaches the running worker at its next heartbeat", async () => {
      const runId = newRunId('rawcancel');
      const started = deferred();
      let reason: unknown;
      const jobId = await queue.enqueueRun({ runId });
      track(
        await queue.workRuns(
          async (job) => {
            started.resolve();
            await new Promise<void>((resolve) =>
              job.signal.addEventListener('abort', () => resolve()),
            );
            reason = job.signal.reason;
          },
          { concurrency: 1 },
        ),
      );
      await started.promise;
      // pg-boss's own cancel sends no notification: only the heartbeat can tell the worker.
      const raw = await backend.openRawBoss('main');
      await raw.cancel(JOB_CATALOG.run.queue, jobId!);
      await waitUntil(() => reason !== undefined, 10_000, 'the abort');
      expect(reason).toMatchObject({ code: 'JOB_CANCELLED' });
      await stopWorkers();
    });

    it('stops gracefully: a running run finishes and completes before stop resolves', async () => {
      const stopping = await backend.openQueue('main', FAST_SETTINGS);
      const runId = newRunId('graceful');
      const started = deferred();
      let finished = false;
      await queue.enqueueRun({ runId });
      await stopping.workRuns(
        async () => {
          started.resolve();
          await new Promise((r) => setTimeout(r, 500));
          finished = true;
        },
        { concurrency: 1 },
      );
      await started.promise;
      await stopping.stop({ graceful: true, timeoutMs: 10_000 });
      expect(finished).toBe(true);
      expect((await queue.findRunJobs(runId))[0]?.state).toBe('completed');
    });

    it('stops within its timeout: a run still going is aborted with WORKER_STOPPING and handed back', async () => {
      const stopping = await backend.openQueue('main', FAST_SETTINGS);
      const runId = newRunId('stoptimeout');
      const started = deferred();
      let reason: unknown;
      await queue.enqueueRun({ runId });
      await stopping.workRuns(
        async (job) => {
          started.resolve();
          await new Promise<void>((resolve) =>
            job.signal.addEventListener('abort', () => resolve()),
          );
          reason = job.signal.reason;
          throw job.signal.reason;
        },
        { concurrency: 1 },
      );
      await started.promise;
      await stopping.stop({ graceful: true, timeoutMs: 300 });
      expect(reason).toMatchObject({ code: 'WORKER_STOPPING' });
      const [job] = await queue.findRunJobs(runId);
      expect(['retry', 'created']).toContain(job?.state);
      expect(job?.failure).toMatchObject({ code: 'WORKER_STOPPING' });
      expect(await queue.cancelRun(runId)).toBe(1);
    });

    it('aborts a run at its timeout so the worker can record it, and does not retry it', async () => {
      const runId = newRunId('timeout');
      const reasons: unknown[] = [];
      await queue.enqueueRun({ runId, timeoutSeconds: 1 });
      track(
        await queue.workRuns(
          async (job) => {
            expect(job.deadline.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
            await new Promise<void>((resolve) =>
              job.signal.addEventListener('abort', () => resolve()),
            );
            reasons.push(job.signal.reason);
          },
          { concurrency: 1 },
        ),
      );
      await waitUntil(
        async () => (await queue.findRunJobs(runId))[0]?.state === 'completed',
        JOB_WAIT_MS,
        'completion',
      );
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatchObject({ code: 'JOB_TIMEOUT' });
      await stopWorkers();
    });

    it('hands a run back when its worker stops under it, and another worker takes it', async () => {
      const runId = newRunId('handback');
      const started = deferred();
      const second: RunJob[] = [];
      await queue.enqueueRun({ runId });
      const first = await queue.workRuns(
        async (job) => {
          started.resolve();
          await new Promise<void>((resolve) =>
            job.signal.addEventListener('abort', () => resolve()),
          );
          throw job.signal.reason;
        },
        { concurrency: 1 },
      );
      await started.promise;
      await first.stop({ graceful: false });
      track(await queue.workRuns(async (job) => void second.push(job), { concurrency: 1 }));
      await waitUntil(() => second.length === 1, JOB_WAIT_MS, 'the second worker');
      expect(second[0]).toMatchObject({
        runId,
        attempt: 2,
        previousFailure: { code: 'WORKER_STOPPING' },
      });
      await stopWorkers();
    });

    it('two workers never get the same job', async () => {
      const other = await backend.openQueue('main', FAST_SETTINGS);
      const runIds = Array.from({ length: 24 }, () => newRunId('pair'));
      const handled: string[] = [];
      const handler = async (job: RunJob) => {
        handled.push(job.runId);
        await new Promise((r) => setTimeout(r, 20));
      };
      track(await queue.workRuns(handler, { concurrency: 3 }));
      track(await other.workRuns(handler, { concurrency: 3 }));
      await Promise.all(runIds.map((runId) => queue.enqueueRun({ runId })));
      await waitUntil(() => handled.length >= runIds.length, 30_000, 'every run');
      await new Promise((r) => setTimeout(r, 1_000));
      expect(handled.sort()).toEqual([...runIds].sort());
      await stopWorkers();
    });
  });
}
