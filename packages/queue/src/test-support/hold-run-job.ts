// Test support, run as a child process: takes one run job, says so on stdout, and holds it until killed.
import { createQueue } from '../create-queue.ts';
import type { QueueSettings } from './queue-backends.ts';

const [connectionString, schema, settingsJson] = process.argv.slice(2);
if (!connectionString || !schema || !settingsJson) {
  console.error('usage: hold-run-job.ts <connectionString> <schema> <settingsJson>');
  process.exit(2);
}
const settings = JSON.parse(settingsJson) as QueueSettings;
const queue = createQueue({ connectionString, schema, poolSize: 2, ...settings });
await queue.start();
await queue.workRuns(
  async (job) => {
    process.stdout.write(`HOLDING ${job.jobId}\n`);
    await new Promise(() => undefined);
  },
  { concurrency: 1, pollingIntervalSeconds: 0.5 },
);
