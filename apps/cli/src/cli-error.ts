// The CLI's errors: a stable code, a message that says what to fix, and the process exit code it maps to.

/** 0 all passed · 1 a test failed · 2 usage or infrastructure error. */
export const EXIT_PASSED = 0;
export const EXIT_TESTS_FAILED = 1;
export const EXIT_USAGE_OR_INFRA = 2;

export type CliErrorCode =
  | 'USAGE'
  | 'CONFIG_INVALID'
  | 'CONFIG_FILE_INVALID'
  | 'DATA_DIR_IN_USE'
  | 'SERVER_UNREACHABLE'
  | 'API_KEY_REFUSED'
  | 'API_ERROR'
  | 'NOTHING_SELECTED'
  | 'NOT_FOUND'
  | 'STARTUP_FAILED'
  | 'IMPORT_FAILED'
  | 'EXPORT_FAILED'
  | 'CANCELLED';

export class CliError extends Error {
  readonly exitCode: number;
  constructor(
    readonly code: CliErrorCode,
    message: string,
    options: { cause?: unknown; exitCode?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? EXIT_USAGE_OR_INFRA;
  }
}

export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}

/** The first line of an error's message, and of its causes' when they add something; never a stack. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const message =
      current instanceof Error ? current.message : typeof current === 'string' ? current : '';
    const line = message.split('\n')[0]?.trim() ?? '';
    if (line !== '' && !parts.some((part) => part.includes(line))) parts.push(line);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ') || 'unknown error';
}
