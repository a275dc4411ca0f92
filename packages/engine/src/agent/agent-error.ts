// Errors the agent loop throws to its caller (bad options); everything that happens during a run is a RunFailure.

export type AgentErrorCode =
  /** An option of runAgent / runAgenticTest is invalid (a limit that is not positive, a malformed URL…). */
  'AGENT_OPTIONS_INVALID';

export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AgentError';
  }
}
