// Test support: the databases every suite runs against (PGlite always, the server when TEST_DATABASE_URL is set).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Database } from '../create-database.ts';

export type TestDriverName = 'pglite' | 'postgres';

export type TestDatabase = Database & {
  driver: TestDriverName;
  /** URL of the fresh server database (postgres driver only). */
  url: string | null;
  /** Closes the connection and drops the server database. */
  dispose(): Promise<void>;
};

export interface TestDatabaseDriver {
  name: TestDriverName;
  open(): Promise<TestDatabase>;
}

export interface TestDatabaseEnv {
  TEST_DATABASE_URL?: string | undefined;
  RETRACE_REQUIRE_SERVER_DB?: string | undefined;
}

/**
 * The drivers a suite must pass on. Test files pass `process.env`; with RETRACE_REQUIRE_SERVER_DB=1 a
 * missing TEST_DATABASE_URL is an error, so CI cannot silently skip the server.
 */
export function testDatabaseDrivers(env: TestDatabaseEnv): TestDatabaseDriver[] {
  const drivers: TestDatabaseDriver[] = [{ name: 'pglite', open: openPgliteTestDatabase }];
  const url = env.TEST_DATABASE_URL;
  if (url !== undefined && url !== '') {
    drivers.push({ name: 'postgres', open: () => openServerTestDatabase(url) });
  } else if (env.RETRACE_REQUIRE_SERVER_DB === '1') {
    throw new Error(
      'RETRACE_REQUIRE_SERVER_DB=1 but TEST_DATABASE_URL is not set: the suite must run against PostgreSQL too',
    );
  }
  return drivers;
}

/**
 * One driver, for suites above the data layer (the API's matrix and fuzzing, the worker's run control): the
 * server when TEST_DATABASE_URL is set — production's driver — else PGlite. The data layer's own suites, and
 * the app suites whose behaviour differs by driver (LISTEN/NOTIFY, the queue), run on both with
 * `testDatabaseDrivers`; the embedded path is exercised end to end by the CLI and dashboard suites.
 */
export function primaryTestDatabaseDriver(env: TestDatabaseEnv): TestDatabaseDriver[] {
  const drivers = testDatabaseDrivers(env);
  return [drivers.find((d) => d.name === 'postgres') ?? (drivers[0] as TestDatabaseDriver)];
}

export async function openPgliteTestDatabase(): Promise<TestDatabase> {
  const database = await createDatabase({ kind: 'pglite', dataDir: null });
  return { ...database, driver: 'pglite', url: null, dispose: () => database.close() };
}

/** Creates `retrace_test_<random>` on the URL's server, migrates it, and drops it on dispose. */
export async function openServerTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `retrace_test_${randomBytes(6).toString('hex')}`;
  await runAdminStatement(serverUrl, `create database "${name}"`);
  const url = withDatabaseName(serverUrl, name);
  let database: Database;
  try {
    // Dropping the database at dispose ends pooled connections on purpose: not worth a warning.
    database = await createDatabase(
      { kind: 'postgres', url, poolSize: 25 },
      { onIdleClientError: () => {} },
    );
  } catch (error) {
    await runAdminStatement(serverUrl, `drop database if exists "${name}" with (force)`);
    throw error;
  }
  return {
    ...database,
    driver: 'postgres',
    url,
    dispose: async () => {
      await database.close();
      await runAdminStatement(serverUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}

/** Creates an empty server database (not migrated) and returns its URL and a drop function. */
export async function createEmptyServerDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `retrace_test_${randomBytes(6).toString('hex')}`;
  await runAdminStatement(serverUrl, `create database "${name}"`);
  return {
    url: withDatabaseName(serverUrl, name),
    drop: () => runAdminStatement(serverUrl, `drop database if exists "${name}" with (force)`),
  };
}

function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function runAdminStatement(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
