// The worker's failures: which errors are transient (retry the run) and the message a run row may carry.
import { isDomainError } from '@retrace/domain';
import { isBrowserError } from '@retrace/engine';
import { ArtifactStoreError } from '@retrace/storage';

/** A run that cannot go on, with the failure it is recorded with and whether another attempt may help. */
export class RunAbandonedError extends Error {
  constructor(
    readonly kind: 'infrastructure' | 'cancelled' | 'timeout',
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RunAbandonedError';
  }
}

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * Whether an error is the platform's, and passing: the database or the artifact store was unreachable, the
 * browser could not be launched or reached. Configuration mistakes (a missing secret key, an unsupported
 * browser) are not: another attempt would fail the same way.
 */
export function isTransientError(error: unknown): boolean {
  if (isDomainError(error)) {
    return error.code === 'DATABASE_UNAVAILABLE' || error.code === 'CONFLICT';
  }
  if (error instanceof ArtifactStoreError) {
    return (
      error.code === 'ARTIFACT_STORE_UNAVAILABLE' ||
      error.code === 'ARTIFACT_WRITE_FAILED' ||
      error.code === 'ARTIFACT_READ_FAILED'
    );
  }
  if (isBrowserError(error)) {
    return (
      error.code === 'BROWSER_LAUNCH_FAILED' ||
      error.code === 'BROWSER_CONNECT_FAILED' ||
      error.code === 'SESSION_CLOSED' ||
      error.code === 'TIMEOUT'
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (SOCKET_CODES.has(code) || code.startsWith('08'));
}

/** One line for a run's failure message: no stack, no driver text after the first line. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = (message.split('\n')[0] ?? '').trim();
  const code = (error as { code?: unknown } | null)?.code;
  const text = first === '' ? 'unknown error' : first;
  return (typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text).slice(
    0,
    500,
  );
}
