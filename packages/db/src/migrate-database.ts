// Applies the committed drizzle-kit migrations; on a server, under an advisory lock so concurrent starts are safe.
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { DatabaseError } from './database-error.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));

/** Key of the session advisory lock held while migrating ("retrace-migrations" as a 63-bit number). */
export const MIGRATION_LOCK_KEY = 7_305_994_612_011_801n;

const LOCK_POLL_MS = 100;

export async function migratePgliteDatabase(client: PGlite): Promise<void> {
  try {
    // One process owns a PGlite directory, so no lock is needed.
    await migratePglite(drizzlePglite({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    throw new DatabaseError('DATABASE_MIGRATION_FAILED', 'applying migrations to PGlite failed', {
      cause: error,
    });
  }
}

export interface MigrateServerOptions {
  /** How long to wait for another process that is migrating the same database. */
  lockTimeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Migrates on one dedicated connection that holds a session advisory lock, so two processes starting
 * together apply each migration once: the second waits, then finds nothing left to do.
 */
export async function migrateServerDatabase(
  connection: pg.ClientConfig,
  options: MigrateServerOptions,
): Promise<void> {
  const client = new pg.Client(connection);
  // A dropped connection emits 'error' on the client; the pending query rejects with it anyway.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new DatabaseError(
      'DATABASE_CONNECTION_FAILED',
      'cannot connect to the PostgreSQL server to apply migrations',
      { cause: error },
    );
  }
  try {
    await acquireMigrationLock(client, options);
    try {
      await migrateNodePg(drizzleNodePg({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (error) {
      throw new DatabaseError(
        'DATABASE_MIGRATION_FAILED',
        'applying migrations to PostgreSQL failed',
        { cause: error },
      );
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    await client.end();
  }
}

async function acquireMigrationLock(
  client: pg.Client,
  { lockTimeoutMs, signal }: MigrateServerOptions,
): Promise<void> {
  const deadline = Date.now() + lockTimeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const result = await client.query<{ locked: boolean }>(
      'select pg_try_advisory_lock($1) as locked',
      [MIGRATION_LOCK_KEY.toString()],
    );
    if (result.rows[0]?.locked === true) return;
    if (Date.now() >= deadline) {
      throw new DatabaseError(
        'DATABASE_MIGRATION_LOCK_TIMEOUT',
        `another process kept the migration lock for more than ${lockTimeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}
