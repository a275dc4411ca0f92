// Raw SQL for either driver: both node-postgres and PGlite answer `execute` with `{ rows }`.
import type { SQL } from 'drizzle-orm';
import type { RetraceDatabase } from './database-types.ts';

/**
 * Runs a raw query and returns its rows. The caller states the row type: column aliases in the SQL must
 * match it, and numbers from count/sum must be cast (`::int`, `::float8`) since bigint arrives as a string.
 */
export async function queryRows<T extends Record<string, unknown>>(
  db: RetraceDatabase,
  query: SQL,
): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
