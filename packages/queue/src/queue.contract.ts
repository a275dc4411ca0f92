// The one behaviour suite the queue must pass on both backends: PGlite in process and the PostgreSQL server.
import { afterAll, beforeAll, describe } from 'vitest';
import { describeJobControl } from './queue-control.contract.ts';
import { describeRunEvents } from './queue-events.contract.ts';
import { describeJobLifecycle } from './queue-jobs.contract.ts';
import { describeWorkerLoss } from './queue-recovery.contract.ts';
import { FAST_SETTINGS, type QueueBackend } from './test-support/queue-backends.ts';
import type { QueueContractContext } from './test-support/queue-contract-context.ts';
import type { JobWorker } from './work-jobs.ts';

export function describeQueueContract(
  name: string,
  createBackend: () => Promise<QueueBackend>,
): void {
  describe(`queue contract: ${name}`, () => {
    let context: QueueContractContext | undefined;
    const workers: JobWorker[] = [];
    const stopWorkers = async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop({ graceful: false })));
    };

    beforeAll(async () => {
      const backend = await createBackend();
      const queue = await backend.openQueue('main', FAST_SETTINGS);
      context = {
        backend,
        queue,
        track: (worker) => {
          workers.push(worker);
          return worker;
        },
        stopWorkers,
      };
    });
    afterAll(async () => {
      await stopWorkers();
      await context?.backend.close();
    });

    const current = (): QueueContractContext => {
      if (!context) throw new Error('the queue contract context is not open');
      return context;
    };
    describeJobLifecycle(current);
    describeJobControl(current);
    describeRunEvents(current);
    describeWorkerLoss(current);
  });
}
