// Browser configs: read-only presets equal to the engine's list, validated custom configs, guarded deletion.
import { browserConfigs } from '@retrace/db';
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { BUILTIN_BROWSER_CONFIGS, browserConfigSchema } from '@retrace/engine';
import { isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuns } from '../runs/create-runs.ts';
import { createTestCase } from '../test-cases/create-test-case.ts';
import { createWorld, expectDomainError } from '../test-support/world.ts';
import { builtinBrowserConfigId, ensureBuiltinBrowserConfigs } from './builtin-browser-configs.ts';
import { createBrowserConfig } from './create-browser-config.ts';
import { deleteBrowserConfig } from './delete-browser-config.ts';
import { getBrowserConfig } from './get-browser-config.ts';
import { listBrowserConfigs } from './list-browser-configs.ts';
import { updateBrowserConfig } from './update-browser-config.ts';

describe.each(testDatabaseDrivers(process.env))('browser configs [$name]', (driver) => {
  let database: TestDatabase;
  const deps = () => ({ db: database.db });
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(async () => database.dispose());

  it('the migrated presets are exactly the engine’s BUILTIN_BROWSER_CONFIGS, parsed', async () => {
    const rows = await database.db
      .select()
      .from(browserConfigs)
      .where(isNull(browserConfigs.organizationId));
    const expected = BUILTIN_BROWSER_CONFIGS.map((preset) => ({
      id: builtinBrowserConfigId(preset.key),
      name: preset.name,
      browserConfig: browserConfigSchema.parse(preset.config),
    }));
    expect(
      rows
        .map(({ id, name, browserConfig }) => ({ id, name, browserConfig }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('ensureBuiltinBrowserConfigs is idempotent and leaves unchanged presets untouched', async () => {
    const before = await database.db
      .select()
      .from(browserConfigs)
      .where(isNull(browserConfigs.organizationId));
    const changed = await ensureBuiltinBrowserConfigs(deps());
    expect(changed).toEqual([]);
    const after = await database.db
      .select()
      .from(browserConfigs)
      .where(isNull(browserConfigs.organizationId));
    expect(after).toEqual(before);
  });

  it('presets are visible to every organization and read-only', async () => {
    const world = await createWorld(database.db);
    const desktop = builtinBrowserConfigId('desktop-chromium');
    const preset = await getBrowserConfig(deps(), world.guest, { browserConfigId: desktop });
    expect(preset).toMatchObject({
      builtin: true,
      browserConfig: { viewport: { width: 1280, height: 720 } },
    });
    await expectDomainError(
      updateBrowserConfig(deps(), world.admin, { browserConfigId: desktop, name: 'mine' }),
      'BUILTIN_READ_ONLY',
    );
    await expectDomainError(
      deleteBrowserConfig(deps(), world.admin, { browserConfigId: desktop }),
      'BUILTIN_READ_ONLY',
    );
  });

  it('validates a custom config with the engine schema and stores it with defaults applied', async () => {
    const world = await createWorld(database.db);
    const created = await createBrowserConfig(deps(), world.member, {
      name: 'German tablet',
      browserConfig: { device: 'iPad (gen 7)', locale: 'de-DE', timezoneId: 'Europe/Berlin' },
    });
    expect(created.browserConfig).toEqual({
      browser: 'chromium',
      device: 'iPad (gen 7)',
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      headless: true,
    });
    const error = await expectDomainError(
      createBrowserConfig(deps(), world.member, {
        name: 'broken',
        browserConfig: { viewport: { width: 10, height: 10 }, device: 'Nokia 3310' },
      }),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('browserConfig.device');
    await expectDomainError(
      createBrowserConfig(deps(), world.member, { name: 'German tablet', browserConfig: {} }),
      'BROWSER_CONFIG_NAME_TAKEN',
    );
    const list = await listBrowserConfigs(deps(), world.guest);
    expect(list.items.filter((c) => !c.builtin).map((c) => c.name)).toEqual(['German tablet']);
    expect(list.items.filter((c) => c.builtin)).toHaveLength(BUILTIN_BROWSER_CONFIGS.length);
  });

  it('a config in use is deleted only with force, which removes its runs too', async () => {
    const world = await createWorld(database.db);
    const config = await createBrowserConfig(deps(), world.member, {
      name: 'Wide',
      browserConfig: { viewport: { width: 1920, height: 1080 } },
    });
    const testCase = await createTestCase(deps(), world.member, {
      projectId: world.project.id,
      name: 't',
      testDescription: 'd',
      expectedOutcome: 'o',
      urlRoute: '/',
      browserConfigIds: [config.id],
    });
    await createRuns(deps(), world.member, {
      projectId: world.project.id,
      selection: { kind: 'test_cases', testCaseIds: [testCase.id] },
    });
    const inUse = await expectDomainError(
      deleteBrowserConfig(deps(), world.admin, { browserConfigId: config.id }),
      'BROWSER_CONFIG_IN_USE',
    );
    expect(inUse.details).toEqual({ traversals: 0, runs: 1 });
    await deleteBrowserConfig(deps(), world.admin, { browserConfigId: config.id, force: true });
    await expectDomainError(
      getBrowserConfig(deps(), world.guest, { browserConfigId: config.id }),
      'NOT_FOUND',
    );
  });
});
