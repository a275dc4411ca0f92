// Domain errors: a stable code, a message that says what to fix, optional details, and the cause.
export const DOMAIN_ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  FORBIDDEN: 403,
  BUILTIN_READ_ONLY: 403,
  INVITATION_EMAIL_MISMATCH: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE_TRANSITION: 409,
  SECRET_NAME_TAKEN: 409,
  TAG_NAME_TAKEN: 409,
  TEST_CONFIG_NAME_TAKEN: 409,
  PROJECT_NAME_TAKEN: 409,
  BROWSER_CONFIG_NAME_TAKEN: 409,
  MEMBER_EXISTS: 409,
  DOCUMENT_ALREADY_LINKED: 409,
  LAST_ADMIN: 409,
  BROWSER_CONFIG_IN_USE: 409,
  TEST_CONFIG_IS_DEFAULT: 409,
  COST_ALREADY_RECORDED: 409,
  INVITATION_PENDING: 409,
  HISTORY_ELEMENT_EXISTS: 409,
  INVITATION_INVALID: 410,
  PRECONDITION_FAILED: 412,
  TAG_OTHER_PROJECT: 422,
  DOCUMENT_OTHER_PROJECT: 422,
  BROWSER_CONFIG_NOT_LINKED: 422,
  NOTHING_TO_RUN: 422,
  SECRET_KEY_MISSING: 500,
  SECRET_UNREADABLE: 500,
  DATABASE_ERROR: 500,
  DATABASE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_STATUS;

export const DOMAIN_ERROR_CODES = Object.keys(DOMAIN_ERROR_STATUS) as DomainErrorCode[];

export interface DomainErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: DomainErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  /** The HTTP status the API answers with. */
  get httpStatus(): number {
    return DOMAIN_ERROR_STATUS[this.code];
  }
}

export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** The HTTP status for a domain error code. */
export function httpStatusOf(code: DomainErrorCode): number {
  return DOMAIN_ERROR_STATUS[code];
}

export function notFound(what: string, details?: Record<string, unknown>): DomainError {
  return new DomainError('NOT_FOUND', `${what} not found`, details ? { details } : {});
}
