// The one database factory: PGlite in a data directory (default) or node-postgres for a server URL, migrated.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { z } from 'zod';
import { DatabaseError } from './database-error.ts';
import type { RetraceDatabase } from './database-types.ts';
import { migratePgliteDatabase, migrateServerDatabase } from './migrate-database.ts';
import * as schema from './schema/schema.ts';

const sslSchema = z.union([
  z.boolean(),
  z
    .object({
      rejectUnauthorized: z.boolean().optional(),
      /** PEM certificate(s) of the server's CA (Supabase publishes one). */
      ca: z.string().optional(),
    })
    .strict(),
]);

export const databaseConfigSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('pglite'),
      /** Directory of the embedded database, created if missing; null keeps it in memory. */
      dataDir: z.string().min(1).nullable(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('postgres'),
      /** postgres:// or postgresql:// URL (a Supabase session-mode or direct URL works). */
      url: z
        .string()
        .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' }),
      poolSize: z.number().int().min(1).max(500).optional(),
      ssl: sslSchema.optional(),
      connectTimeoutMs: z.number().int().min(100).optional(),
      /** How long start-up waits for another process that is applying migrations. */
      migrationLockTimeoutMs: z.number().int().min(0).optional(),
    })
    .strict(),
]);

export type DatabaseConfig = z.input<typeof databaseConfigSchema>;

interface DatabaseBase {
  db: RetraceDatabase;
  close(): Promise<void>;
}

/** An open, migrated database. `pglite` is shared with the queue (PGlite is one process, one instance). */
export type Database =
  | (DatabaseBase & { kind: 'pglite'; pglite: PGlite; pool?: undefined })
  | (DatabaseBase & { kind: 'postgres'; pool: pg.Pool; pglite?: undefined });

export interface CreateDatabaseOptions {
  signal?: AbortSignal;
  /** Called when an idle pooled connection fails (the pool replaces it); defaults to one line on stderr. */
  onIdleClientError?: (error: Error) => void;
}

export async function createDatabase(
  config: DatabaseConfig,
  options: CreateDatabaseOptions = {},
): Promise<Database> {
  const parsed = databaseConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new DatabaseError(
      'DATABASE_CONFIG_INVALID',
      `invalid database config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      { cause: parsed.error },
    );
  }
  const valid = parsed.data;
  options.signal?.throwIfAborted();
  if (valid.kind === 'pglite') return openPglite(valid.dataDir);
  return openServer(valid, options);
}

async function openPglite(dataDir: string | null): Promise<Database> {
  let pglite: PGlite;
  try {
    if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
    pglite = dataDir === null ? await PGlite.create() : await PGlite.create(dataDir);
  } catch (error) {
    throw new DatabaseError(
      'DATABASE_CONNECTION_FAILED',
      `cannot open the embedded database${dataDir === null ? '' : ` in ${dataDir}`}`,
      { cause: error },
    );
  }
  try {
    await migratePgliteDatabase(pglite);
  } catch (error) {
    await pglite.close();
    throw error;
  }
  const db: RetraceDatabase = drizzlePglite({ client: pglite, schema });
  return { kind: 'pglite', db, pglite, close: () => pglite.close() };
}

type ServerConfig = Extract<z.output<typeof databaseConfigSchema>, { kind: 'postgres' }>;

async function openServer(config: ServerConfig, options: CreateDatabaseOptions): Promise<Database> {
  const connection: pg.ClientConfig = {
    connectionString: config.url,
    connectionTimeoutMillis: config.connectTimeoutMs ?? 10_000,
    application_name: 'retrace',
    ...(config.ssl === undefined ? {} : { ssl: config.ssl }),
  };
  await migrateServerDatabase(connection, {
    lockTimeoutMs: config.migrationLockTimeoutMs ?? 120_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const pool = new pg.Pool({
    ...connection,
    max: config.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
  });
  pool.on(
    'error',
    options.onIdleClientError ??
      ((error) => console.error(`retrace db: idle connection failed: ${error.message}`)),
  );
  const db: RetraceDatabase = drizzleNodePg({ client: pool, schema });
  return { kind: 'postgres', db, pool, close: () => pool.end() };
}
