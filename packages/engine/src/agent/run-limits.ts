// Cancellation and time limits of a run and of its steps, with the reason each abort happened.

/** Why work was stopped: the caller cancelled, the run's deadline came, or the step's time ran out. */
export type StopCause = 'cancelled' | 'run_timeout' | 'step_timeout';

/**
 * One AbortSignal for the whole run that fires on the caller's signal or at the deadline, remembering which.
 * Dispose it when the run ends (it holds a timer).
 */
export class RunScope {
  private readonly controller = new AbortController();
  private cause: StopCause | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort = (): void => this.stop('cancelled');

  constructor(
    private readonly caller: AbortSignal | undefined,
    readonly deadline: number,
    private readonly clock: () => number,
  ) {
    this.timer = setTimeout(() => this.stop('run_timeout'), Math.max(0, deadline - clock()));
    if (caller?.aborted) this.stop('cancelled');
    else caller?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the run was stopped, or null while it may go on. Checks the clock too (timers can fire late). */
  stopped(): StopCause | null {
    if (this.cause === null && this.clock() >= this.deadline) this.stop('run_timeout');
    return this.cause;
  }

  timeLeft(): number {
    return Math.max(0, this.deadline - this.clock());
  }

  /** A scope for one step: its own deadline, and it stops with the run. */
  step(timeoutMs: number): StepScope {
    return new StepScope(this, Math.min(this.deadline, this.clock() + timeoutMs), this.clock);
  }

  private stop(cause: StopCause): void {
    if (this.cause !== null) return;
    this.cause = cause;
    this.controller.abort(
      cause === 'cancelled'
        ? (this.caller?.reason ?? new DOMException('the run was cancelled', 'AbortError'))
        : new DOMException('the run ran out of time', 'TimeoutError'),
    );
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }
}

export class StepScope {
  private readonly controller = new AbortController();
  private timedOut = false;
  private readonly timer: NodeJS.Timeout;
  private readonly onRunAbort = (): void => this.controller.abort(this.run.signal.reason);

  constructor(
    private readonly run: RunScope,
    readonly deadline: number,
    private readonly clock: () => number,
  ) {
    this.timer = setTimeout(
      () => {
        this.timedOut = true;
        this.controller.abort(new DOMException('the step ran out of time', 'TimeoutError'));
      },
      Math.max(0, deadline - clock()),
    );
    if (run.signal.aborted) this.onRunAbort();
    else run.signal.addEventListener('abort', this.onRunAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the step was stopped (the run's cause first), or null. */
  stopped(): StopCause | null {
    const runCause = this.run.stopped();
    if (runCause !== null) return runCause;
    if (this.timedOut || this.clock() >= this.deadline) return 'step_timeout';
    return null;
  }

  timeLeft(): number {
    return Math.max(0, this.deadline - this.clock());
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.run.signal.removeEventListener('abort', this.onRunAbort);
  }
}
