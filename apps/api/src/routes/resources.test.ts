// Resources over HTTP: ETag/If-Match, pages, links, write-only secrets, presets, invitations, traversals, costs.
import { type TestDatabaseDriver, primaryTestDatabaseDriver } from '@retrace/db/testing';
import { DEFAULT_BROWSER_CONFIG_ID } from '@retrace/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, openApiHarness } from '../test-support/api-harness.ts';
import { type ApiWorld, createApiWorld, createUserWithToken } from '../test-support/api-world.ts';

type Json = Record<string, unknown>;

function resourcesSuite(driver: TestDatabaseDriver) {
  let harness: ApiHarness;
  let world: ApiWorld;
  let org: string;
  let project: string;
  let admin: string;
  let member: string;
  let guest: string;

  beforeAll(async () => {
    harness = await openApiHarness(driver);
    world = await createApiWorld(harness);
    org = `/api/orgs/${world.orgId}`;
    project = `${org}/projects/${world.ids.projectId}`;
    admin = world.users.admin.token;
    member = world.users.member.token;
    guest = world.users.guest.token;
  });
  afterAll(async () => harness.close());

  const json = async (response: Response) => (await response.json()) as Json;
  const codeOf = async (response: Response) => (await json(response)).code;

  it('creates a project with Location and ETag, and answers If-None-Match with 304', async () => {
    const created = await harness.call('POST', `${org}/projects`, member, {
      name: 'Docs site',
      defaultUrlRoute: 'https://docs.example',
    });
    expect(created.status).toBe(201);
    const body = await json(created);
    expect(created.headers.get('location')).toBe(`${org}/projects/${String(body.id)}`);
    const etag = created.headers.get('etag');
    expect(etag).toBe(`"${String(body.updatedAt)}"`);
    const again = await harness.call(
      'GET',
      created.headers.get('location') ?? '',
      guest,
      undefined,
      {
        'If-None-Match': etag ?? '',
      },
    );
    expect(again.status).toBe(304);
  });

  it('honours If-Match: the current ETag updates, a stale one is 412, none means last write wins', async () => {
    const url = `${project}`;
    const read = await harness.call('GET', url, guest);
    const etag = read.headers.get('etag') ?? '';
    const first = await harness.call(
      'PATCH',
      url,
      member,
      { name: 'Shop v2' },
      { 'If-Match': etag },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).not.toBe(etag);
    const stale = await harness.call(
      'PATCH',
      url,
      member,
      { name: 'Shop v3' },
      { 'If-Match': etag },
    );
    expect(stale.status).toBe(412);
    expect(await codeOf(stale)).toBe('PRECONDITION_FAILED');
    const foreign = await harness.call(
      'PATCH',
      url,
      member,
      { name: 'x' },
      { 'If-Match': '"abc"' },
    );
    expect(foreign.status).toBe(412);
    const blind = await harness.call('PATCH', url, member, { name: 'Shop v4' });
    expect(blind.status).toBe(200);
    expect((await json(blind)).name).toBe('Shop v4');
  });

  it('a PATCH of a test case keeps the fields it leaves out', async () => {
    const url = `${org}/test-cases/${world.ids.testCaseId}`;
    const set = await harness.call('PATCH', url, member, {
      extraRules: 'never click Delete',
      allowedDomains: ['pay.example.com'],
    });
    expect(set.status).toBe(200);
    const renamed = await json(
      await harness.call('PATCH', url, member, { name: 'Add two to cart' }),
    );
    expect(renamed).toMatchObject({
      name: 'Add two to cart',
      extraRules: 'never click Delete',
      allowedDomains: ['pay.example.com'],
    });
  });

  it('tags test cases of the same project only, and lists test cases by tag and by name', async () => {
    const testCase = `${org}/test-cases/${world.ids.testCaseId}`;
    const tagged = await json(
      await harness.call('PUT', `${testCase}/tags/${world.ids.tagId}`, member),
    );
    expect(tagged.tagIds).toEqual(
      expect.arrayContaining([world.ids.tagId, world.ids.attachedTagId]),
    );
    const byTag = await json(
      await harness.call('GET', `${project}/test-cases?tagId=${world.ids.tagId}`, guest),
    );
    expect((byTag.items as Json[]).map((t) => t.id)).toEqual([world.ids.testCaseId]);
    const bySearch = await json(
      await harness.call('GET', `${project}/test-cases?search=CART`, guest),
    );
    expect((bySearch.items as Json[]).length).toBe(1);
    const untagged = await json(
      await harness.call('DELETE', `${testCase}/tags/${world.ids.tagId}`, member),
    );
    expect(untagged.tagIds).toEqual([world.ids.attachedTagId]);
    const otherProject = await json(
      await harness.call('POST', `${org}/projects`, member, {
        name: 'Other',
        defaultUrlRoute: 'http://o.test',
      }),
    );
    const otherTag = await json(
      await harness.call('POST', `${org}/projects/${String(otherProject.id)}/tags`, member, {
        name: 'elsewhere',
        color: '#123456',
      }),
    );
    const refused = await harness.call('PUT', `${testCase}/tags/${String(otherTag.id)}`, member);
    expect(refused.status).toBe(422);
    expect(await codeOf(refused)).toBe('TAG_OTHER_PROJECT');
  });

  it('pages through a list in a stable order with sealed cursors', async () => {
    const names = ['p-a', 'p-b', 'p-c', 'p-d', 'p-e'];
    const created = await json(
      await harness.call('POST', `${org}/projects`, member, {
        name: 'Paged',
        defaultUrlRoute: 'http://p.test',
      }),
    );
    const tags = `${org}/projects/${String(created.id)}/tags`;
    for (const name of [...names].reverse()) {
      await harness.call('POST', tags, member, { name, color: '#000000' });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string =
        cursor === null ? '?limit=2' : `?limit=2&cursor=${encodeURIComponent(cursor)}`;
      const page = await json(await harness.call('GET', `${tags}${query}`, guest));
      seen.push(...(page.items as Json[]).map((t) => String(t.name)));
      cursor = page.nextCursor as string | null;
    } while (cursor !== null);
    expect(seen).toEqual(names);
    const first = await json(await harness.call('GET', `${tags}?limit=2`, guest));
    const sealed = String(first.nextCursor);
    const tampered = await harness.call(
      'GET',
      `${tags}?cursor=${encodeURIComponent(`x${sealed}`)}`,
      guest,
    );
    expect(tampered.status).toBe(400);
    const elsewhere = await harness.call(
      'GET',
      `${project}/tags?cursor=${encodeURIComponent(sealed)}`,
      guest,
    );
    expect(elsewhere.status).toBe(400);
  });

  it('never returns a secret value: names and versions only, each change bumps the version', async () => {
    const secrets = `${project}/secrets`;
    const created = await harness.call('POST', secrets, admin, {
      name: 'API_TOKEN',
      value: 'tok-123456',
    });
    expect(created.status).toBe(201);
    const secret = await json(created);
    expect(secret).toMatchObject({ name: 'API_TOKEN', version: 1 });
    expect(Object.keys(secret)).not.toContain('value');
    const url = `${org}/secrets/${String(secret.id)}`;
    const changed = await json(await harness.call('PATCH', url, admin, { value: 'tok-654321' }));
    expect(changed.version).toBe(2);
    const both = await json(
      await harness.call('PATCH', url, admin, { name: 'API_TOKEN_2', value: 'tok-x' }),
    );
    expect(both).toMatchObject({ name: 'API_TOKEN_2', version: 4 });
    const listed = await harness.call('GET', secrets, guest);
    const text = await listed.text();
    for (const value of ['tok-123456', 'tok-654321', 'tok-x']) expect(text).not.toContain(value);
    expect((await harness.call('POST', secrets, member, { name: 'N', value: 'v' })).status).toBe(
      403,
    );
    expect((await harness.call('PATCH', url, admin, {})).status).toBe(400);
  });

  it('lists the built-in presets, keeps them read-only, and validates configs with the engine schema', async () => {
    const page = await json(await harness.call('GET', `${org}/browser-configs?limit=200`, guest));
    const preset = (page.items as Json[]).find((c) => c.id === DEFAULT_BROWSER_CONFIG_ID);
    expect(preset).toMatchObject({ builtin: true, organizationId: null });
    const readOnly = await harness.call(
      'PATCH',
      `${org}/browser-configs/${DEFAULT_BROWSER_CONFIG_ID}`,
      member,
      {
        name: 'mine now',
      },
    );
    expect(readOnly.status).toBe(403);
    expect(await codeOf(readOnly)).toBe('BUILTIN_READ_ONLY');
    const invalid = await json(
      await harness.call('POST', `${org}/browser-configs`, member, {
        name: 'Tiny',
        browserConfig: { viewport: { width: 10, height: 10 } },
      }),
    );
    expect((invalid.errors as Json[]).map((e) => e.path)).toContain(
      'body.browserConfig.viewport.width',
    );
  });

  it('keeps the default test config and refuses to delete it', async () => {
    const page = await json(await harness.call('GET', `${project}/test-configs`, guest));
    const defaults = (page.items as Json[]).find((c) => c.name === 'default');
    const refused = await harness.call(
      'DELETE',
      `${org}/test-configs/${String(defaults?.id)}`,
      admin,
    );
    expect(refused.status).toBe(409);
    expect(await codeOf(refused)).toBe('TEST_CONFIG_IS_DEFAULT');
  });

  it('invites by email: the invitee accepts once with the invited address and becomes a member', async () => {
    const invitee = await createUserWithToken(harness, 'invitee');
    const invited = await json(
      await harness.call('POST', `${org}/invitations`, admin, {
        email: invitee.email,
        role: 'member',
      }),
    );
    expect(String(invited.acceptUrl)).toContain(encodeURIComponent(String(invited.token)));
    const wrongPerson = await harness.call('POST', '/api/invitations/accept', member, {
      token: invited.token,
    });
    expect(wrongPerson.status).toBe(403);
    const accepted = await harness.call('POST', '/api/invitations/accept', invitee.token, {
      token: invited.token,
    });
    expect(accepted.status).toBe(200);
    expect(await json(accepted)).toMatchObject({ organizationId: world.orgId, role: 'member' });
    const twice = await harness.call('POST', '/api/invitations/accept', invitee.token, {
      token: invited.token,
    });
    expect(twice.status).toBe(410);
    const me = await json(await harness.call('GET', '/api/me', invitee.token));
    expect((me.organizations as Json[]).map((o) => o.id)).toContain(world.orgId);
    const left = await harness.call('DELETE', `${org}/membership`, invitee.token);
    expect(left.status).toBe(204);
    expect((await harness.call('GET', org, invitee.token)).status).toBe(404);
  });

  it('imports a traversal as the next version and serves it with its steps and secrets', async () => {
    const traversals = `${org}/test-cases/${world.ids.testCaseId}/traversals`;
    const imported = await harness.call('POST', traversals, member, {
      browserConfigId: DEFAULT_BROWSER_CONFIG_ID,
      expectedOutcome: 'done',
      verified: true,
      secrets: [{ name: 'CANARY', version: 1 }],
      brainStates: [
        {
          nextGoal: 'log in',
          actions: [{ action: { type: 'input_text', ref: 'e1', text: '<secret>CANARY</secret>' } }],
        },
      ],
    });
    expect(imported.status).toBe(201);
    const detail = await json(imported);
    expect(detail).toMatchObject({ version: 2, source: 'import', verified: true });
    expect(detail.secrets).toEqual([{ secretId: world.ids.secretId, name: 'CANARY', version: 1 }]);
    const list = await json(await harness.call('GET', traversals, guest));
    expect((list.items as Json[]).map((t) => t.version)).toEqual([2, 1]);
    const read = await json(
      await harness.call('GET', `${org}/traversals/${String(detail.id)}`, guest),
    );
    expect((read.brainStates as Json[])[0]).toMatchObject({ nextGoal: 'log in', valid: true });
  });

  it("sums a project's LLM costs by day and by model", async () => {
    const byDay = await json(await harness.call('GET', `${project}/costs`, guest));
    expect(byDay).toMatchObject({
      groupBy: 'day',
      timeZone: 'UTC',
      sum: { runs: 1, inputTokens: 1000 },
    });
    const byModel = await json(await harness.call('GET', `${project}/costs?groupBy=model`, guest));
    expect(byModel.totals).toEqual([
      expect.objectContaining({ key: 'gpt-test', runs: 1, completionTokens: 100 }),
    ]);
    const backwards = await harness.call(
      'GET',
      `${project}/costs?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z`,
      guest,
    );
    expect(backwards.status).toBe(400);
  });

  it('creates, renames (If-Match) and deletes an organization', async () => {
    const created = await harness.call('POST', '/api/orgs', guest, { name: 'Side project' });
    const organization = await json(created);
    expect(organization.role).toBe('admin');
    const url = `/api/orgs/${String(organization.id)}`;
    const renamed = await harness.call(
      'PATCH',
      url,
      guest,
      { name: 'Side' },
      {
        'If-Match': created.headers.get('etag') ?? '',
      },
    );
    expect(renamed.status).toBe(200);
    const list = await json(await harness.call('GET', '/api/orgs', guest));
    expect((list.items as Json[]).map((o) => o.name)).toContain('Side');
    expect((await harness.call('DELETE', url, guest)).status).toBe(204);
    expect((await harness.call('GET', url, guest)).status).toBe(404);
  });
}

describe.each(primaryTestDatabaseDriver(process.env))('resources [$name]', resourcesSuite);
