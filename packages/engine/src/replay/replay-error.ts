// Errors replay throws to its caller (bad options); everything that happens during a run is a RunFailure instead.

export type ReplayErrorCode =
  /** A replay setting or option is invalid (a negative timeout, a traversal that is not one…). */
  'REPLAY_OPTIONS_INVALID';

export class ReplayError extends Error {
  constructor(
    readonly code: ReplayErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReplayError';
  }
}
