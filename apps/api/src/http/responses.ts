// Successful responses: JSON with the right status, ETag-versioned resources (304 on a matching GET), 204.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { etagOf, matchesIfNoneMatch } from './etag.ts';

export function json(c: Context, status: ContentfulStatusCode, data: unknown): Response {
  return c.json(data, status);
}

/** A resource that can be edited concurrently: its ETag is its updated_at. */
export function versioned(
  c: Context,
  status: ContentfulStatusCode,
  data: unknown,
  updatedAt: Date,
): Response {
  const etag = etagOf(updatedAt);
  c.header('ETag', etag);
  if (c.req.method === 'GET' && matchesIfNoneMatch(c.req.header('if-none-match'), etag)) {
    return c.body(null, 304);
  }
  return c.json(data, status);
}

export function noContent(c: Context): Response {
  return c.body(null, 204);
}
