// How a replay reports: events (awaited, never fatal), log lines and the final outcome, all redacted of secret values.
import type { AgentLogEntry } from '../agent/agent-options.ts';
import { redactReport } from '../agent/redact-report.ts';
import type { UsageMeter } from '../llm/usage-meter.ts';
import type { ExecutedStep, RecordedTraversal, RunFailure, RunOutcome } from '../run/run-record.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import type { RunEvent } from './replay-options.ts';

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 300);
}

export class ReplayReporter {
  constructor(
    private readonly secrets: SecretValues,
    private readonly meter: UsageMeter,
    private readonly onEvent: ((event: RunEvent) => void | Promise<void>) | undefined,
    private readonly logSink: ((entry: AgentLogEntry) => void) | undefined,
  ) {}

  log(level: AgentLogEntry['level'], message: string, fields?: AgentLogEntry['fields']): void {
    this.logSink?.({
      level,
      message: redactReport(message, this.secrets),
      ...(fields ? { fields: redactReport(fields, this.secrets) } : {}),
    });
  }

  /** Events are delivered one at a time, in the order they were emitted (a step's may wait for its screenshot). */
  private delivered: Promise<void> = Promise.resolve();

  private async deliver(event: RunEvent | Promise<RunEvent>): Promise<void> {
    if (!this.onEvent) return;
    let resolved: RunEvent | undefined;
    try {
      resolved = await event;
      await this.onEvent(redactReport(resolved, this.secrets));
    } catch (error) {
      this.log('warn', `an event listener failed: ${firstLine(error)}`, {
        event: resolved?.type ?? null,
      });
    }
  }

  /**
   * Queues an event for the listener (a promise of one waits its turn without holding up later emits' order);
   * resolves once it was delivered. A failing listener is logged, never fatal.
   */
  readonly emit = (event: RunEvent | Promise<RunEvent>): Promise<void> => {
    this.delivered = this.delivered.then(() => this.deliver(event));
    return this.delivered;
  };

  /** Resolves when every event emitted so far was delivered. */
  flush(): Promise<void> {
    return this.delivered;
  }

  /** Ends the run: passed when `failure` is null. Everything handed out is redacted of secret values. */
  async finish(parts: {
    failure: RunFailure | null;
    steps: readonly ExecutedStep[];
    producedTraversal: RecordedTraversal | null;
    repairWasNeeded: boolean;
  }): Promise<RunOutcome> {
    const outcome = redactReport<RunOutcome>(
      {
        status: parts.failure === null ? 'passed' : 'failed',
        failure: parts.failure,
        steps: [...parts.steps],
        producedTraversal: parts.producedTraversal,
        repairWasNeeded: parts.repairWasNeeded,
        usage: this.meter.byModel(),
      },
      this.secrets,
    );
    const healed = outcome.steps.filter((s) => s.locateMethod === 'healed').length;
    this.log(
      outcome.failure ? 'warn' : 'info',
      outcome.failure ? `replay failed: ${outcome.failure.message}` : 'replay passed',
      {
        kind: outcome.failure?.kind ?? null,
        executedSteps: outcome.steps.length,
        healedSteps: healed,
        repaired: outcome.repairWasNeeded,
      },
    );
    await this.emit({ type: 'run_finished', status: outcome.status, failure: outcome.failure });
    return outcome;
  }
}
