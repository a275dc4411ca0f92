import { describeQueueContract } from './queue.contract.ts';
import { createPgliteBackend } from './test-support/queue-backends.ts';

describeQueueContract('PGlite (embedded, one process)', createPgliteBackend);
