// Turns driver errors (PGlite and node-postgres alike: SQLSTATE `code` + `constraint`) into domain errors.
import { DomainError, type DomainErrorCode } from './domain-error.ts';

interface DriverError {
  code: string;
  constraint?: string;
}

const CONSTRAINT_CODES: Record<string, { code: DomainErrorCode; message: string }> = {
  secret_values_project_name_unique: {
    code: 'SECRET_NAME_TAKEN',
    message: 'this project already has a secret with that name: choose another name',
  },
  tags_project_name_unique: {
    code: 'TAG_NAME_TAKEN',
    message: 'this project already has a tag with that name: choose another name',
  },
  test_configs_project_name_unique: {
    code: 'TEST_CONFIG_NAME_TAKEN',
    message: 'this project already has a test config with that name: choose another name',
  },
  projects_organization_name_unique: {
    code: 'PROJECT_NAME_TAKEN',
    message: 'this organization already has a project with that name: choose another name',
  },
  browser_configs_organization_name_unique: {
    code: 'BROWSER_CONFIG_NAME_TAKEN',
    message: 'a browser config with that name already exists: choose another name',
  },
  members_organization_user_unique: {
    code: 'MEMBER_EXISTS',
    message: 'this user is already a member of the organization',
  },
  test_case_tags_tag_same_project_fk: {
    code: 'TAG_OTHER_PROJECT',
    message: 'the tag belongs to another project: use a tag of the test case’s project',
  },
  test_cases_document_unique: {
    code: 'DOCUMENT_ALREADY_LINKED',
    message: 'the document is already linked to another test case: unlink it first',
  },
  costs_test_run_unique: {
    code: 'COST_ALREADY_RECORDED',
    message: 'a cost is already recorded for this run',
  },
  invitations_pending_email_unique: {
    code: 'INVITATION_PENDING',
    message: 'an invitation for this address is already pending: revoke it first',
  },
  test_runs_traversal_same_case_fk: {
    code: 'VALIDATION_FAILED',
    message: 'the traversal belongs to another test case or browser config than the run',
  },
  test_runs_produced_traversal_same_case_fk: {
    code: 'VALIDATION_FAILED',
    message: 'the produced traversal belongs to another test case or browser config than the run',
  },
  history_elements_run_idx_unique: {
    code: 'HISTORY_ELEMENT_EXISTS',
    message: 'a history element with that index is already recorded for this run',
  },
};

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01']);

/** The first error in the cause chain that carries a SQLSTATE or socket code. */
function findDriverError(error: unknown): DriverError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Object; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string') {
      return {
        code: candidate.code,
        ...(typeof candidate.constraint === 'string' ? { constraint: candidate.constraint } : {}),
      };
    }
    current = candidate.cause;
  }
  return null;
}

/**
 * A domain error for any database failure; other errors are returned unchanged. Messages never quote the
 * driver's text (it may contain row values); the original error stays available as `cause`.
 */
export function toDomainError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const driver = findDriverError(error);
  if (driver === null) return error;
  const known = driver.constraint ? CONSTRAINT_CODES[driver.constraint] : undefined;
  if (known) {
    return new DomainError(known.code, known.message, {
      details: { constraint: driver.constraint },
      cause: error,
    });
  }
  const constraint = driver.constraint ? { constraint: driver.constraint } : undefined;
  switch (driver.code) {
    case '23503':
      return new DomainError(
        'NOT_FOUND',
        'a referenced row does not exist (it may just have been deleted)',
        {
          ...(constraint ? { details: constraint } : {}),
          cause: error,
        },
      );
    case '23505':
      return new DomainError('CONFLICT', 'a row with the same unique values already exists', {
        ...(constraint ? { details: constraint } : {}),
        cause: error,
      });
    case '23514':
    case '23502':
    case '22P02':
    case '22001':
      return new DomainError('VALIDATION_FAILED', 'a value was refused by the database', {
        ...(constraint ? { details: constraint } : {}),
        cause: error,
      });
    case '40001':
    case '40P01':
    case '55P03':
      return new DomainError('CONFLICT', 'a concurrent change got in the way: retry', {
        cause: error,
      });
    default:
      if (CONNECTION_CODES.has(driver.code) || driver.code.startsWith('08')) {
        return new DomainError('DATABASE_UNAVAILABLE', 'the database is unreachable', {
          cause: error,
        });
      }
      if (/^[0-9A-Z]{5}$/.test(driver.code)) {
        return new DomainError('DATABASE_ERROR', 'the database refused the operation', {
          details: { sqlState: driver.code },
          cause: error,
        });
      }
      return error;
  }
}

/** Runs database work and rethrows its failures as domain errors. */
export async function withDomainErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toDomainError(error);
  }
}
