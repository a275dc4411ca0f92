// A small client of the Retrace REST API: over the network (--server) or in-process (the embedded server's handler).
import { CliError, describeError } from '../cli-error.ts';

export type Fetcher = (request: Request) => Promise<Response>;

export interface ApiProblem {
  status: number;
  code: string;
  detail: string;
}

export class ApiRequestError extends CliError {
  constructor(
    readonly problem: ApiProblem,
    message: string,
  ) {
    super(
      problem.status === 401
        ? 'API_KEY_REFUSED'
        : problem.status === 404
          ? 'NOT_FOUND'
          : 'API_ERROR',
      message,
    );
    this.name = 'ApiRequestError';
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiClient {
  /** Where the API is (for messages; never carries the key). */
  readonly baseUrl: string;
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, options?: RequestOptions): Promise<T>;
  put<T>(path: string, options?: RequestOptions): Promise<T>;
  /** Opens a streaming GET (Server-Sent Events); the caller reads the body. */
  stream(path: string, options?: RequestOptions): Promise<Response>;
  /** Every item of a paginated list. */
  list<T>(path: string, options?: RequestOptions): Promise<T[]>;
}

export interface ApiClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Default: global fetch (the network). */
  fetcher?: Fetcher;
}

async function problemOf(response: Response): Promise<ApiProblem> {
  let body: { code?: unknown; detail?: unknown; title?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // not a problem document
  }
  return {
    status: response.status,
    code: typeof body.code === 'string' ? body.code : `HTTP_${response.status}`,
    detail:
      typeof body.detail === 'string'
        ? body.detail
        : typeof body.title === 'string'
          ? body.title
          : response.statusText || 'request failed',
  };
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetcher: Fetcher = options.fetcher ?? ((request) => fetch(request));

  async function send(
    method: string,
    path: string,
    init: RequestOptions = {},
    accept = 'application/json',
  ): Promise<Response> {
    const url = new URL(`${baseUrl}${path}`);
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      Authorization: `Bearer ${options.apiKey}`,
      Accept: accept,
    };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const request = new Request(url, {
      method,
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
    let response: Response;
    try {
      response = await fetcher(request);
    } catch (error) {
      if (init.signal?.aborted) throw new CliError('CANCELLED', 'cancelled', { cause: error });
      throw new CliError(
        'SERVER_UNREACHABLE',
        `cannot reach the Retrace server at ${baseUrl}: ${describeError(error)} — is it running, and is the URL right?`,
        { cause: error },
      );
    }
    if (response.ok) return response;
    const problem = await problemOf(response);
    if (problem.status === 401) {
      throw new ApiRequestError(
        problem,
        `the server at ${baseUrl} refused the API key (${problem.detail}): check --api-key / RETRACE_API_KEY`,
      );
    }
    throw new ApiRequestError(
      problem,
      `${method} ${path} failed with ${problem.status} ${problem.code}: ${problem.detail}`,
    );
  }

  async function json<T>(method: string, path: string, init?: RequestOptions): Promise<T> {
    const response = await send(method, path, init);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new CliError(
        'API_ERROR',
        `${method} ${path}: the server at ${baseUrl} answered something that is not JSON — is this a Retrace server?`,
        { cause: error },
      );
    }
  }

  return {
    baseUrl,
    get: (path, init) => json('GET', path, init),
    post: (path, init) => json('POST', path, init),
    patch: (path, init) => json('PATCH', path, init),
    put: (path, init) => json('PUT', path, init),
    stream: (path, init) => send('GET', path, init, 'text/event-stream'),
    async list<T>(path: string, init: RequestOptions = {}) {
      const items: T[] = [];
      let cursor: string | undefined;
      do {
        const page = await json<{ items: T[]; nextCursor: string | null }>('GET', path, {
          ...init,
          query: { ...init.query, limit: 200, ...(cursor ? { cursor } : {}) },
        });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return items;
    },
  };
}
