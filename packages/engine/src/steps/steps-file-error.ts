// Errors of steps files: an invalid file (each problem with its line and step), or a step that failed while recording.

export type StepsFileErrorCode =
  /** The file does not parse or does not validate: `issues` says where and what to fix. */
  | 'STEPS_FILE_INVALID'
  /** A step failed while the file was executed to record the traversal (e.g. a locator that matches nothing). */
  | 'STEPS_STEP_FAILED'
  /** Recording was cancelled or ran out of time. */
  | 'STEPS_RECORDING_STOPPED';

/** One problem of a steps file. */
export interface StepsFileIssue {
  /** 1-based line in the file, when known. */
  line: number | null;
  /** 1-based step number, when the problem is inside a step. */
  step: number | null;
  /** Where in the document, e.g. `steps[3].click`. */
  path: string;
  message: string;
}

export class StepsFileError extends Error {
  constructor(
    readonly code: StepsFileErrorCode,
    message: string,
    readonly issues: readonly StepsFileIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StepsFileError';
  }
}

/** `line 12, step 3 (steps[2].click): …` */
export function formatIssue(issue: StepsFileIssue): string {
  const where = [
    issue.line !== null ? `line ${issue.line}` : null,
    issue.step !== null ? `step ${issue.step}` : null,
  ]
    .filter((part) => part !== null)
    .join(', ');
  const path = issue.path ? ` (${issue.path})` : '';
  return `${where || 'file'}${path}: ${issue.message}`;
}

export function invalidStepsFile(issues: readonly StepsFileIssue[], name?: string): StepsFileError {
  const head = `${name ? `${name}: ` : ''}the steps file is invalid`;
  return new StepsFileError(
    'STEPS_FILE_INVALID',
    [head, ...issues.map((issue) => `  ${formatIssue(issue)}`)].join('\n'),
    issues,
  );
}
