// Test support, run as a child process: one worker on a server database until SIGTERM (or SIGKILL in tests).
// The CLI's `retrace worker` is the real entry point; this stand-in reads its configuration from the environment:
//   RETRACE_WORKER_DATABASE_URL  postgres:// URL (required)
//   RETRACE_WORKER_SECRET_KEY    base64 secret key of the deployment (required)
//   RETRACE_WORKER_ARTIFACT_DIR  local artifact directory (required)
//   RETRACE_WORKER_OPTIONS       JSON worker options (createWorker's schema), optional
//   RETRACE_WORKER_QUEUE         JSON { timings, policies } for the queue, optional
// It prints `READY <workerId>` once taking jobs and `STOPPED` after a graceful stop.
import { createDatabase } from '@retrace/db';
import { createSecretKeyring } from '@retrace/domain';
import { createQueue } from '@retrace/queue';
import { createLocalArtifactStore } from '@retrace/storage';
import { createWorker } from '../create-worker.ts';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`worker-process: ${name} is required`);
    process.exit(2);
  }
  return value;
}

const url = required('RETRACE_WORKER_DATABASE_URL');
const secretKey = required('RETRACE_WORKER_SECRET_KEY');
const artifactDir = required('RETRACE_WORKER_ARTIFACT_DIR');
const options = JSON.parse(process.env.RETRACE_WORKER_OPTIONS ?? '{}') as Record<string, unknown>;
const queueSettings = JSON.parse(process.env.RETRACE_WORKER_QUEUE ?? '{}') as Record<
  string,
  unknown
>;

const database = await createDatabase({ kind: 'postgres', url, poolSize: 8 });
const queue = createQueue({
  connectionString: url,
  poolSize: 4,
  instanceName: `worker-process-${process.pid}`,
  ...queueSettings,
  onError: (error) => console.error(`queue: ${error.message}`),
});
const artifacts = createLocalArtifactStore({ dir: artifactDir });
const worker = createWorker(
  {
    domain: { db: database.db, secretKey: createSecretKeyring([secretKey]) },
    artifacts,
    queue,
    log: {
      info: (message, fields) => console.log(`INFO ${message} ${JSON.stringify(fields ?? {})}`),
      warn: (message, fields) => console.log(`WARN ${message} ${JSON.stringify(fields ?? {})}`),
      error: (message, fields) => console.error(`ERROR ${message} ${JSON.stringify(fields ?? {})}`),
    },
  },
  options,
);
await worker.start();
console.log(`READY ${worker.stats().workerId}`);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await worker.stop({ graceful: true });
  await queue.stop({ graceful: true, timeoutMs: 5_000 });
  await artifacts.close();
  await database.close();
  console.log('STOPPED');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
