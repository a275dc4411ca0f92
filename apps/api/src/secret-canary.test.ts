// Security: a secret value never comes back out of the API — not in resources, errors, traversals or logs.
import { type TestDatabaseDriver, primaryTestDatabaseDriver } from '@retrace/db/testing';
import { DEFAULT_BROWSER_CONFIG_ID } from '@retrace/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApiRoutes } from './create-api.ts';
import { type ApiHarness, openApiHarness } from './test-support/api-harness.ts';
import { type ApiWorld, createApiWorld } from './test-support/api-world.ts';

function canarySuite(driver: TestDatabaseDriver) {
  let harness: ApiHarness;
  let world: ApiWorld;
  let admin: string;
  const seen: string[] = [];

  beforeAll(async () => {
    harness = await openApiHarness(driver);
    world = await createApiWorld(harness);
    admin = world.users.admin.token;
  });
  afterAll(async () => harness.close());

  async function call(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) {
    const response = await harness.call(method, url, admin, body, headers);
    const text =
      response.headers.get('content-type') === 'text/event-stream'
        ? (await response.body?.cancel(), '')
        : await response.text();
    seen.push(text);
    return { status: response.status, text };
  }

  it('secret writes answer with names and versions only, even when they fail', async () => {
    const secrets = `/api/orgs/${world.orgId}/projects/${world.ids.projectId}/secrets`;
    const created = await call('POST', secrets, { name: 'SECOND', value: world.canary });
    expect(created.status).toBe(201);
    const duplicate = await call('POST', secrets, { name: 'CANARY', value: world.canary });
    expect(duplicate.status).toBe(409);
    const tooLong = await call('POST', secrets, {
      name: 'LONG',
      value: `${world.canary}${'x'.repeat(10_001)}`,
    });
    expect(tooLong.status).toBe(400);
    const unknownField = await call('POST', secrets, {
      name: 'X',
      value: 'v',
      note: world.canary,
    });
    expect(unknownField.status).toBe(400);
    const stale = await call(
      'PATCH',
      `/api/orgs/${world.orgId}/secrets/${world.ids.secretId}`,
      { value: world.canary },
      { 'If-Match': '"2000-01-01T00:00:00.000Z"' },
    );
    expect(stale.status).toBe(412);
    for (const text of seen) expect(text).not.toContain(world.canary);
  });

  it('a recorded path that contains a secret value is stored and served with its placeholder', async () => {
    const imported = await call(
      'POST',
      `/api/orgs/${world.orgId}/test-cases/${world.ids.testCaseId}/traversals`,
      {
        browserConfigId: DEFAULT_BROWSER_CONFIG_ID,
        expectedOutcome: 'logged in',
        brainStates: [
          {
            memory: `typed ${world.canary} into the password field`,
            nextGoal: 'log in',
            actions: [{ action: { type: 'input_text', ref: 'e2', text: world.canary } }],
          },
        ],
      },
    );
    expect(imported.status).toBe(201);
    expect(imported.text).not.toContain(world.canary);
    expect(imported.text).toContain('<secret>CANARY</secret>');
    const id = (JSON.parse(imported.text) as { id: string }).id;
    const read = await call('GET', `/api/orgs/${world.orgId}/traversals/${id}`);
    expect(read.text).toContain('<secret>CANARY</secret>');
    expect(read.text).not.toContain(world.canary);
  });

  it('no GET route of the table returns the value', async () => {
    const ids = world.ids as unknown as Record<string, string | undefined>;
    for (const route of listApiRoutes().filter(
      (r) => r.method === 'get' && r.access !== 'public',
    )) {
      const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? 'x');
      const { status, text } = await call('GET', url);
      expect(status, url).toBeLessThan(500);
      expect(text, url).not.toContain(world.canary);
    }
  });

  it('nothing the server logged contains the value', () => {
    expect(JSON.stringify(harness.logged)).not.toContain(world.canary);
  });
}

describe.each(primaryTestDatabaseDriver(process.env))('secret canary [$name]', canarySuite);
