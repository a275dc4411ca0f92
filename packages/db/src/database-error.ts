// Errors of the connection layer (opening, migrating), with stable codes and the driver error as cause.
export type DatabaseErrorCode =
  | 'DATABASE_CONFIG_INVALID'
  | 'DATABASE_CONNECTION_FAILED'
  | 'DATABASE_MIGRATION_FAILED'
  | 'DATABASE_MIGRATION_LOCK_TIMEOUT';

export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  constructor(
    readonly code: DatabaseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
