// The driver list follows the environment, and refuses to skip the server when CI requires it.
import { describe, expect, it } from 'vitest';
import { primaryTestDatabaseDriver, testDatabaseDrivers } from './test-databases.ts';

describe('testDatabaseDrivers', () => {
  it('always includes PGlite, and the server only with TEST_DATABASE_URL', () => {
    expect(testDatabaseDrivers({}).map((d) => d.name)).toEqual(['pglite']);
    expect(
      testDatabaseDrivers({ TEST_DATABASE_URL: 'postgres://x@127.0.0.1/db' }).map((d) => d.name),
    ).toEqual(['pglite', 'postgres']);
  });

  it('fails loudly when RETRACE_REQUIRE_SERVER_DB=1 and no server URL is set', () => {
    expect(() => testDatabaseDrivers({ RETRACE_REQUIRE_SERVER_DB: '1' })).toThrow(
      /TEST_DATABASE_URL is not set/,
    );
    expect(() =>
      testDatabaseDrivers({ RETRACE_REQUIRE_SERVER_DB: '1', TEST_DATABASE_URL: '' }),
    ).toThrow();
  });

  it('picks the server as the one primary driver when there is one, else PGlite', () => {
    expect(primaryTestDatabaseDriver({}).map((d) => d.name)).toEqual(['pglite']);
    expect(
      primaryTestDatabaseDriver({ TEST_DATABASE_URL: 'postgres://x@127.0.0.1/db' }).map(
        (d) => d.name,
      ),
    ).toEqual(['postgres']);
    expect(() => primaryTestDatabaseDriver({ RETRACE_REQUIRE_SERVER_DB: '1' })).toThrow();
  });
});
