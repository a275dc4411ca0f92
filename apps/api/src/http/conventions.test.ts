// HTTP conventions: problems for every failure, body limits and types, strict queries, request ids, 405s.
import { openPgliteTestDatabase } from '@retrace/db/testing';
import { createSecretKeyring, generateSecretKey } from '@retrace/domain';
import { createQueue } from '@retrace/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../create-api.ts';
import {
  type ApiHarness,
  AUDIENCE,
  ISSUER,
  JWT_SECRET,
  openApiHarness,
} from '../test-support/api-harness.ts';
import { type ApiWorld, createApiWorld } from '../test-support/api-world.ts';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
  requestId?: string;
}

async function problemOf(response: Response): Promise<ProblemBody> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as ProblemBody;
  expect(problem.status).toBe(response.status);
  expect(problem.type).toMatch(/^urn:retrace:problem:/);
  return problem;
}

describe('HTTP conventions', () => {
  let harness: ApiHarness;
  let world: ApiWorld;
  let tagsUrl: string;

  beforeAll(async () => {
    harness = await openApiHarness({ name: 'pglite', open: openPgliteTestDatabase });
    world = await createApiWorld(harness, { light: true });
    tagsUrl = `/api/orgs/${world.orgId}/projects/${world.ids.projectId}/tags`;
  });
  afterAll(async () => harness.close());

  const post = (url: string, body: BodyInit, headers: Record<string, string>) =>
    harness.app.request(url, {
      method: 'POST',
      body,
      headers: { Authorization: `Bearer ${world.users.member.token}`, ...headers },
    });

  it('answers an unknown route with a 404 problem that points at the reference', async () => {
    const problem = await problemOf(await harness.call('GET', '/api/nothing-here', null));
    expect(problem).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
    expect(problem.detail).toContain('/api/docs');
  });

  it('answers a known path with the wrong method 405 and lists the allowed ones', async () => {
    const response = await harness.call('PUT', tagsUrl, world.users.member.token);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, HEAD');
    expect((await problemOf(response)).code).toBe('METHOD_NOT_ALLOWED');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await post(tagsUrl, 'name=x', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(415);
    expect((await problemOf(response)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses malformed JSON with 400 MALFORMED_JSON', async () => {
    const response = await post(tagsUrl, '{"name": "x",', { 'Content-Type': 'application/json' });
    expect((await problemOf(response)).code).toBe('MALFORMED_JSON');
  });

  it('refuses a body over the limit with 413, whether or not its length was declared', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), color: '#000000' });
    const declared = await post(tagsUrl, big, { 'Content-Type': 'application/json' });
    expect(declared.status).toBe(413);
    expect((await problemOf(declared)).code).toBe('PAYLOAD_TOO_LARGE');
    const chunks = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < chunks.length; i += 65_536)
          controller.enqueue(chunks.slice(i, i + 65_536));
        controller.close();
      },
    });
    const streamed = await harness.app.request(tagsUrl, {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: {
        Authorization: `Bearer ${world.users.member.token}`,
        'Content-Type': 'application/json',
      },
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('refuses NUL characters anywhere in a body, naming the field', async () => {
    const response = await harness.call('POST', tagsUrl, world.users.member.token, {
      name: 'a\u0000b',
      color: '#000000',
    });
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(problem.errors?.[0]?.path).toBe('body.name');
  });

  it('refuses unknown body fields and says which', async () => {
    const problem = await problemOf(
      await harness.call('POST', tagsUrl, world.users.member.token, {
        name: 'ok',
        color: '#000000',
        colour: '#111111',
      }),
    );
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors?.map((e) => e.path)).toEqual(['body.colour']);
    expect(problem.detail).toContain('body.colour: unknown field');
  });

  it('lists every invalid field of a body', async () => {
    const problem = await problemOf(
      await harness.call('POST', tagsUrl, world.users.member.token, { name: '', color: 'blue' }),
    );
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['body.color', 'body.name']);
    expect(problem.errors?.find((e) => e.path === 'body.color')?.message).toContain('#rrggbb');
  });

  it('refuses unknown and repeated query parameters', async () => {
    const unknown = await harness.call('GET', `${tagsUrl}?limt=5`, world.users.guest.token);
    expect((await problemOf(unknown)).errors?.[0]?.path).toBe('query.limt');
    const repeated = await harness.call(
      'GET',
      `${tagsUrl}?limit=5&limit=6`,
      world.users.guest.token,
    );
    expect((await problemOf(repeated)).errors?.[0]?.path).toBe('query.limit');
    const outOfRange = await harness.call('GET', `${tagsUrl}?limit=1000`, world.users.guest.token);
    expect((await problemOf(outOfRange)).errors?.[0]?.path).toBe('query.limit');
  });

  it('echoes a sane request id, makes one otherwise, and quotes it in problems', async () => {
    const given = await harness.app.request('/api/health', {
      headers: { 'X-Request-Id': 'ci-build-42' },
    });
    expect(given.headers.get('x-request-id')).toBe('ci-build-42');
    const made = await harness.app.request('/api/nothing', {
      headers: { 'X-Request-Id': 'bad id\u00e9' },
    });
    const id = made.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await problemOf(made)).requestId).toBe(id);
  });

  it('maps domain errors to their status with a stable code and a message that says what to fix', async () => {
    const problem = await problemOf(
      await harness.call('POST', tagsUrl, world.users.member.token, {
        name: 'smoke',
        color: '#000000',
      }),
    );
    expect(problem).toMatchObject({ status: 409, code: 'TAG_NAME_TAKEN', title: 'Conflict' });
    expect(problem.detail).toMatch(/choose another name/);
  });

  it('keeps private JSON out of shared caches', async () => {
    const response = await harness.call('GET', tagsUrl, world.users.guest.token);
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
  });

  it('answers an unexpected failure with a bare 500 INTERNAL and logs it', async () => {
    const database = await openPgliteTestDatabase();
    if (database.kind !== 'pglite') throw new Error('expected PGlite');
    const logged: string[] = [];
    const queue = createQueue({ pglite: database.pglite, onError: () => undefined });
    const app = createApi(
      {
        domain: { db: database.db, secretKey: createSecretKeyring([generateSecretKey()]) },
        artifacts: harness.artifacts,
        runQueue: queue,
        runEvents: queue,
        auth: { supabase: { jwtSecret: JWT_SECRET, issuer: ISSUER, audience: AUDIENCE } },
        publicUrl: 'http://retrace.test',
      },
      {
        logger: {
          error: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
          warn: () => undefined,
        },
      },
    );
    await database.dispose();
    const response = await app.request('/api/me', {
      headers: { Authorization: `Bearer ${world.users.admin.token}` },
    });
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(Object.keys(problem).sort()).toEqual([
      'code',
      'detail',
      'instance',
      'requestId',
      'status',
      'title',
      'type',
    ]);
    expect(problem.detail).not.toMatch(/pglite|closed|sql/i);
    expect(logged.join('\n')).toContain(problem.requestId ?? 'missing');
  });
});
