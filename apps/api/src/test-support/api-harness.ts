// Test support: the API over a real database, a real pg-boss queue, a local artifact store, and token minting.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestDatabase, TestDatabaseDriver } from '@retrace/db/testing';
import { createSecretKeyring, type DomainDeps, generateSecretKey } from '@retrace/domain';
import { createQueue, type JobQueue } from '@retrace/queue';
import { type ArtifactStore, createLocalArtifactStore } from '@retrace/storage';
import { SignJWT, UnsecuredJWT } from 'jose';
import type { ApiLogger, ApiOptions } from '../api-deps.ts';
import type { AuthConfigInput } from '../auth/auth-config.ts';
import { createApi } from '../create-api.ts';
import type { ResponseCache } from '../http/response-cache.ts';

export const JWT_SECRET = 'test-jwt-secret-of-at-least-32-characters!!';
export const ISSUER = 'https://auth.retrace.test/auth/v1';
export const AUDIENCE = 'authenticated';
export const PUBLIC_URL = 'http://retrace.test';
export const SIGNING_KEY = 'test-signing-key-for-urls-and-cursors-0123456789';

export interface TokenUser {
  sub: string;
  email: string;
}

export interface LoggedLine {
  level: 'error' | 'warn';
  message: string;
  fields: Record<string, unknown> | undefined;
}

export interface ApiHarness {
  app: ReturnType<typeof createApi>;
  database: TestDatabase;
  domain: DomainDeps;
  queue: JobQueue;
  artifacts: ArtifactStore;
  logged: LoggedLine[];
  /** Another app over the same database, queue and store, with other settings. */
  appWith(options: HarnessOptions): ReturnType<typeof createApi>;
  /** A valid HS256 access token; claims override the defaults (e.g. `exp`). */
  tokenFor(user: TokenUser, claims?: Record<string, unknown>, secret?: string): Promise<string>;
  unsignedTokenFor(user: TokenUser): string;
  /** `app.request` with a bearer token (omitted when null) and a JSON body when given. */
  call(
    method: string,
    url: string,
    token: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  auth?: AuthConfigInput;
  api?: ApiOptions;
  clock?: () => Date;
  /** Started by the test (`createResponseCache` over `queue` or a scripted feed); none by default. */
  responseCache?: ResponseCache;
}

export async function openApiHarness(
  driver: TestDatabaseDriver,
  options: HarnessOptions = {},
): Promise<ApiHarness> {
  const database = await driver.open();
  const artifactsDir = await mkdtemp(path.join(tmpdir(), 'retrace-api-artifacts-'));
  const artifacts = createLocalArtifactStore({ dir: artifactsDir });
  const queue = createQueue(
    database.kind === 'pglite'
      ? { pglite: database.pglite, schema: 'api_test', onError: () => undefined }
      : {
          connectionString: database.url ?? '',
          poolSize: 4,
          schema: 'api_test',
          onError: () => undefined,
        },
  );
  await queue.start();
  const domain: DomainDeps = {
    db: database.db,
    secretKey: createSecretKeyring([generateSecretKey()]),
  };
  const logged: LoggedLine[] = [];
  const logger: ApiLogger = {
    error: (message, fields) => logged.push({ level: 'error', message, fields }),
    warn: (message, fields) => logged.push({ level: 'warn', message, fields }),
  };
  const appWith = (settings: HarnessOptions) =>
    createApi(
      {
        domain,
        artifacts,
        runQueue: queue,
        runEvents: queue,
        auth: settings.auth ?? {
          supabase: { jwtSecret: JWT_SECRET, issuer: ISSUER, audience: AUDIENCE },
          localMode: false,
        },
        publicUrl: PUBLIC_URL,
        ...(settings.clock ? { clock: settings.clock } : {}),
        ...(settings.responseCache ? { responseCache: settings.responseCache } : {}),
      },
      { signingKey: SIGNING_KEY, logger, ...settings.api },
    );
  const app = appWith(options);
  const secretBytes = (secret: string) => new TextEncoder().encode(secret);
  return {
    app,
    database,
    domain,
    queue,
    artifacts,
    logged,
    appWith,
    async tokenFor(user, claims = {}, secret = JWT_SECRET) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        iss: ISSUER,
        aud: AUDIENCE,
        sub: user.sub,
        email: user.email,
        role: 'authenticated',
        iat: now,
        exp: now + 3600,
        ...claims,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(secretBytes(secret));
    },
    unsignedTokenFor(user) {
      const now = Math.floor(Date.now() / 1000);
      return new UnsecuredJWT({ email: user.email, exp: now + 3600 })
        .setSubject(user.sub)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .encode();
    },
    async call(method, url, token, body, headers = {}) {
      return app.request(url, {
        method,
        headers: {
          ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    async close() {
      await queue.stop({ graceful: false, timeoutMs: 1000 });
      await database.dispose();
      await artifacts.close();
      await rm(artifactsDir, { recursive: true, force: true });
    },
  };
}
