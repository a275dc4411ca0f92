// Test support for browser tests: the system Chromium and a count of browser processes this process started.
import { readdirSync, readFileSync } from 'node:fs';
import { findChromiumExecutable } from './find-chromium.ts';

/** Debian's full Chromium: for tests about the full browser (and that the engine still works on it). */
export const FULL_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The Chromium a headless launch picks on the test machines, as the product does: Debian's headless shell when
 * installed (CI installs it), else the full browser.
 */
export const TEST_CHROMIUM_PATH =
  findChromiumExecutable({ includePlaywrightManaged: false }) ?? FULL_CHROMIUM_PATH;

interface ProcessInfo {
  pid: number;
  ppid: number;
  comm: string;
  state: string;
}

function readProcesses(): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may itself contain spaces or parentheses.
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      const rest = stat.slice(close + 2).split(' ');
      result.push({
        pid: Number(entry),
        comm: stat.slice(open + 1, close),
        state: rest[0] ?? '',
        ppid: Number(rest[1]),
      });
    } catch {
      // the process ended while we were reading
    }
  }
  return result;
}

/**
 * Live (non-zombie) Chromium processes descending from this test process, so browsers other test files
 * (or other engineers) run at the same time are not counted. Linux only (reads /proc).
 */
export function browserProcessesOfThisProcess(): number[] {
  const processes = readProcesses();
  const children = new Map<number, ProcessInfo[]>();
  for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found: number[] = [];
  const queue = [process.pid];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const child of children.get(pid) ?? []) {
      queue.push(child.pid);
      if (child.state !== 'Z' && /chrom/i.test(child.comm)) found.push(child.pid);
    }
  }
  return found;
}

/** Browser processes of this process that were not in `before` (so a shared browser's own churn is ignored). */
export function browserProcessesStartedSince(before: readonly number[]): number[] {
  return browserProcessesOfThisProcess().filter((pid) => !before.includes(pid));
}
