// The OpenAPI 3.1 document, generated from the route table: the same zod schemas that validate requests.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiRoute, RouteResponseSpec } from '../http/api-route.ts';
import { PROBLEM_CONTENT_TYPE } from '../http/problem.ts';
import { problemSchema } from '../schemas/common-schemas.ts';

export const SECURITY_SCHEME = 'bearerAuth';

const DESCRIPTION = `Retrace's REST API. Everything is JSON in and out and lives under \`/api\`.

**Authentication.** \`Authorization: Bearer <token>\` with a Supabase access token or a Retrace API key
(\`rtk_…\`, created per organization with a role). Local mode prints an admin key on first start.

**Addressing.** Organization resources are under \`/api/orgs/{orgId}\`: collections that belong to a project
are listed and created under \`/api/orgs/{orgId}/projects/{projectId}/<collection>\`, and each item is read,
changed and deleted at \`/api/orgs/{orgId}/<collection>/{id}\`. Something you cannot see answers 404.

**Roles.** guest reads; member also creates, edits and runs; admin also manages members, API keys,
secrets and deletions. Secret values are write-only for everyone.

**Pages.** Lists take \`limit\` (1-200) and \`cursor\` (the previous page's \`nextCursor\`, unchanged) and have a
stable order. Unknown query parameters are refused.

**Concurrent edits.** Editable resources return an \`ETag\`; send it back as \`If-Match\` and a change made
by someone else meanwhile answers 412. Without If-Match the last write wins. Run lists and run details carry
an \`ETag\` of their body: send it as \`If-None-Match\` and an unchanged answer is 304.

**Errors** are \`application/problem+json\` with a stable \`code\` and a \`detail\` saying what to fix; validation
failures list the fields in \`errors\`. Bodies are limited to 1 MiB (traversal imports: 16 MiB).`;

function problem(description: string) {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } };
}

function successResponse(response: RouteResponseSpec) {
  const headers = response.headers
    ? Object.fromEntries(
        Object.entries(response.headers).map(([name, description]) => [
          name,
          { description, schema: { type: 'string' as const } },
        ]),
      )
    : undefined;
  const contentType = response.contentType ?? 'application/json';
  const schema = response.schema ?? z.string();
  return {
    description: response.description,
    ...(headers ? { headers } : {}),
    ...(response.status === 204 ? {} : { content: { [contentType]: { schema } } }),
  };
}

function errorResponses(route: ApiRoute): Record<string, ReturnType<typeof problem>> {
  const errors: Record<string, ReturnType<typeof problem>> = {};
  if (route.params || route.query || route.body) {
    errors['400'] = problem('Invalid input: `errors` names each field');
  }
  if (route.access !== 'public') {
    errors['401'] = problem('Missing, invalid or expired token');
  }
  if (route.access !== 'public' && (route.access !== 'user' || route.usersOnly)) {
    errors['403'] = problem('Your role (or an API key) may not do this');
  }
  if (route.path.includes('{')) errors['404'] = problem('Not found, or not visible to you');
  if (route.method !== 'get') errors['409'] = problem('Conflicts with the current state');
  if (route.ifMatch) errors['412'] = problem('If-Match does not match the current version');
  if (route.body) {
    errors['413'] = problem('Body too large');
    errors['415'] = problem('Body is not JSON');
    errors['422'] = problem('Valid, but cannot be done as asked');
  }
  errors['500'] = problem('Unexpected error (quote the request id)');
  return errors;
}

function routeConfig(route: ApiRoute) {
  const responses: Record<string, unknown> = {};
  for (const response of route.responses)
    responses[String(response.status)] = successResponse(response);
  Object.assign(responses, errorResponses(route));
  const request = {
    ...(route.params ? { params: route.params } : {}),
    ...(route.query ? { query: route.query } : {}),
    ...(route.ifMatch
      ? {
          headers: z.object({
            'if-match': z
              .string()
              .optional()
              .openapi({ description: 'The ETag you read; a stale one answers 412.' }),
          }),
        }
      : {}),
    ...(route.body
      ? {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: route.body,
                ...(route.bodyExample === undefined ? {} : { example: route.bodyExample }),
              },
            },
          },
        }
      : {}),
  };
  return createRoute({
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security: route.access === 'public' ? [] : [{ [SECURITY_SCHEME]: [] }],
    request: request as never,
    responses: responses as never,
    'x-retrace-access': route.access,
    'x-retrace-users-only': route.usersOnly,
  });
}

export interface OpenApiInfo {
  version: string;
  publicUrl: string;
}

export function buildOpenApiDocument(routes: readonly ApiRoute[], info: OpenApiInfo) {
  const generator = new OpenAPIHono();
  generator.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    description: 'A Supabase access token (JWT) or a Retrace API key (rtk_…).',
  });
  for (const route of routes) generator.openAPIRegistry.registerPath(routeConfig(route));
  return generator.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'Retrace API', version: info.version, description: DESCRIPTION },
    servers: [{ url: info.publicUrl }],
    security: [{ [SECURITY_SCHEME]: [] }],
  });
}
