// Why a job attempt ended badly, read back from what pg-boss stored, as a stable code and a short message.

export interface JobFailure {
  /**
   * WORKER_LOST: the worker stopped confirming it was alive (killed with -9, machine gone, hung);
   * JOB_EXPIRED: the job outran its timeout plus grace; WORKER_STOPPED: its worker shut down mid-job;
   * otherwise the code of the error the handler threw (JOB_RETRYABLE, a domain code, HANDLER_ERROR).
   */
  code: string;
  message: string;
}

const MAX_MESSAGE = 1000;

/** pg-boss's own failure messages, mapped to our stable codes. */
const PG_BOSS_FAILURES: readonly [RegExp, string, string][] = [
  [
    /heartbeat/i,
    'WORKER_LOST',
    'the worker stopped sending heartbeats (killed, hung or disconnected)',
  ],
  [
    /timed out|exceeded/i,
    'JOB_EXPIRED',
    'the job ran past its timeout and was expired by the queue',
  ],
  [/shut down/i, 'WORKER_STOPPED', 'the worker shut down while the job was running'],
];

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

function messageOf(output: Record<string, unknown>): string | null {
  if (typeof output.message === 'string') return output.message;
  const value = output.value;
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && 'message' in value) {
    const message = (value as { message: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return null;
}

/** Reads a failure from a job's stored output; null when the output says nothing about a failure. */
export function describeJobFailure(output: unknown): JobFailure | null {
  if (output === null || typeof output !== 'object') return null;
  const record = output as Record<string, unknown>;
  const message = messageOf(record);
  if (typeof record.code === 'string' && message !== null) {
    return { code: record.code, message: clip(message) };
  }
  if (message === null) return null;
  for (const [pattern, code, explanation] of PG_BOSS_FAILURES) {
    if (pattern.test(message)) return { code, message: explanation };
  }
  return { code: 'JOB_FAILED', message: clip(message) };
}

/** What we store as a failed attempt's output: a code and a message, never a stack or the error's fields. */
export function failureOutput(error: unknown): JobFailure {
  const code =
    error !== null &&
    typeof error === 'object' &&
    'code' in error &&
    typeof (error as { code: unknown }).code === 'string'
      ? (error as { code: string }).code
      : 'HANDLER_ERROR';
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: clip(message) };
}
