// Errors as RFC 9457 problem documents: API error codes, the one code → status table, and the response body.
import { DomainError, type DomainErrorCode, httpStatusOf } from '@retrace/domain';

/** Codes the HTTP layer raises itself; domain codes keep the domain's status table. */
export const API_ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  ARTIFACT_URL_INVALID: 403,
  ARTIFACT_URL_EXPIRED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  ARTIFACT_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  REPLAY_WITHOUT_TRAVERSAL: 422,
  INTERNAL: 500,
  ARTIFACT_RENDER_FAILED: 500,
  AUTH_UNAVAILABLE: 503,
  QUEUE_UNAVAILABLE: 503,
  ARTIFACT_STORE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;
export type ProblemCode = ApiErrorCode | DomainErrorCode;

export interface FieldIssue {
  /** Where the value was: `body.name`, `query.limit`, `params.projectId`. */
  path: string;
  message: string;
  code: string;
}

export interface ApiErrorOptions {
  issues?: FieldIssue[];
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
  cause?: unknown;
}

/** An error the HTTP layer answers with a problem document; never carries submitted values. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly issues: FieldIssue[] | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string>;

  constructor(code: ApiErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldIssue[];
  details?: Record<string, unknown>;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: string): string {
  return `urn:retrace:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

export function buildProblem(
  status: number,
  code: string,
  detail: string,
  extra: Partial<Pick<Problem, 'instance' | 'requestId' | 'errors' | 'details'>> = {},
): Problem {
  return {
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...extra,
  };
}

export interface ProblemOutcome {
  problem: Problem;
  headers: Record<string, string>;
  /** True when the error was not one we expected: log it, show nothing of it. */
  unexpected: boolean;
}

function issuesOf(details: Record<string, unknown> | undefined): FieldIssue[] | undefined {
  const issues = details?.issues;
  if (!Array.isArray(issues)) return undefined;
  return issues.filter(
    (i): i is FieldIssue =>
      typeof i === 'object' &&
      i !== null &&
      typeof (i as FieldIssue).path === 'string' &&
      typeof (i as FieldIssue).message === 'string',
  );
}

/** Details worth showing: small, value-free facts (ids, counts, constraint names); 5xx show none. */
function publicDetails(
  status: number,
  details: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (details === undefined || status >= 500) return undefined;
  const { issues: _issues, ...rest } = details;
  return Object.keys(rest).length === 0 ? undefined : rest;
}

/** Turns any thrown value into the problem the client sees. */
export function toProblem(error: unknown, instance: string, requestId: string): ProblemOutcome {
  if (error instanceof ApiError) {
    const errors = error.issues;
    const details = publicDetails(error.status, error.details);
    return {
      problem: buildProblem(error.status, error.code, error.message, {
        instance,
        requestId,
        ...(errors ? { errors } : {}),
        ...(details ? { details } : {}),
      }),
      headers: error.headers,
      unexpected: false,
    };
  }
  if (error instanceof DomainError) {
    const status = httpStatusOf(error.code);
    const errors = issuesOf(error.details);
    const details = publicDetails(status, error.details);
    return {
      problem: buildProblem(status, error.code, error.message, {
        instance,
        requestId,
        ...(errors ? { errors } : {}),
        ...(details ? { details } : {}),
      }),
      headers: {},
      unexpected: status >= 500,
    };
  }
  return {
    problem: buildProblem(
      500,
      'INTERNAL',
      `an unexpected error occurred; quote request id ${requestId} when reporting it`,
      { instance, requestId },
    ),
    headers: {},
    unexpected: true,
  };
}
