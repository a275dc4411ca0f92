// While a run executes: its heartbeat in the database, which is also how the worker hears of a cancel request.
import { type Actor, type DomainDeps, heartbeatRun, isDomainError } from '@retrace/domain';

export interface RunHeartbeatOptions {
  domain: DomainDeps;
  actor: Actor;
  runId: string;
  workerId: string;
  intervalMs: number;
  /** A user asked to cancel the run (requestCancelRun). */
  onCancelRequested: () => void;
  /** The run is no longer RUNNING on this worker (recovered elsewhere, or finished): stop writing to it. */
  onLost: (reason: string) => void;
  onError: (error: unknown) => void;
}

export interface RunHeartbeat {
  stop(): Promise<void>;
}

/** Beats every `intervalMs` (never two at once) until stopped; a failed beat is reported and the next one tried. */
export function startRunHeartbeat(options: RunHeartbeatOptions): RunHeartbeat {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let beating: Promise<void> = Promise.resolve();

  async function beat(): Promise<void> {
    try {
      const { cancelRequested } = await heartbeatRun(options.domain, options.actor, {
        runId: options.runId,
        workerId: options.workerId,
      });
      if (cancelRequested && !stopped) options.onCancelRequested();
    } catch (error) {
      if (isDomainError(error, 'INVALID_STATE_TRANSITION') || isDomainError(error, 'NOT_FOUND')) {
        if (!stopped) options.onLost(error.message);
        return;
      }
      options.onError(error);
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      beating = beat().finally(schedule);
    }, options.intervalMs);
  }

  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      await beating;
    },
  };
}
