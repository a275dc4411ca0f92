// The typed REST client (openapi-fetch over the generated paths): bearer token on every call, errors as problems.
import createClient, { type Client } from 'openapi-fetch';
import { ApiProblemError, networkError, problemFromResponse } from './api-problem.ts';
import type { paths } from './api-schema.ts';

export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** Origin of the server; the dashboard is served by the API's own process, so usually `location.origin`. */
  baseUrl: string;
  /** The current bearer token (API key or Supabase access token), or null when signed out. */
  getToken(): Promise<string | null>;
  /** Called when the server refuses a token (401) with the token it refused: that session is over. */
  onUnauthenticated?(refusedToken: string): void;
  fetch?: typeof fetch;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use({
    async onRequest({ request }) {
      const token = await options.getToken();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
    onResponse({ response, request }) {
      const sent = request.headers.get('Authorization');
      if (response.status === 401 && sent !== null) {
        options.onUnauthenticated?.(sent.replace(/^Bearer /, ''));
      }
      return undefined;
    },
  });
  return client;
}

interface CallResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

async function settle<T>(call: Promise<CallResult<T>>): Promise<CallResult<T>> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiProblemError) throw error;
    // fetch rejects only when the request never got an answer (server down, offline, aborted).
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError(error);
  }
}

/** The body of a 2xx answer; anything else throws an ApiProblemError. */
export async function unwrap<T>(call: Promise<CallResult<T>>): Promise<T> {
  const result = await settle(call);
  if (!result.response.ok) {
    throw problemFromResponse(result.response.status, result.response.statusText, result.error);
  }
  return result.data as T;
}

/** A versioned resource with the ETag to send back as If-Match. */
export async function unwrapVersioned<T extends { updatedAt: string }>(
  call: Promise<CallResult<T>>,
): Promise<{ data: T; etag: string }> {
  const result = await settle(call);
  if (!result.response.ok) {
    throw problemFromResponse(result.response.status, result.response.statusText, result.error);
  }
  const data = result.data as T;
  return { data, etag: result.response.headers.get('ETag') ?? etagOf(data.updatedAt) };
}

/** The API's ETag is the resource's `updatedAt`, quoted: any copy of the resource can send it back. */
export function etagOf(updatedAt: string): string {
  return `"${updatedAt}"`;
}

/** Every item of a cursor-paged list (lists the dashboard needs whole: tags, configs, projects). */
export async function fetchAllPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    if (result.nextCursor === null) break;
    cursor = result.nextCursor;
  }
  return items;
}
