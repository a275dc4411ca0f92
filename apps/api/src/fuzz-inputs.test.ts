// Property-based bad input on every body, query and path schema: never a 5xx, always a problem document.
import { type TestDatabaseDriver, primaryTestDatabaseDriver } from '@retrace/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApiRoutes } from './create-api.ts';
import { PROBLEM_CONTENT_TYPE } from './http/problem.ts';
import { buildOpenApiDocument } from './openapi/openapi-document.ts';
import { type ApiHarness, openApiHarness, PUBLIC_URL } from './test-support/api-harness.ts';
import { type ApiWorld, createApiWorld } from './test-support/api-world.ts';
import { type Operation, operationsOf } from './test-support/route-matrix.ts';

const ROUTES = listApiRoutes();
const OPERATIONS = operationsOf(
  buildOpenApiDocument(ROUTES, { version: 'test', publicUrl: PUBLIC_URL }),
);
const WITH_QUERY = new Set(ROUTES.filter((r) => r.query).map((r) => r.operationId));

/** Valid-looking bodies with one thing wrong, and arbitrary JSON. */
function bodyArbitrary(example: unknown): fc.Arbitrary<unknown> {
  const anyJson = fc.jsonValue({ maxDepth: 4 });
  if (example === null || typeof example !== 'object' || Array.isArray(example)) return anyJson;
  const base = example as Record<string, unknown>;
  const keys = Object.keys(base);
  const tweaked = fc
    .record({
      key: keys.length > 0 ? fc.constantFrom(...keys) : fc.string(),
      value: fc.oneof(
        anyJson,
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.double(),
        fc.bigInt().map(String),
      ),
      drop: fc.boolean(),
    })
    .map(({ key, value, drop }) => {
      const copy: Record<string, unknown> = { ...base };
      if (drop) delete copy[key];
      else copy[key] = value;
      return copy;
    });
  return fc.oneof(anyJson, tweaked, fc.dictionary(fc.string(), anyJson, { maxKeys: 5 }));
}

const textArbitrary = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '0',
    '1e400',
    'NaN',
    'true',
    'null',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '2024-13-45T99:99:99Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
  ),
);

function fillPath(
  operation: Operation,
  world: ApiWorld,
  override?: { name: string; value: string },
): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (override && override.name === name) return encodeURIComponent(override.value);
    return encodeURIComponent(
      (world.ids as unknown as Record<string, string | undefined>)[name] ?? 'x',
    );
  });
}

async function expectProblemOrSuccess(response: Response, context: string): Promise<void> {
  const contentType = response.headers.get('content-type') ?? '';
  const text = contentType.startsWith('text/event-stream')
    ? (await response.body?.cancel(), '')
    : await response.text();
  expect(response.status, `${context}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status >= 400) {
    expect(contentType, context).toBe(PROBLEM_CONTENT_TYPE);
    const problem = JSON.parse(text) as { code?: unknown; status?: unknown; detail?: unknown };
    expect(typeof problem.code, context).toBe('string');
    expect(problem.status, context).toBe(response.status);
    expect(typeof problem.detail, context).toBe('string');
  }
}

function fuzzSuite(driver: TestDatabaseDriver) {
  let harness: ApiHarness;
  let world: ApiWorld;

  beforeAll(async () => {
    harness = await openApiHarness(driver);
    world = await createApiWorld(harness);
  });
  afterAll(async () => harness.close());

  const withBody = OPERATIONS.filter((o) => o.hasBody);
  it.each(withBody.map((o) => [o.operationId, o] as const))(
    '%s: bad bodies get problems, never 5xx',
    async (_id, operation) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            {
              weight: 4,
              arbitrary: bodyArbitrary(operation.bodyExample).map(
                (value) => JSON.stringify(value) ?? 'null',
              ),
            },
            { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
          ),
          fc.option(textArbitrary, { nil: undefined }),
          async (raw, ifMatch) => {
            const response = await harness.app.request(fillPath(operation, world), {
              method: operation.method.toUpperCase(),
              body: raw,
              headers: {
                Authorization: `Bearer ${world.users.admin.token}`,
                'Content-Type': 'application/json',
                ...(ifMatch === undefined
                  ? {}
                  : { 'If-Match': ifMatch.replace(/[^\x20-\x7e]/g, '') }),
              },
            });
            await expectProblemOrSuccess(response, `${operation.operationId} ${raw.slice(0, 200)}`);
          },
        ),
        { numRuns: 40 },
      );
    },
  );

  const withQuery = OPERATIONS.filter((o) => WITH_QUERY.has(o.operationId));
  it.each(withQuery.map((o) => [o.operationId, o] as const))(
    '%s: bad queries get problems, never 5xx',
    async (_id, operation) => {
      const keys = fc.oneof(
        fc.constantFrom(
          'limit',
          'cursor',
          'state',
          'type',
          'from',
          'to',
          'sort',
          'tagId',
          'search',
          'groupBy',
          'timeZone',
          'force',
          'exp',
          'sig',
        ),
        fc.string({ maxLength: 10 }),
      );
      await fc.assert(
        fc.asyncProperty(fc.dictionary(keys, textArbitrary, { maxKeys: 4 }), async (query) => {
          const search = new URLSearchParams(query).toString();
          const response = await harness.call(
            'GET',
            `${fillPath(operation, world)}?${search}`,
            world.users.admin.token,
          );
          await expectProblemOrSuccess(response, `${operation.operationId} ?${search}`);
        }),
        { numRuns: 25 },
      );
    },
  );

  const withParams = OPERATIONS.filter((o) => o.path.includes('{'));
  it.each(withParams.map((o) => [`${o.method} ${o.path}`, o] as const))(
    '%s: bad path ids get problems, never 5xx',
    async (_id, operation) => {
      const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...names),
          textArbitrary.filter((t) => t !== '' && t !== '.' && t !== '..'),
          async (name, value) => {
            const response = await harness.call(
              operation.method.toUpperCase(),
              fillPath(operation, world, { name, value }),
              world.users.admin.token,
              operation.hasBody ? operation.bodyExample : undefined,
            );
            await expectProblemOrSuccess(
              response,
              `${operation.operationId} ${name}=${JSON.stringify(value)}`,
            );
          },
        ),
        { numRuns: 10 },
      );
    },
  );
}

describe.each(primaryTestDatabaseDriver(process.env))('bad input [$name]', fuzzSuite);
