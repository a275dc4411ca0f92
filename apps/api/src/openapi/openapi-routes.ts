// Serves the OpenAPI document and a browsable reference (Swagger UI from the installed package: no CDN).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from '@hono/zod-openapi';
import { type ApiRoute, definePublicRoute } from '../http/api-route.ts';
import { ApiError } from '../http/problem.ts';
import { ok } from '../http/route-responses.ts';

const TAG = 'Server';

/** The files of swagger-ui-dist the page loads, and the page's own start-up script. */
const ASSETS: ReadonlyMap<string, string> = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ['favicon-32x32.png', 'image/png'],
  ['retrace-reference.js', 'text/javascript; charset=utf-8'],
]);

const START_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: 'openapi.json',
    dom_id: '#reference',
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: false,
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Retrace API reference</title>
<link rel="icon" href="docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/assets/retrace-reference.js"></script>
</body>
</html>
`;

const PAGE_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

const assetCache = new Map<string, Buffer>();

async function readAsset(file: string): Promise<Buffer> {
  const cached = assetCache.get(file);
  if (cached) return cached;
  let content: Buffer;
  if (file === 'retrace-reference.js') {
    content = Buffer.from(START_SCRIPT, 'utf8');
  } else {
    const packageJson = createRequire(import.meta.url).resolve('swagger-ui-dist/package.json');
    content = await readFile(path.join(path.dirname(packageJson), file));
  }
  assetCache.set(file, content);
  return content;
}

export function createOpenApiRoutes(document: () => unknown): ApiRoute[] {
  const getOpenApiDocument = definePublicRoute({
    operationId: 'getOpenApiDocument',
    method: 'get',
    path: '/api/openapi.json',
    tag: TAG,
    summary: 'This OpenAPI 3.1 document',
    access: 'public',
    responses: [ok(z.record(z.string(), z.unknown()), 'The OpenAPI document')],
    async handle({ c }) {
      c.header('Cache-Control', 'no-cache');
      return c.json(document());
    },
  });

  const getApiReference = definePublicRoute({
    operationId: 'getApiReference',
    method: 'get',
    path: '/api/docs',
    tag: TAG,
    summary: 'A browsable reference of this API (works offline)',
    access: 'public',
    responses: [{ status: 200, description: 'An HTML page', contentType: 'text/html' }],
    async handle({ c }) {
      c.header('Content-Security-Policy', PAGE_POLICY);
      c.header('X-Content-Type-Options', 'nosniff');
      return c.html(PAGE);
    },
  });

  const getApiReferenceAsset = definePublicRoute({
    operationId: 'getApiReferenceAsset',
    method: 'get',
    path: '/api/docs/assets/{file}',
    tag: TAG,
    summary: 'A file of the reference page',
    access: 'public',
    params: z.object({
      file: z
        .string()
        .min(1)
        .max(100)
        .openapi({ param: { name: 'file', in: 'path' } }),
    }),
    responses: [{ status: 200, description: 'The file', contentType: 'application/octet-stream' }],
    async handle({ params }) {
      // A Map, not an object: `constructor` or `__proto__` must not look like an asset.
      const contentType = ASSETS.get(params.file);
      if (contentType === undefined) {
        throw new ApiError('ROUTE_NOT_FOUND', `no reference asset named ${params.file}`);
      }
      const content = await readAsset(params.file);
      return new Response(new Uint8Array(content), {
        headers: {
          'Content-Type': contentType,
          'Cache-Control': 'public, max-age=86400',
          'X-Content-Type-Options': 'nosniff',
        },
      });
    },
  });

  return [getOpenApiDocument, getApiReference, getApiReferenceAsset];
}
