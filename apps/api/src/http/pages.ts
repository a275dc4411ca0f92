// Cursor pages over HTTP: the domain's page input from the query, and the page the client sees.
import type { Context } from 'hono';
import type { Page } from '@retrace/domain';
import type { ApiServices } from '../api-deps.ts';

/** The domain's `{ cursor, limit }`; a cursor is accepted only on the path that issued it. */
export function pageInput(
  c: Context,
  services: ApiServices,
  query: { cursor?: string | undefined; limit: number },
): { cursor?: string; limit: number } {
  const cursor = services.cursors.open(c.req.path, query.cursor);
  return cursor === undefined ? { limit: query.limit } : { cursor, limit: query.limit };
}

export function pageOutput<T, J>(
  c: Context,
  services: ApiServices,
  page: Page<T>,
  toJson: (item: T) => J,
): { items: J[]; nextCursor: string | null } {
  return {
    items: page.items.map(toJson),
    nextCursor: services.cursors.seal(c.req.path, page.nextCursor),
  };
}
