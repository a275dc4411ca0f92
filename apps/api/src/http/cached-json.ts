// A GET's JSON body from the response cache when it holds a current one; else read, stored and tagged.
import { hash } from 'node:crypto';
import type { Context } from 'hono';
import type { ApiServices } from '../api-deps.ts';
import { matchesIfNoneMatch } from './etag.ts';

/** Which body a request asks for. The route has already authenticated and authorized the actor. */
export interface CachedRead {
  organizationId: string;
  operationId: string;
  /** The parsed query (defaults applied), so equivalent query strings share one entry. */
  query: object;
}

/** What a miss reads, and the project its content belongs to (known only afterwards for a run's detail). */
export interface ReadBody {
  projectId: string;
  data: unknown;
}

/** A strong ETag of the exact bytes: the body changes whenever anything in it does. */
function etagOfBody(body: string): string {
  return `"${hash('sha1', body, 'base64url')}"`;
}

function normalizedQuery(query: object): string {
  return JSON.stringify(
    Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

function answer(c: Context, body: string, etag: string): Response {
  if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) {
    return c.body(null, 304, { ETag: etag });
  }
  return c.body(body, 200, { 'Content-Type': 'application/json', ETag: etag });
}

/**
 * The key holds the organization and the path (which names the project or run, and binds page cursors), so
 * a body is only ever served for the same request by an actor the route let through.
 */
export async function cachedJson(
  c: Context,
  services: ApiServices,
  request: CachedRead,
  read: () => Promise<ReadBody>,
): Promise<Response> {
  const cache = services.responseCache;
  const key = `${request.organizationId}\n${request.operationId}\n${c.req.path}\n${normalizedQuery(request.query)}`;
  const now = services.clock().getTime();
  const hit = cache?.get(key, now);
  if (hit !== undefined) return answer(c, hit.body, hit.etag);
  const shared = cache?.pending(key);
  if (shared !== undefined) {
    const { body, etag } = await shared;
    return answer(c, body, etag);
  }
  const ticket = cache?.begin() ?? null;
  const reading = (async () => {
    const { projectId, data } = await read();
    const body = JSON.stringify(data);
    const etag = etagOfBody(body);
    if (cache !== null && ticket !== null) {
      cache.put(
        ticket,
        key,
        { organizationId: request.organizationId, projectId },
        { body, etag },
        now + services.config.responseCacheMaxAgeMs,
      );
    }
    return { body, etag };
  })();
  if (cache !== null && ticket !== null) cache.share(key, ticket, reading);
  const { body, etag } = await reading;
  return answer(c, body, etag);
}
