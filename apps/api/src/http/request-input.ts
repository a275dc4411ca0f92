// Reads and validates what a request carries: path params, query (single values), and a size-limited JSON body.
import type { z } from 'zod';
import { ApiError, type FieldIssue } from './problem.ts';

export type InputLocation = 'params' | 'query' | 'body';

/** Validates with the route's schema; issues name the field, never the submitted value. */
export function parseRequestPart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: InputLocation,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.flatMap((issue): FieldIssue[] => {
    const path = [location, ...issue.path.map(String)];
    // One issue per unknown key, at the key's own path, so clients can point at the field.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...path, key].join('.'),
        message: 'unknown field',
        code: issue.code,
      }));
    }
    return [{ path: path.join('.'), message: issue.message, code: issue.code }];
  });
  const summary = issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
  throw new ApiError('VALIDATION_FAILED', `invalid ${location}: ${summary}`, {
    issues,
    cause: result.error,
  });
}

/** Query parameters as single strings; a repeated parameter is refused rather than silently cut. */
export function singleQueryValues(queries: Record<string, string[]>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, list] of Object.entries(queries)) {
    if (list.length > 1) {
      throw new ApiError('VALIDATION_FAILED', `query parameter "${key}" is given more than once`, {
        issues: [{ path: `query.${key}`, message: 'give this parameter once', code: 'repeated' }],
      });
    }
    values[key] = list[0] ?? '';
  }
  rejectNul(values, 'query');
  return values;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

/** Reads at most `maxBytes`, refusing early on a larger Content-Length and mid-stream on a longer body. */
async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (request.body === null) return null;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (total === 0) return null;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(
    'PAYLOAD_TOO_LARGE',
    `the request body is larger than ${maxBytes} bytes: send less at once`,
    { details: { maxBytes } },
  );
}

/**
 * The JSON body, or undefined when there is none. PostgreSQL text cannot hold NUL characters, so they are
 * refused here with the field's path instead of failing deep in the database.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const bytes = await readLimited(request, maxBytes);
  if (bytes === null) return undefined;
  const contentType = request.headers.get('content-type');
  if (contentType === null || !JSON_TYPE.test(contentType)) {
    throw new ApiError(
      'UNSUPPORTED_MEDIA_TYPE',
      'send the body as JSON with "Content-Type: application/json"',
      { headers: { 'Accept-Post': 'application/json', 'Accept-Patch': 'application/json' } },
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new ApiError('MALFORMED_JSON', 'the body is not valid UTF-8', { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError('MALFORMED_JSON', 'the body is not valid JSON', { cause: error });
  }
  rejectNul(value, 'body');
  return value;
}

export function rejectNul(value: unknown, path: string): void {
  const found = findNul(value, path);
  if (found !== null) {
    throw new ApiError('VALIDATION_FAILED', `${found}: text must not contain NUL characters`, {
      issues: [{ path: found, message: 'must not contain NUL (\\u0000) characters', code: 'nul' }],
    });
  }
}

interface PathNode {
  key: string;
  parent: PathNode | null;
}

function pathText(node: PathNode): string {
  const keys: string[] = [];
  for (let at: PathNode | null = node; at !== null; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.').replaceAll('\u0000', '\\u0000');
}

/** Iterative with parent links, so a deeply nested body costs neither stack nor quadratic path strings. */
function findNul(root: unknown, rootPath: string): string | null {
  const pending: [unknown, PathNode][] = [[root, { key: rootPath, parent: null }]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, node] = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pathText(node);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    for (const [key, item] of Object.entries(value)) {
      const child = { key, parent: node };
      if (key.includes('\u0000')) return pathText(child);
      pending.push([item, child]);
    }
  }
  return null;
}
