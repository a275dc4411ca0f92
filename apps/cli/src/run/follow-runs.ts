// Follows a batch of runs to its end: live events from the project's SSE stream, the truth from polling the batch.
import type { ApiClient } from '../client/api-client.ts';
import type { ApiRun } from '../client/api-types.ts';
import { readEventStream } from '../client/event-stream.ts';

/** One test case × browser config being followed: its latest attempt and what it is doing now. */
export interface RunProgress {
  key: string;
  run: ApiRun;
  /** The step being executed, from live events. */
  step: { idx: number; goal: string | null } | null;
}

export interface FollowRunsOptions {
  client: ApiClient;
  organizationId: string;
  projectId: string;
  batchId: string;
  runs: readonly ApiRun[];
  /** Epoch ms after which unfinished runs are cancelled and reported as timed out. */
  deadline: number;
  signal?: AbortSignal;
  onProgress?: (progress: readonly RunProgress[]) => void;
  pollIntervalMs?: number;
}

export interface FollowRunsResult {
  progress: RunProgress[];
  /** Keys of pairs that did not finish before the deadline (their runs were cancelled). */
  timedOut: Set<string>;
}

const FINISHED = new Set(['PASSED', 'FAILED']);
/** How long a failed attempt that announced a retry may wait for its next attempt to appear. */
const RETRY_APPEAR_MS = 30_000;

export function pairKey(run: Pick<ApiRun, 'testCaseId' | 'browserConfigId'>): string {
  return `${run.testCaseId}|${run.browserConfigId}`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A failed infrastructure attempt whose worker queued another attempt is not the last word yet. */
function awaitingRetry(run: ApiRun, now: number): boolean {
  if (run.state !== 'FAILED' || run.failureKind !== 'infrastructure') return false;
  if (!/— retrying \(attempt/.test(run.failureMessage ?? '')) return false;
  const finished = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return now - finished < RETRY_APPEAR_MS;
}

export async function followRuns(options: FollowRunsOptions): Promise<FollowRunsResult> {
  const { client, organizationId, projectId, batchId } = options;
  const pairs = new Map<string, RunProgress>();
  const runIds = new Set<string>();
  const take = (run: ApiRun) => {
    const key = pairKey(run);
    const current = pairs.get(key);
    if (current && current.run.attempt > run.attempt) return;
    runIds.add(run.id);
    const sameRun = current?.run.id === run.id;
    pairs.set(key, {
      key,
      run,
      step: sameRun && !FINISHED.has(run.state) ? (current?.step ?? null) : null,
    });
  };
  for (const run of options.runs) take(run);
  const notify = () => options.onProgress?.([...pairs.values()]);
  notify();

  // Live events make the display lively; polling below stays the source of truth (events are best effort).
  const live = new AbortController();
  const stopLive = () => live.abort();
  options.signal?.addEventListener('abort', stopLive, { once: true });
  const streaming = (async () => {
    try {
      const response = await client.stream(
        `/api/orgs/${organizationId}/projects/${projectId}/runs/events`,
        {
          signal: live.signal,
        },
      );
      await readEventStream(
        response,
        (event) => {
          let data: { runId?: string; state?: string; stepIdx?: number; goal?: string };
          try {
            data = JSON.parse(event.data) as typeof data;
          } catch {
            return;
          }
          if (!data.runId || !runIds.has(data.runId)) return;
          const entry = [...pairs.values()].find((p) => p.run.id === data.runId);
          if (!entry) return;
          if (event.event === 'state' && data.state && !FINISHED.has(entry.run.state)) {
            entry.run = { ...entry.run, state: data.state as ApiRun['state'] };
          } else if (event.event === 'step_started' && typeof data.stepIdx === 'number') {
            entry.step = { idx: data.stepIdx, goal: data.goal ?? null };
          } else return;
          notify();
        },
        live.signal,
      );
    } catch {
      // No live view (an older server, a proxy that buffers): the polling below is enough.
    }
  })();

  const timedOut = new Set<string>();
  try {
    for (;;) {
      if (options.signal?.aborted) break;
      const batch = await client.list<ApiRun>(
        `/api/orgs/${organizationId}/projects/${projectId}/runs`,
        {
          query: { batchId, sort: 'oldest' },
          ...(options.signal ? { signal: options.signal } : {}),
        },
      );
      for (const run of batch) take(run);
      notify();
      const now = Date.now();
      const open = [...pairs.values()].filter(
        (p) => !FINISHED.has(p.run.state) || awaitingRetry(p.run, now),
      );
      if (open.length === 0) break;
      if (now >= options.deadline) {
        for (const entry of open) {
          timedOut.add(entry.key);
          if (!FINISHED.has(entry.run.state)) {
            await client
              .post(`/api/orgs/${organizationId}/runs/${entry.run.id}/cancel`)
              .catch(() => undefined);
          }
        }
        break;
      }
      await sleep(
        Math.min(options.pollIntervalMs ?? 1_000, Math.max(0, options.deadline - now)),
        options.signal,
      );
    }
  } finally {
    live.abort();
    options.signal?.removeEventListener('abort', stopLive);
    await streaming;
  }
  return { progress: [...pairs.values()], timedOut };
}

/** Asks the server to cancel every unfinished run of a batch (Ctrl-C of a run). */
export async function cancelRuns(
  client: ApiClient,
  organizationId: string,
  runs: readonly ApiRun[],
): Promise<void> {
  await Promise.all(
    runs
      .filter((run) => !FINISHED.has(run.state))
      .map((run) =>
        client.post(`/api/orgs/${organizationId}/runs/${run.id}/cancel`).catch(() => undefined),
      ),
  );
}
