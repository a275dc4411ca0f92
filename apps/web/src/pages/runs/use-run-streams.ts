// Live updates from the API's event streams: one run's live view, and a project's runs lists kept fresh.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useReducer, useRef, useState } from 'react';
import type { RunDetail } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { type RunStreamEvent, streamRunEvents } from '../../api/run-events.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { applyRunEvent, EMPTY_LIVE_RUN, isFinished, type LiveRun } from './live-run.ts';

const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000];
const REFRESH_THROTTLE_MS = 750;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

type LiveAction = { kind: 'event'; event: RunStreamEvent } | { kind: 'reset' };

function liveReducer(state: LiveRun, action: LiveAction): LiveRun {
  return action.kind === 'reset' ? EMPTY_LIVE_RUN : applyRunEvent(state, action.event);
}

export interface RunStream {
  live: LiveRun;
  /** Connected to the stream right now. */
  connected: boolean;
  /** The last connection problem, while retrying. */
  problem: unknown;
}

/**
 * Follows a run while it is not finished: the snapshot and events update the cached run detail, and the stream
 * reconnects (with back-off) if it breaks before the run ends. Does nothing for a finished run.
 */
export function useRunStream(
  orgId: string,
  runId: string,
  detail: RunDetail | undefined,
): RunStream {
  const { getToken } = useAuth();
  const queryClient = useQueryClient();
  const [live, dispatch] = useReducer(liveReducer, EMPTY_LIVE_RUN);
  const [connected, setConnected] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const finished = isFinished(detail?.run.state);
  const shouldFollow = detail !== undefined && !finished;

  useEffect(() => {
    dispatch({ kind: 'reset' });
  }, [runId]);

  useEffect(() => {
    if (!shouldFollow) return;
    const controller = new AbortController();
    const url = `${window.location.origin}/api/orgs/${orgId}/runs/${runId}/events`;
    const key = queryKeys.run(orgId, runId);
    void (async () => {
      for (let attempt = 0; !controller.signal.aborted; attempt++) {
        let over = false;
        try {
          await streamRunEvents({
            url,
            getToken,
            signal: controller.signal,
            onOpen: () => {
              setConnected(true);
              setProblem(null);
              attempt = 0;
            },
            onEvent: (event) => {
              dispatch({ kind: 'event', event });
              if (event.type === 'snapshot') {
                queryClient.setQueryData(key, event.detail);
                over = isFinished(event.detail.run.state);
              }
              if (event.type === 'state' && isFinished(event.state)) over = true;
            },
          });
        } catch (error) {
          setProblem(error);
        }
        setConnected(false);
        if (controller.signal.aborted) return;
        // The stream ends after the final snapshot; make sure the cache holds the finished run.
        if (over) {
          await queryClient.invalidateQueries({ queryKey: key });
          return;
        }
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 10_000;
        await sleep(delay, controller.signal);
        await queryClient.invalidateQueries({ queryKey: key });
      }
    })();
    return () => controller.abort();
  }, [orgId, runId, shouldFollow, getToken, queryClient]);

  return { live, connected, problem };
}

/**
 * Keeps a project's run lists fresh: every run event of the project refreshes them (at most every 750 ms).
 * Returns whether the stream is connected.
 */
export function useProjectRunEvents(orgId: string, projectId: string, enabled = true): boolean {
  const { getToken } = useAuth();
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const url = `${window.location.origin}/api/orgs/${orgId}/projects/${projectId}/runs/events`;
    const refresh = () => {
      if (pending.current !== null) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        void queryClient.invalidateQueries({ queryKey: queryKeys.allRuns(orgId, projectId) });
      }, REFRESH_THROTTLE_MS);
    };
    void (async () => {
      for (let attempt = 0; !controller.signal.aborted; attempt++) {
        try {
          await streamRunEvents({
            url,
            getToken,
            signal: controller.signal,
            onOpen: () => {
              setConnected(true);
              attempt = 0;
            },
            onEvent: (event) => {
              if (event.type === 'state' || event.type === 'resync') refresh();
            },
          });
        } catch {
          // Shown as "not live" until it reconnects.
        }
        setConnected(false);
        if (controller.signal.aborted) return;
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 10_000;
        await sleep(delay, controller.signal);
        refresh();
      }
    })();
    return () => {
      controller.abort();
      if (pending.current !== null) clearTimeout(pending.current);
      pending.current = null;
    };
  }, [orgId, projectId, enabled, getToken, queryClient]);

  return connected;
}
