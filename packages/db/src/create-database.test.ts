// createDatabase: both drivers migrate on open, a PGlite directory persists, concurrent server starts are safe.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from './create-database.ts';
import { queryRows } from './query-rows.ts';
import { DatabaseError } from './database-error.ts';
import { MIGRATIONS_FOLDER } from './migrate-database.ts';
import { browserConfigs, organizations } from './schema/schema.ts';
import { createEmptyServerDatabase, testDatabaseDrivers } from './testing/test-databases.ts';

const drivers = testDatabaseDrivers(process.env);
const serverUrl = process.env.TEST_DATABASE_URL;
const MIGRATION_COUNT = readdirSync(MIGRATIONS_FOLDER).filter((name) =>
  name.endsWith('.sql'),
).length;

describe('createDatabase [pglite]', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('creates a missing data directory, migrates it, and keeps rows across reopen', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'retrace-db-'));
    dirs.push(parent);
    const dataDir = path.join(parent, 'nested', 'pgdata');
    const first = await createDatabase({ kind: 'pglite', dataDir });
    expect(first.kind).toBe('pglite');
    expect(first.pglite).toBeDefined();
    await first.db.insert(organizations).values({ id: 'org-persisted', name: 'Persisted' });
    await first.close();
    expect(readdirSync(dataDir).length).toBeGreaterThan(0);

    const second = await createDatabase({ kind: 'pglite', dataDir });
    const rows = await second.db.select().from(organizations);
    expect(rows.map((r) => r.id)).toEqual(['org-persisted']);
    const applied = await queryRows<{ n: number }>(
      second.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(applied[0]?.n).toBe(MIGRATION_COUNT);
    await second.close();
  });

  it('refuses an invalid config with DATABASE_CONFIG_INVALID and does not echo the URL', async () => {
    const error = await createDatabase({
      kind: 'postgres',
      url: 'mysql://user:hunter2@localhost/x',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('DATABASE_CONFIG_INVALID');
    expect((error as DatabaseError).message).not.toContain('hunter2');
  });
});

describe.each(drivers)('migrations [$name]', (driver) => {
  it('installs the built-in browser-config presets with stable ids', async () => {
    const database = await driver.open();
    try {
      const rows = await database.db.select().from(browserConfigs);
      expect(rows.map((r) => r.id).sort()).toEqual([
        'builtin-desktop-chromium',
        'builtin-phone-pixel-7',
        'builtin-tablet-ipad',
      ]);
      expect(rows.every((r) => r.organizationId === null)).toBe(true);
    } finally {
      await database.dispose();
    }
  });
});

describe.runIf(serverUrl !== undefined && serverUrl !== '')('createDatabase [postgres]', () => {
  it('applies migrations once when five processes start at the same time', async () => {
    const empty = await createEmptyServerDatabase(serverUrl ?? '');
    try {
      const opened = await Promise.all(
        Array.from({ length: 5 }, () => createDatabase({ kind: 'postgres', url: empty.url })),
      );
      const first = opened[0];
      if (!first) throw new Error('no database opened');
      const applied = await queryRows<{ n: number }>(
        first.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(applied[0]?.n).toBe(MIGRATION_COUNT);
      const presets = await first.db.select().from(browserConfigs);
      expect(presets).toHaveLength(3);
      await Promise.all(opened.map((d) => d.close()));
    } finally {
      await empty.drop();
    }
  });

  it('reports an unreachable server as DATABASE_CONNECTION_FAILED without the password', async () => {
    const error = await createDatabase({
      kind: 'postgres',
      url: 'postgres://someone:hunter2@127.0.0.1:1/nothing',
      connectTimeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('DATABASE_CONNECTION_FAILED');
    expect((error as DatabaseError).message).not.toContain('hunter2');
  });
});
