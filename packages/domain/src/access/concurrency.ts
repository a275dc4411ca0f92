// Optimistic concurrency on updated_at (the API's If-Match): strictly increasing stamps, guarded updates.
import { eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { DomainError, notFound } from '../errors/domain-error.ts';

/** A new updated_at that always differs from the old one, even for two writes in the same millisecond. */
export function nextUpdatedAt(column: AnyPgColumn, now: Date): SQL<Date> {
  return sql<Date>`greatest(${now.toISOString()}::timestamptz, ${column} + interval '1 millisecond')`;
}

/** The WHERE part that makes an update apply only to the version the caller saw. */
export function matchesExpectedUpdatedAt(
  column: AnyPgColumn,
  expected: Date | undefined,
): SQL | undefined {
  return expected === undefined ? undefined : eq(column, expected);
}

/** Why a guarded update touched no row: the row is gone (or not visible), or it changed meanwhile. */
export async function missedUpdateError(
  what: string,
  stillVisible: () => Promise<boolean>,
  expected: Date | undefined,
): Promise<DomainError> {
  if (expected !== undefined && (await stillVisible())) {
    return new DomainError(
      'PRECONDITION_FAILED',
      `the ${what} was changed by someone else since you read it: reload and apply your change again`,
    );
  }
  return notFound(what);
}
