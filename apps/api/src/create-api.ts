// Builds the Hono app: wires the dependencies, registers the route table, and answers errors as problems.
import { randomBytes, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { ApiDeps, ApiLogger, ApiOptions, ApiServices } from './api-deps.ts';
import { createArtifactUrls } from './artifacts/artifact-urls.ts';
import { createRunGifOnDemand } from './artifacts/run-gif-on-demand.ts';
import { authConfigSchema } from './auth/auth-config.ts';
import { createAuthenticator } from './auth/authenticate-request.ts';
import { createCursorSeal } from './http/cursor-seal.ts';
import { type ApiRoute, honoPathOf } from './http/api-route.ts';
import { ApiError, PROBLEM_CONTENT_TYPE, toProblem } from './http/problem.ts';
import { buildOpenApiDocument } from './openapi/openapi-document.ts';
import { buildRouteTable } from './routes/route-table.ts';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_SSE_HEARTBEAT_MS = 15_000;
const DEFAULT_ARTIFACT_URL_TTL_SECONDS = 3600;
const MIN_SIGNING_KEY_BYTES = 32;
/**
 * A cached body's signed URLs were signed when it was stored, so serving it later shortens their remaining
 * life: keep that under a tenth of the promised lifetime (6 min of the default hour; the cache's 30 s wins).
 */
const CACHED_URL_LIFETIME_SHARE = 0.1;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

type ApiEnv = { Variables: { requestId: string } };

export const consoleLogger: ApiLogger = {
  error: (message, fields) => console.error(`[retrace api] ${message}`, fields ?? ''),
  warn: (message, fields) => console.warn(`[retrace api] ${message}`, fields ?? ''),
};

function signingKeyOf(key: ApiOptions['signingKey']): Uint8Array {
  if (key === undefined) return randomBytes(MIN_SIGNING_KEY_BYTES);
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (bytes.byteLength < MIN_SIGNING_KEY_BYTES) {
    throw new Error(`the API signing key must be at least ${MIN_SIGNING_KEY_BYTES} bytes`);
  }
  return bytes;
}

function parseAuthConfig(input: ApiDeps['auth']) {
  const parsed = authConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `auth.${issue.path.join('.')}: ${issue.message}`)
    .join('; ');
  throw new Error(`invalid API auth config: ${problems}`);
}

/** Matches a request path against route paths, to tell 405 (wrong method) from 404 (no such path). */
function allowedMethods(routes: readonly ApiRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    const pattern = route.path.replace(/\{(\w+)\}/g, () => (route.honoPath ? '(.+)' : '([^/]+)'));
    if (new RegExp(`^${pattern}$`).test(path)) methods.add(route.method.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods];
}

function problemResponse(c: Context<ApiEnv>, error: unknown, logger: ApiLogger): Response {
  const requestId = c.get('requestId') ?? randomUUID();
  const outcome = toProblem(error, c.req.path, requestId);
  if (outcome.unexpected) {
    logger.error('request failed unexpectedly', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      error: describeError(error),
    });
  }
  return new Response(JSON.stringify(outcome.problem), {
    status: outcome.problem.status,
    headers: {
      'Content-Type': PROBLEM_CONTENT_TYPE,
      'Cache-Control': 'no-store',
      'X-Request-Id': requestId,
      ...outcome.headers,
    },
  });
}

/** Name, code and a bounded message of each error in the cause chain; no request data. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(
      `${current.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${current.message.slice(0, 300)}`,
    );
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(' <- ') : typeof error;
}

export function createApi(deps: ApiDeps, options: ApiOptions = {}): Hono<ApiEnv> {
  const clock = deps.clock ?? (() => new Date());
  const auth = parseAuthConfig(deps.auth);
  const signingKey = signingKeyOf(options.signingKey);
  const artifactUrlTtlSeconds = options.artifactUrlTtlSeconds ?? DEFAULT_ARTIFACT_URL_TTL_SECONDS;
  const logger = options.logger ?? consoleLogger;
  const deleteArtifact = deps.artifacts.delete?.bind(deps.artifacts);
  const domain = {
    ...deps.domain,
    clock: deps.domain.clock ?? clock,
    ...(deps.domain.artifacts === undefined && deleteArtifact
      ? { artifacts: { delete: (key: string) => deleteArtifact(key) } }
      : {}),
  };
  const services: ApiServices = {
    domain,
    artifacts: deps.artifacts,
    runQueue: deps.runQueue,
    runEvents: deps.runEvents,
    authenticator: createAuthenticator(domain, auth, clock),
    urls: createArtifactUrls({
      signingKey,
      publicUrl: deps.publicUrl,
      ttlSeconds: artifactUrlTtlSeconds,
      clock,
    }),
    runGifs: createRunGifOnDemand(domain, deps.artifacts),
    cursors: createCursorSeal(signingKey),
    responseCache: deps.responseCache ?? null,
    clock,
    logger,
    config: {
      publicUrl: deps.publicUrl,
      auth,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      sseHeartbeatMs: options.sseHeartbeatMs ?? DEFAULT_SSE_HEARTBEAT_MS,
      version: options.version ?? '0.1.0',
      responseCacheMaxAgeMs: Math.min(
        deps.responseCache?.maxAgeMs ?? 0,
        artifactUrlTtlSeconds * 1000 * CACHED_URL_LIFETIME_SHARE,
      ),
    },
  };

  let document: unknown = null;
  const routes = buildRouteTable(() => {
    document ??= buildOpenApiDocument(routes, {
      version: services.config.version,
      publicUrl: deps.publicUrl,
    });
    return document;
  });

  const app = new Hono<ApiEnv>();
  app.use('*', async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    if (!c.res.headers.has('Cache-Control'))
      c.res.headers.set('Cache-Control', 'private, no-cache');
  });
  for (const route of routes) {
    app.on(route.method.toUpperCase(), honoPathOf(route), (c) => route.run(c, services));
  }
  app.notFound((c) => {
    const allowed = allowedMethods(routes, c.req.path);
    const error =
      allowed.length > 0
        ? new ApiError(
            'METHOD_NOT_ALLOWED',
            `${c.req.method} is not supported here; use ${allowed.join(', ')}`,
            {
              headers: { Allow: allowed.join(', ') },
            },
          )
        : new ApiError(
            'ROUTE_NOT_FOUND',
            `no API route ${c.req.method} ${c.req.path}: see /api/docs`,
          );
    return problemResponse(c, error, logger);
  });
  app.onError((error, c) => problemResponse(c, error, logger));
  return app;
}

/** The route table of an app built with the same code (for tests and tools). */
export function listApiRoutes(): ApiRoute[] {
  return buildRouteTable(() => ({}));
}
