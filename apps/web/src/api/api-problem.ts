// Errors from the API as one class: the problem document's stable code, status, detail and field issues.
import type { Problem } from './api-types.ts';

export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

/** Codes the dashboard raises itself, for failures that never reached the API. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';

export class ApiProblemError extends Error {
  override readonly name = 'ApiProblemError';
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fieldIssues: FieldIssue[];
  readonly requestId: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    input: {
      status: number;
      code: string;
      detail: string;
      fieldIssues?: FieldIssue[];
      requestId?: string | undefined;
      details?: Record<string, unknown> | undefined;
    },
    options?: { cause?: unknown },
  ) {
    super(input.detail, options);
    this.status = input.status;
    this.code = input.code;
    this.detail = input.detail;
    this.fieldIssues = input.fieldIssues ?? [];
    this.requestId = input.requestId;
    this.details = input.details;
  }

  /** Someone else changed the resource since it was read (If-Match failed). */
  get isStale(): boolean {
    return this.status === 412;
  }

  /** The token is missing, invalid, expired or revoked: the user must sign in again. */
  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

function isProblem(body: unknown): body is Problem {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Problem).code === 'string' &&
    typeof (body as Problem).detail === 'string'
  );
}

/** Builds the error for a non-2xx answer, whatever its body (problem+json, text, nothing). */
export function problemFromResponse(
  status: number,
  statusText: string,
  body: unknown,
): ApiProblemError {
  if (isProblem(body)) {
    return new ApiProblemError({
      status,
      code: body.code,
      detail: body.detail,
      fieldIssues: body.errors ?? [],
      requestId: body.requestId,
      details: body.details,
    });
  }
  const text = typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 300) : '';
  return new ApiProblemError({
    status,
    code: 'UNEXPECTED_RESPONSE',
    detail: text || `the server answered ${status}${statusText ? ` ${statusText}` : ''}`,
  });
}

export function networkError(cause: unknown): ApiProblemError {
  return new ApiProblemError(
    {
      status: 0,
      code: 'NETWORK_ERROR',
      detail: 'the Retrace server could not be reached: check that it is running, then retry',
    },
    { cause },
  );
}

export const STALE_MESSAGE =
  'This was changed by someone else since you opened it. Reload to see their change, then apply yours again.';

/** What to tell the user about any error thrown while talking to the API. */
export function describeError(error: unknown): string {
  if (error instanceof ApiProblemError) {
    if (error.isStale) return STALE_MESSAGE;
    if (error.status === 403) return `Not allowed: ${error.detail}`;
    return error.detail;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** Field issues by the field's name inside the body (`body.name` → `name`). */
export function fieldIssuesByName(error: unknown): Record<string, string> {
  if (!(error instanceof ApiProblemError)) return {};
  const byName: Record<string, string> = {};
  for (const issue of error.fieldIssues) {
    const name = issue.path.replace(/^body\./, '');
    byName[name] ??= issue.message;
  }
  return byName;
}
