// Authentication: Supabase tokens (HS256 and JWKS) checked strictly, API keys scoped and revocable.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type TestDatabaseDriver, primaryTestDatabaseDriver } from '@retrace/db/testing';
import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../create-api.ts';
import {
  type ApiHarness,
  AUDIENCE,
  ISSUER,
  JWT_SECRET,
  openApiHarness,
} from '../test-support/api-harness.ts';
import { type ApiWorld, createApiWorld, createUserWithToken } from '../test-support/api-world.ts';
import { authConfigSchema } from './auth-config.ts';

interface Me {
  principal: { kind: string; userId?: string; email?: string; organizationId?: string };
  organizations: { id: string; role: string }[];
}

async function problemCode(response: Response): Promise<string> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return ((await response.json()) as { code: string }).code;
}

/** A JWKS endpoint on loopback; `up = false` makes it answer 503 like a provider outage. */
async function startJwksServer(keys: JWK[]) {
  const state = { up: true };
  const server: Server = createServer((_request, response) => {
    if (!state.up) {
      response.writeHead(503).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/v1/.well-known/jwks.json`;
  return { url, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function authSuite(driver: TestDatabaseDriver) {
  let harness: ApiHarness;
  let world: ApiWorld;
  let other: ApiWorld;

  beforeAll(async () => {
    harness = await openApiHarness(driver);
    world = await createApiWorld(harness, { light: true });
    other = await createApiWorld(harness, { light: true });
  });
  afterAll(async () => harness.close());

  /** Another API process on the same database and queue, in local mode (API keys only). */
  const localModeApi = (clock?: () => Date) =>
    createApi({
      domain: harness.domain,
      artifacts: harness.artifacts,
      runQueue: harness.queue,
      runEvents: harness.queue,
      auth: { localMode: true },
      publicUrl: 'http://retrace.test',
      ...(clock && { clock }),
    });

  it('accepts a valid HS256 access token and creates the user on first sight', async () => {
    const sub = `first-sight-${Date.now()}`;
    const token = await harness.tokenFor({ sub, email: 'First.Sight@Example.com' });
    const response = await harness.call('GET', '/api/me', token);
    expect(response.status).toBe(200);
    const me = (await response.json()) as Me;
    expect(me.principal).toEqual({ kind: 'user', userId: sub, email: 'first.sight@example.com' });
    expect(me.organizations).toEqual([]);
    const created = await harness.call('POST', '/api/orgs', token, { name: 'Mine' });
    expect(created.status).toBe(201);
  });

  it('follows an email change of the same user', async () => {
    const user = await createUserWithToken(harness, 'mover');
    const created = await harness.call('POST', '/api/orgs', user.token, { name: 'Moving' });
    const { id } = (await created.json()) as { id: string };
    const renamed = await harness.tokenFor({ sub: user.sub, email: 'moved@example.com' });
    const members = await harness.call('GET', `/api/orgs/${id}/members`, renamed);
    const page = (await members.json()) as { items: { email: string }[] };
    expect(page.items.map((m) => m.email)).toEqual(['moved@example.com']);
  });

  it('refuses an expired token with TOKEN_EXPIRED and a Bearer challenge', async () => {
    const token = await harness.tokenFor(world.users.admin, {
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const response = await harness.call('GET', '/api/me', token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="retrace"/);
    expect(await problemCode(response)).toBe('TOKEN_EXPIRED');
  });

  it.each([
    ['not yet valid (nbf)', { nbf: Math.floor(Date.now() / 1000) + 600 }],
    ['for another audience', { aud: 'service_role' }],
    ['from another issuer', { iss: 'https://evil.test/auth/v1' }],
    ['without an email', { email: undefined }],
    ['with an invalid email', { email: 'not-an-email' }],
    ['without an expiry', { exp: undefined }],
  ])('refuses a token %s', async (_label, claims) => {
    const token = await harness.tokenFor(world.users.admin, claims);
    const response = await harness.call('GET', '/api/me', token);
    expect(response.status).toBe(401);
    expect(await problemCode(response)).toBe('TOKEN_INVALID');
  });

  it('refuses an unsigned (alg none) token and a token signed with another secret', async () => {
    const unsigned = harness.unsignedTokenFor(world.users.admin);
    expect((await harness.call('GET', '/api/me', unsigned)).status).toBe(401);
    const forged = await harness.tokenFor(world.users.admin, {}, 'x'.repeat(40));
    expect((await harness.call('GET', '/api/me', forged)).status).toBe(401);
  });

  it.each([
    ['no header', undefined],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
    ['an empty bearer', 'Bearer '],
    ['two tokens', 'Bearer a b'],
    ['garbage', 'Bearer not.a.jwt'],
  ])('answers 401 to %s', async (_label, header) => {
    const response = await harness.app.request('/api/me', {
      headers: header === undefined ? {} : { Authorization: header },
    });
    expect(response.status).toBe(401);
    expect(['UNAUTHENTICATED', 'TOKEN_INVALID']).toContain(await problemCode(response));
  });

  it('an API key acts with its role in its organization only', async () => {
    const me = (await (await harness.call('GET', '/api/me', world.keys.member)).json()) as Me;
    expect(me.principal).toMatchObject({ kind: 'api_key', organizationId: world.orgId });
    expect(me.organizations.map((o) => o.role)).toEqual(['member']);
    const own = await harness.call('GET', `/api/orgs/${world.orgId}/projects`, world.keys.member);
    expect(own.status).toBe(200);
    const foreign = await harness.call(
      'GET',
      `/api/orgs/${other.orgId}/projects`,
      world.keys.admin,
    );
    expect(foreign.status).toBe(404);
    expect(await problemCode(foreign)).toBe('NOT_FOUND');
  });

  it('a revoked API key never authenticates again, and use is recorded', async () => {
    const created = await harness.call(
      'POST',
      `/api/orgs/${world.orgId}/api-keys`,
      world.users.admin.token,
      {
        name: 'CI',
        role: 'member',
      },
    );
    expect(created.status).toBe(201);
    const { apiKey, token } = (await created.json()) as { apiKey: { id: string }; token: string };
    expect((await harness.call('GET', '/api/me', token)).status).toBe(200);
    const listed = await harness.call(
      'GET',
      `/api/orgs/${world.orgId}/api-keys`,
      world.users.admin.token,
    );
    const keys = (await listed.json()) as { items: { id: string; lastUsedAt: string | null }[] };
    expect(keys.items.find((k) => k.id === apiKey.id)?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(keys)).not.toContain(token);
    const revoked = await harness.call(
      'POST',
      `/api/orgs/${world.orgId}/api-keys/${apiKey.id}/revoke`,
      world.users.admin.token,
    );
    expect(revoked.status).toBe(200);
    const refused = await harness.call('GET', '/api/me', token);
    expect(refused.status).toBe(401);
    expect(await problemCode(refused)).toBe('TOKEN_INVALID');
  });

  it('a key revoked through another API process is refused there within the 5 s cache bound', async () => {
    let now = Date.now();
    const otherProcess = localModeApi(() => new Date(now));
    const created = await harness.call(
      'POST',
      `/api/orgs/${world.orgId}/api-keys`,
      world.users.admin.token,
      { name: 'CI elsewhere', role: 'guest' },
    );
    const { apiKey, token } = (await created.json()) as { apiKey: { id: string }; token: string };
    const me = () =>
      otherProcess.request('/api/me', { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);
    const revoked = await harness.call(
      'POST',
      `/api/orgs/${world.orgId}/api-keys/${apiKey.id}/revoke`,
      world.users.admin.token,
    );
    expect(revoked.status).toBe(200);
    now += 5_001;
    const refused = await me();
    expect(refused.status).toBe(401);
    expect(await problemCode(refused)).toBe('TOKEN_INVALID');
  });

  describe('with asymmetric keys from a JWKS URL', () => {
    let jwks: Awaited<ReturnType<typeof startJwksServer>>;
    let app: ReturnType<typeof createApi>;
    let signingKey: CryptoKey;
    let rsaPublicPem: string;

    beforeAll(async () => {
      const es = await generateKeyPair('ES256', { extractable: true });
      const rsa = await generateKeyPair('RS256', { extractable: true });
      signingKey = es.privateKey;
      rsaPublicPem = await exportSPKI(rsa.publicKey);
      jwks = await startJwksServer([
        { ...(await exportJWK(es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' },
        { ...(await exportJWK(rsa.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' },
      ]);
      app = createApi({
        domain: harness.domain,
        artifacts: harness.artifacts,
        runQueue: harness.queue,
        runEvents: harness.queue,
        auth: { supabase: { jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE } },
        publicUrl: 'http://retrace.test',
      });
    });
    afterAll(async () => jwks.close());

    const sign = (kid: string) =>
      new SignJWT({ email: 'jwks.user@example.com' })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject('jwks-user')
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('10m')
        .sign(signingKey);
    const me = (token: string) =>
      app.request('/api/me', { headers: { Authorization: `Bearer ${token}` } });

    it('accepts an ES256 token whose key is in the JWKS', async () => {
      expect((await me(await sign('es-1'))).status).toBe(200);
    });

    it('refuses a token whose key id is not in the JWKS', async () => {
      const response = await me(await sign('unknown-kid'));
      expect(response.status).toBe(401);
    });

    it('refuses an HS256 token keyed with the RSA public key (algorithm confusion)', async () => {
      const confused = await new SignJWT({ email: 'attacker@example.com' })
        .setProtectedHeader({ alg: 'HS256', kid: 'rs-1' })
        .setSubject('attacker')
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(rsaPublicPem));
      const response = await me(confused);
      expect(response.status).toBe(401);
      expect(await problemCode(response)).toBe('TOKEN_INVALID');
    });

    it('answers 503 AUTH_UNAVAILABLE while the JWKS cannot be fetched', async () => {
      jwks.state.up = false;
      const outage = createApi({
        domain: harness.domain,
        artifacts: harness.artifacts,
        runQueue: harness.queue,
        runEvents: harness.queue,
        auth: { supabase: { jwksUrl: jwks.url, issuer: ISSUER } },
        publicUrl: 'http://retrace.test',
      });
      try {
        const response = await outage.request('/api/me', {
          headers: { Authorization: `Bearer ${await sign('es-1')}` },
        });
        expect(response.status).toBe(503);
        expect(await problemCode(response)).toBe('AUTH_UNAVAILABLE');
      } finally {
        jwks.state.up = true;
      }
    });
  });

  it('in local mode without Supabase accepts API keys only', async () => {
    const local = localModeApi();
    const jwt = await local.request('/api/me', {
      headers: { Authorization: `Bearer ${world.users.admin.token}` },
    });
    expect(jwt.status).toBe(401);
    expect(((await jwt.json()) as { detail: string }).detail).toMatch(/API keys only/);
    const key = await local.request('/api/me', {
      headers: { Authorization: `Bearer ${world.keys.guest}` },
    });
    expect(key.status).toBe(200);
    const settings = await local.request('/api/auth/settings');
    expect(await settings.json()).toEqual({ localMode: true, supabase: null });
  });
}

describe.each(primaryTestDatabaseDriver(process.env))('authentication [$name]', authSuite);

describe('auth config', () => {
  it('needs a JWT secret or a JWKS URL for Supabase, and a long enough secret', () => {
    expect(authConfigSchema.safeParse({ supabase: { issuer: ISSUER } }).success).toBe(false);
    expect(
      authConfigSchema.safeParse({ supabase: { issuer: ISSUER, jwtSecret: 'short' } }).success,
    ).toBe(false);
    const parsed = authConfigSchema.parse({ supabase: { issuer: ISSUER, jwtSecret: JWT_SECRET } });
    expect(parsed).toMatchObject({ localMode: false, supabase: { audience: 'authenticated' } });
  });
});
