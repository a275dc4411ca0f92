// Test support: starts worker-process.ts as a real child process and controls it (ready, SIGTERM, SIGKILL).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerOptionsInput } from '../worker-options.ts';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker-process.ts');

export interface WorkerProcessConfig {
  databaseUrl: string;
  secretKey: string;
  artifactDir: string;
  options?: WorkerOptionsInput;
  /** `{ timings, policies }` of the child's queue (production defaults when absent). */
  queue?: Record<string, unknown>;
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** The worker id it writes on runs, known once READY. */
  workerId: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGKILL, as `kill -9` does: no cleanup at all. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a graceful exit. */
  stop(): Promise<number | null>;
}

export async function spawnWorkerProcess(
  config: WorkerProcessConfig,
  readyTimeoutMs = 60_000,
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      RETRACE_WORKER_DATABASE_URL: config.databaseUrl,
      RETRACE_WORKER_SECRET_KEY: config.secretKey,
      RETRACE_WORKER_ARTIFACT_DIR: config.artifactDir,
      RETRACE_WORKER_OPTIONS: JSON.stringify(config.options ?? {}),
      RETRACE_WORKER_QUEUE: JSON.stringify(config.queue ?? {}),
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit');
  const workerId = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the worker process was not ready after ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    const onData = (): void => {
      const match = /READY (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker process exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    child,
    pid: child.pid ?? -1,
    workerId,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
