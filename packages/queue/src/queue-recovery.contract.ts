// Queue contract, part 4: a worker that vanishes (kill -9) holding a run; the run must come back.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeadRunJob, RunJob } from './queue-types.ts';
import { FAST_SETTINGS, type QueueSettings } from './test-support/queue-backends.ts';
import {
  type QueueContractContext,
  newRunId,
  waitUntil,
} from './test-support/queue-contract-context.ts';

export function describeWorkerLoss(context: () => QueueContractContext): void {
  describe('a worker that vanishes holding a run', () => {
    let backend: QueueContractContext['backend'];
    let track: QueueContractContext['track'];
    let stopWorkers: QueueContractContext['stopWorkers'];
    beforeAll(() => {
      ({ backend, track, stopWorkers } = context());
    });

    const settings: QueueSettings = FAST_SETTINGS;

    it('gets its run back to another worker within the recovery window', async () => {
      const recovering = await backend.openQueue('vanish', settings);
      const runId = newRunId('vanish');
      await recovering.enqueueRun({ runId });
      const jobId = await backend.claimRunJobAndVanish('vanish', settings);
      const seen: RunJob[] = [];
      track(await recovering.workRuns(async (job) => void seen.push(job), { concurrency: 1 }));
      const window = recovering.recoveryWindowSeconds();
      expect(window).toBeLessThanOrEqual(60);
      await waitUntil(() => seen.length === 1, window * 1000, 'the recovered run');
      expect(seen[0]).toMatchObject({
        runId,
        jobId,
        attempt: 2,
        previousFailure: { code: 'WORKER_LOST' },
      });
      await stopWorkers();
    });

    it('dead-letters its run as WORKER_LOST when no attempts are left', async () => {
      const lastChance: QueueSettings = {
        ...settings,
        policies: { run: { retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false } },
      };
      const recovering = await backend.openQueue('vanish_last', lastChance);
      const runId = newRunId('vanishlast');
      await recovering.enqueueRun({ runId });
      await backend.claimRunJobAndVanish('vanish_last', lastChance);
      const dead: DeadRunJob[] = [];
      track(await recovering.workDeadRuns(async (job) => void dead.push(job)));
      await waitUntil(
        () => dead.length === 1,
        recovering.recoveryWindowSeconds() * 1000,
        'the dead letter',
      );
      expect(dead[0]).toMatchObject({ runId, attempts: 1, failure: { code: 'WORKER_LOST' } });
      await stopWorkers();
    });
  });
}
