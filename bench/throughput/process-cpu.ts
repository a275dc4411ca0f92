// CPU time by component (worker Node, Chromium, PostgreSQL, everything) from /proc (Linux only).
import { readFileSync, readdirSync } from 'node:fs';

export const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface ProcessTimes {
  pid: number;
  ppid: number;
  name: string;
  /** utime + stime, in ticks. */
  ticks: number;
}

/** One process's parent, name and CPU time so far, from /proc/<pid>/stat; null once it is gone. */
export function readTimes(pid: number): ProcessTimes | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name is in parentheses and may contain spaces: split after the last ')'.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat
      .slice(close + 2)
      .split(' ')
      .map((f) => Number(f));
    // After the name: state(0) ppid(1) … utime(11) stime(12).
    return { pid, ppid: fields[1] ?? 0, name, ticks: (fields[11] ?? 0) + (fields[12] ?? 0) };
  } catch {
    return null;
  }
}

function systemBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...values] = line.trim().split(/\s+/);
  const n = values.map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  return n.reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + (v || 0)), 0);
}

export interface CpuBreakdown {
  /** CPU seconds of the worker processes' Node. */
  node: number;
  /** CPU seconds of Chromium processes below the workers. */
  chromium: number;
  /** CPU seconds of PostgreSQL server processes. */
  postgres: number;
  /** CPU seconds of the whole machine (busy time of all cores). */
  system: number;
}

export interface CpuSampler {
  /** Stops sampling and returns the CPU spent since the start, by component. */
  stop(): CpuBreakdown;
}

/**
 * Samples every 100 ms and keeps each process's last cumulative CPU time, so a Chromium renderer that exits
 * between samples loses at most its last 100 ms: a slight underestimate for short-lived processes.
 */
export function startCpuSampler(rootPids: readonly number[], intervalMs = 100): CpuSampler {
  const first = new Map<number, number>();
  const last = new Map<number, { ticks: number; kind: keyof CpuBreakdown }>();
  const systemStart = systemBusyTicks();
  let initial = true;
  const sample = (): void => {
    const processes = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map((entry) => readTimes(Number(entry)))
      .filter((p): p is ProcessTimes => p !== null);
    const byParent = new Map<number, ProcessTimes[]>();
    for (const p of processes) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
    const record = (p: ProcessTimes, kind: keyof CpuBreakdown): void => {
      if (initial) first.set(p.pid, p.ticks);
      else if (!first.has(p.pid)) first.set(p.pid, 0); // born during the measurement
      last.set(p.pid, { ticks: p.ticks, kind });
    };
    for (const root of rootPids) {
      const self = processes.find((p) => p.pid === root);
      if (self) record(self, 'node');
      const stack = [...(byParent.get(root) ?? [])];
      while (stack.length > 0) {
        const p = stack.pop() as ProcessTimes;
        if (/chrom/i.test(p.name)) record(p, 'chromium');
        stack.push(...(byParent.get(p.pid) ?? []));
      }
    }
    for (const p of processes) if (p.name === 'postgres') record(p, 'postgres');
    initial = false;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const total: CpuBreakdown = { node: 0, chromium: 0, postgres: 0, system: 0 };
      for (const [pid, { ticks, kind }] of last) {
        total[kind] += (ticks - (first.get(pid) ?? 0)) / TICKS_PER_SECOND;
      }
      total.system = (systemBusyTicks() - systemStart) / TICKS_PER_SECOND;
      return total;
    },
  };
}

/** CPU seconds per run: every component of `spent` divided by the number of runs it was spent on. */
export function cpuPerRun(spent: CpuBreakdown, runs: number): CpuBreakdown {
  return {
    node: spent.node / runs,
    chromium: spent.chromium / runs,
    postgres: spent.postgres / runs,
    system: spent.system / runs,
  };
}
