// Samples the resident memory of worker processes and their Chromium trees from /proc (Linux only).
import { readFileSync, readdirSync } from 'node:fs';

interface ProcessInfo {
  pid: number;
  ppid: number;
  name: string;
  rssBytes: number;
}

function readProcess(pid: number): ProcessInfo | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (key: string): string | undefined =>
      new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(status)?.[1]?.trim();
    const rssKb = Number((field('VmRSS') ?? '0 kB').split(/\s+/)[0]);
    return {
      pid,
      ppid: Number(field('PPid') ?? '0'),
      name: field('Name') ?? '',
      rssBytes: Number.isFinite(rssKb) ? rssKb * 1024 : 0,
    };
  } catch {
    return null; // gone between listing and reading
  }
}

function allProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readProcess(Number(entry)))
    .filter((p): p is ProcessInfo => p !== null);
}

export interface TreeMemory {
  /** RSS of the worker's node process. */
  nodeBytes: number;
  /** Summed RSS of every Chromium process below it (browser, GPU/utility, renderers). */
  chromiumBytes: number;
  /** Chromium renderer processes (roughly one per open page). */
  renderers: number;
}

/** The memory of each worker process tree, by root pid. RSS double-counts shared pages: an upper bound. */
export function sampleTrees(rootPids: readonly number[]): Map<number, TreeMemory> {
  const processes = allProcesses();
  const children = new Map<number, ProcessInfo[]>();
  for (const p of processes) {
    const list = children.get(p.ppid) ?? [];
    list.push(p);
    children.set(p.ppid, list);
  }
  const result = new Map<number, TreeMemory>();
  for (const root of rootPids) {
    const self = processes.find((p) => p.pid === root);
    const memory: TreeMemory = { nodeBytes: self?.rssBytes ?? 0, chromiumBytes: 0, renderers: 0 };
    const stack = [...(children.get(root) ?? [])];
    while (stack.length > 0) {
      const p = stack.pop() as ProcessInfo;
      if (/chrom/i.test(p.name)) {
        memory.chromiumBytes += p.rssBytes;
        try {
          if (readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes('--type=renderer'))
            memory.renderers++;
        } catch {
          // exited meanwhile
        }
      }
      stack.push(...(children.get(p.pid) ?? []));
    }
    result.set(root, memory);
  }
  return result;
}

export interface MemorySampler {
  /** Peak Chromium RSS per tree and peak renderer count seen so far. */
  peaks(): Map<number, { chromiumBytes: number; nodeBytes: number; renderers: number }>;
  stop(): void;
}

export function startMemorySampler(rootPids: readonly number[], intervalMs = 200): MemorySampler {
  const peaks = new Map<number, { chromiumBytes: number; nodeBytes: number; renderers: number }>();
  const sample = (): void => {
    for (const [pid, memory] of sampleTrees(rootPids)) {
      const peak = peaks.get(pid) ?? { chromiumBytes: 0, nodeBytes: 0, renderers: 0 };
      peaks.set(pid, {
        chromiumBytes: Math.max(peak.chromiumBytes, memory.chromiumBytes),
        nodeBytes: Math.max(peak.nodeBytes, memory.nodeBytes),
        renderers: Math.max(peak.renderers, memory.renderers),
      });
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    peaks: () => peaks,
    stop: () => clearInterval(timer),
  };
}
