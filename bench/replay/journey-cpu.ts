// CPU time of one journey: this Node process and its Chromium processes by type, from /proc (Linux only).
import { readFileSync, readdirSync } from 'node:fs';
import { readTimes, TICKS_PER_SECOND } from '../throughput/process-cpu.ts';

/** CPU seconds by part: `node` (this process), then Chromium's `browser`, `renderer`, `gpu`, `other`. */
export type CpuParts = Record<'node' | 'browser' | 'renderer' | 'gpu' | 'other', number>;

export interface CpuSnapshot {
  node: number;
  /** Chromium descendants of this process: pid → part and CPU seconds so far. */
  chromium: Map<number, { part: keyof CpuParts; seconds: number }>;
}

function partOf(pid: number): keyof CpuParts {
  let commandLine = '';
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return 'other';
  }
  const type = /--type=(\S+)/.exec(commandLine)?.[1];
  if (type === undefined) return 'browser';
  if (type === 'renderer') return 'renderer';
  if (type === 'gpu-process') return 'gpu';
  return 'other'; // zygote, network and storage services
}

/** This process's CPU and that of every Chromium process below it, now. */
export function cpuSnapshot(): CpuSnapshot {
  const usage = process.cpuUsage();
  const children = new Map<number, number[]>();
  const seconds = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const times = readTimes(Number(entry));
    if (!times) continue;
    seconds.set(times.pid, times.ticks / TICKS_PER_SECOND);
    children.set(times.ppid, [...(children.get(times.ppid) ?? []), times.pid]);
  }
  const chromium = new Map<number, { part: keyof CpuParts; seconds: number }>();
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    stack.push(...(children.get(pid) ?? []));
    chromium.set(pid, { part: partOf(pid), seconds: seconds.get(pid) ?? 0 });
  }
  return { node: (usage.user + usage.system) / 1e6, chromium };
}

/**
 * CPU spent between two snapshots. A process born in between counts from zero; one that exited before `after`
 * is lost, so take `after` before closing the browser context whose renderer it is.
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuParts {
  const parts: CpuParts = {
    node: after.node - before.node,
    browser: 0,
    renderer: 0,
    gpu: 0,
    other: 0,
  };
  for (const [pid, { part, seconds }] of after.chromium)
    parts[part] += seconds - (before.chromium.get(pid)?.seconds ?? 0);
  return parts;
}

export const cpuTotal = (parts: CpuParts): number =>
  parts.node + parts.browser + parts.renderer + parts.gpu + parts.other;
