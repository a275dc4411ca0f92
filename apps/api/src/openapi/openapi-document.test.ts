// The OpenAPI document validates as 3.1, describes every route with its access rule, and the reference renders offline.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { openPgliteTestDatabase } from '@retrace/db/testing';
import { Validator } from '@seriousme/openapi-schema-validator';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApiRoutes } from '../create-api.ts';
import { type ApiHarness, openApiHarness } from '../test-support/api-harness.ts';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
}

describe('OpenAPI document and reference page', () => {
  let harness: ApiHarness;
  let document: OpenApiDocument;

  beforeAll(async () => {
    harness = await openApiHarness({ name: 'pglite', open: openPgliteTestDatabase });
    const response = await harness.call('GET', '/api/openapi.json', null);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApiDocument;
  });
  afterAll(async () => harness.close());

  it('validates against the OpenAPI 3.1 schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(
      structuredClone(document) as unknown as Parameters<Validator['validate']>[0],
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents every route of the table, each with an access rule and a security requirement', () => {
    const routes = listApiRoutes();
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation?.['x-retrace-access']).toBe(route.access);
      expect(operation?.operationId).toBe(route.operationId);
      expect(operation?.security).toEqual(route.access === 'public' ? [] : [{ bearerAuth: [] }]);
    }
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('describes request bodies with the schemas that validate them, examples included', () => {
    const createTag = document.paths['/api/orgs/{orgId}/projects/{projectId}/tags']?.post as {
      requestBody: { content: { 'application/json': { schema: unknown; example: unknown } } };
    };
    const media = createTag.requestBody.content['application/json'];
    expect(media.example).toEqual({ name: 'regression', color: '#1e90ff' });
    expect(media.schema).toMatchObject({
      type: 'object',
      required: ['name', 'color'],
      additionalProperties: false,
      properties: { color: { pattern: '^#[0-9a-fA-F]{6}$' } },
    });
    const listRuns = document.paths['/api/orgs/{orgId}/projects/{projectId}/runs']?.get as {
      parameters: { name: string; in: string }[];
    };
    expect(listRuns.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'state',
        'type',
        'tagId',
        'testCaseId',
        'from',
        'to',
        'sort',
        'cursor',
        'limit',
      ]),
    );
  });

  it('never documents a secret value as something a response returns', () => {
    expect(JSON.stringify(document.components.schemas.Secret)).not.toMatch(/"value"/);
  });

  it('serves only its own reference assets: an inherited property name is a 404 problem', async () => {
    for (const file of ['constructor', '__proto__', 'toString', 'package.json']) {
      const response = await harness.call('GET', `/api/docs/assets/${file}`, null);
      expect(response.status, file).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const css = await harness.call('GET', '/api/docs/assets/swagger-ui.css', null);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
  });

  describe('the reference page in Chromium', () => {
    let server: ServerType;
    let origin: string;

    beforeAll(async () => {
      server = await new Promise<ServerType>((resolve) => {
        const started = serve({ fetch: harness.app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
          resolve(started),
        );
      });
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('renders the operations from local files only, with no request leaving the machine', async () => {
      const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: CHROMIUM_ARGS,
      });
      try {
        const page = await browser.newPage();
        const outside: string[] = [];
        const pageErrors: string[] = [];
        page.on('pageerror', (error) => pageErrors.push(error.message));
        await page.route('**/*', async (route) => {
          const url = route.request().url();
          if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
          outside.push(url);
          return route.abort();
        });
        await page.goto(`${origin}/api/docs`);
        await page.getByRole('heading', { name: /Retrace API/ }).waitFor({ timeout: 30_000 });
        await page.getByText('/api/orgs/{orgId}/projects/{projectId}/runs').first().waitFor();
        expect(await page.locator('.opblock').count()).toBe(listApiRoutes().length);
        expect(outside).toEqual([]);
        expect(pageErrors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  });
});
