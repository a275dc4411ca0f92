// Starts a real `retrace serve` or `retrace demo` process on a temporary data directory and a free port.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The repository root (apps/web/scripts → ../../..). */
export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const CLI = path.join(REPOSITORY_ROOT, 'apps', 'cli', 'bin', 'retrace.js');

const SERVING = /Retrace is serving (http:\/\/\S+)/;
/** `retrace demo` prints this once the demo is loaded and its suite has run. */
const DEMO_READY = /Still serving/;
const STOP_GRACE_MS = 20_000;
const MAX_OUTPUT_CHARS = 200_000;

/** Variables that would make the process call a real model, or leave the embedded database. */
const SCRUBBED_ENV = [
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'RETRACE_LLM_BASE_URL',
  'RETRACE_LLM_API_KEY',
  'RETRACE_LLM_MODEL',
  'RETRACE_LLM_PROVIDER',
  'DATABASE_URL',
  'RETRACE_DATA_DIR',
  'RETRACE_PORT',
  'RETRACE_PUBLIC_URL',
];

export interface StartRetraceOptions {
  command: 'serve' | 'demo';
  /** Extra command-line arguments, e.g. `['--demo-variant', 'broken']`. */
  args?: string[];
  /** A fresh temporary directory when absent (removed again by `stop`). */
  dataDir?: string;
  env?: Record<string, string | undefined>;
  /** How long to wait for the server (and for `demo`, its suite); default 5 minutes. */
  readyTimeoutMs?: number;
}

export interface RetraceProcess {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  dataDir: string;
  /** The local admin API key the process wrote to its data directory (null outside local mode). */
  apiKey: string | null;
  pid: number;
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string;
  /** SIGTERM, then SIGKILL after a grace period; removes a data directory this helper created. */
  stop(): Promise<void>;
}

function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' };
  for (const name of SCRUBBED_ENV) delete env[name];
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startRetrace(options: StartRetraceOptions): Promise<RetraceProcess> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'retrace-web-')));
  const args = [
    CLI,
    options.command,
    '--port',
    '0',
    '--data-dir',
    dataDir,
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPOSITORY_ROOT,
    env: childEnv(options.env ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, STOP_GRACE_MS))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
  };

  const readyPattern = options.command === 'demo' ? DEMO_READY : SERVING;
  const timeoutMs = options.readyTimeoutMs ?? 300_000;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanUp();
        reject(new Error(`retrace ${options.command} was not ready after ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (SERVING.test(output) && readyPattern.test(output)) {
          cleanUp();
          resolve();
        }
      };
      const onExit = (code: number | null) => {
        cleanUp();
        reject(new Error(`retrace ${options.command} exited (code ${code}) before it was ready`));
      };
      const cleanUp = () => {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        child.stderr?.off('data', check);
        child.off('exit', onExit);
      };
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      child.once('exit', onExit);
      check();
    });
    const url = (SERVING.exec(output)?.[1] ?? '').replace(/\/+$/, '');
    const apiKey = await readFile(path.join(dataDir, 'local-api-key'), 'utf8').then(
      (text) => text.trim(),
      () => null,
    );
    return { url, dataDir, apiKey, pid: child.pid ?? -1, output: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- output ---\n${output.slice(-6_000)}`, {
      cause: error,
    });
  }
}
