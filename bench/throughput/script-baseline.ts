// The throughput bench's baseline: the same shop journey as a hand-written Playwright script, in 1 or 2 plain
// Node processes, so the scale-out Retrace's workers reach is read beside what the script itself reaches.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuPerRun, startCpuSampler, type CpuBreakdown } from './process-cpu.ts';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'script-process.ts');

export interface ScriptBaseline {
  processes: number;
  journeys: number;
  runsPerMinute: number;
  wallSeconds: number;
  failed: number;
  /** CPU seconds per journey, by component (`node` is the script processes' Node). */
  cpuPerRun: CpuBreakdown;
}

interface ScriptChild {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the child's output once it printed `line` (a regular expression), rejects if it exits first. */
  waitFor: (line: RegExp) => Promise<RegExpExecArray>;
}

function spawnScript(origin: string, chromium: string, journeys: number): ScriptChild {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, RETRACE_BENCH_SCRIPT: JSON.stringify({ origin, chromium, journeys }) },
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const waitFor = (line: RegExp): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = line.exec(output);
        if (match) {
          listeners.delete(check);
          resolve(match);
        }
      };
      listeners.add(check);
      child.once('exit', (code) => {
        listeners.delete(check);
        reject(new Error(`the script process exited (${code}) before ${line}:\n${output}`));
      });
      check();
    });
  return { child, output: () => output, waitFor };
}

/** Runs `journeys` hand-written journeys split over `processes` script processes, timed from GO to the last DONE. */
export async function measureScriptBaseline(options: {
  origin: string;
  chromium: string;
  processes: number;
  journeys: number;
}): Promise<ScriptBaseline> {
  const { processes, journeys } = options;
  const children = Array.from({ length: processes }, (_, i) =>
    spawnScript(
      options.origin,
      options.chromium,
      Math.floor(journeys / processes) + (i < journeys % processes ? 1 : 0),
    ),
  );
  try {
    await Promise.all(children.map((c) => c.waitFor(/^READY$/m)));
    const cpu = startCpuSampler(children.map((c) => c.child.pid ?? -1));
    const started = performance.now();
    const done = children.map((c) => c.waitFor(/^DONE (\d+)$/m));
    for (const c of children) c.child.stdin?.write('GO\n');
    const failed = (await Promise.all(done)).reduce((sum, m) => sum + Number(m[1]), 0);
    const wallSeconds = (performance.now() - started) / 1000;
    const spent = cpu.stop();
    return {
      processes,
      journeys,
      runsPerMinute: (journeys / wallSeconds) * 60,
      wallSeconds,
      failed,
      cpuPerRun: cpuPerRun(spent, journeys),
    };
  } finally {
    for (const c of children) {
      if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGTERM');
    }
    await Promise.all(
      children.map((c) =>
        c.child.exitCode !== null || c.child.signalCode !== null
          ? undefined
          : once(c.child, 'exit'),
      ),
    );
  }
}
