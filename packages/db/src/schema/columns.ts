// Column helpers shared by every table: CUID2 ids and millisecond timestamps.
import { createId } from '@paralleldrive/cuid2';
import { text, timestamp } from 'drizzle-orm/pg-core';

/** Primary key: a CUID2 generated in the application. */
export const idColumn = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => createId());

/**
 * timestamptz rounded to milliseconds: JavaScript dates hold milliseconds, so a value read back compares
 * equal to the stored one (keyset cursors and If-Match on updated_at depend on that).
 */
export const timestampColumn = (name: string) =>
  timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

export const createdAtColumn = () => timestampColumn('created_at').notNull().defaultNow();
export const updatedAtColumn = () => timestampColumn('updated_at').notNull().defaultNow();
