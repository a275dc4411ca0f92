// Local mode: the first start creates the admin, an organization and a key stored 0600; later starts reuse it.
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TestDatabaseDriver, testDatabaseDrivers } from '@retrace/db/testing';
import { revokeApiKey } from '@retrace/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, openApiHarness } from '../test-support/api-harness.ts';
import { ensureLocalAccess, LOCAL_API_KEY_FILE } from './local-access.ts';

function localAccessSuite(driver: TestDatabaseDriver) {
  let harness: ApiHarness;
  let dataDir: string;

  beforeAll(async () => {
    harness = await openApiHarness(driver, { auth: { localMode: true } });
    dataDir = await mkdtemp(path.join(tmpdir(), 'retrace-local-'));
  });
  afterAll(async () => {
    await harness.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates the admin, an organization and an admin key once, stored readable by the owner only', async () => {
    const first = await ensureLocalAccess({ domain: harness.domain, dataDir });
    expect(first.created).toBe(true);
    expect(first.file).toBe(path.join(dataDir, LOCAL_API_KEY_FILE));
    expect((await stat(first.file)).mode & 0o777).toBe(0o600);
    expect((await readFile(first.file, 'utf8')).trim()).toBe(first.apiKey);
    const me = await harness.call('GET', '/api/me', first.apiKey);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      principal: { kind: 'api_key', organizationId: first.organizationId, role: 'admin' },
    });

    const again = await ensureLocalAccess({ domain: harness.domain, dataDir });
    expect(again).toEqual({ ...first, created: false });
  });

  it('replaces a key that no longer authenticates, and tightens a key file others can read', async () => {
    const current = await ensureLocalAccess({ domain: harness.domain, dataDir });
    const keys = await harness.call(
      'GET',
      `/api/orgs/${current.organizationId}/api-keys`,
      current.apiKey,
    );
    const { items } = (await keys.json()) as { items: { id: string; prefix: string }[] };
    const id = items.find((k) => current.apiKey.startsWith(k.prefix))?.id ?? '';
    await revokeApiKey(
      harness.domain,
      { kind: 'system', userId: null, organizationId: current.organizationId, role: 'admin' },
      { apiKeyId: id },
    );
    const replaced = await ensureLocalAccess({ domain: harness.domain, dataDir });
    expect(replaced.created).toBe(true);
    expect(replaced.apiKey).not.toBe(current.apiKey);
    expect(replaced.organizationId).toBe(current.organizationId);

    await chmod(replaced.file, 0o644);
    const reread = await ensureLocalAccess({ domain: harness.domain, dataDir });
    expect(reread.created).toBe(false);
    expect((await stat(reread.file)).mode & 0o777).toBe(0o600);
  });
}

describe.each(testDatabaseDrivers(process.env))('local access [$name]', localAccessSuite);
