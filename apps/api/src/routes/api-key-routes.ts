// Routes of API keys for CI: created with a role and shown once, listed with last use, revoked for good.
import { createApiKey, createApiKeyInputSchema, listApiKeys, revokeApiKey } from '@retrace/domain';
import { type ApiRoute, defineOrgRoute } from '../http/api-route.ts';
import { pageInput, pageOutput } from '../http/pages.ts';
import { json } from '../http/responses.ts';
import { created, ok } from '../http/route-responses.ts';
import { orgParams, pageOf, pageQuery, withOrg } from '../schemas/common-schemas.ts';
import {
  apiKeySchema,
  createdApiKeySchema,
  toApiKeyJson,
} from '../schemas/organization-schemas.ts';

const TAG = 'API keys';

const listApiKeysRoute = defineOrgRoute({
  operationId: 'listApiKeys',
  method: 'get',
  path: '/api/orgs/{orgId}/api-keys',
  tag: TAG,
  summary: 'List API keys (revoked ones included), newest first',
  access: 'admin',
  params: orgParams,
  query: pageQuery,
  responses: [ok(pageOf(apiKeySchema, 'ApiKeyPage'))],
  async handle({ c, services, actor, query }) {
    const page = await listApiKeys(services.domain, actor, pageInput(c, services, query));
    return json(c, 200, pageOutput(c, services, page, toApiKeyJson));
  },
});

const createApiKeyRoute = defineOrgRoute({
  operationId: 'createApiKey',
  method: 'post',
  path: '/api/orgs/{orgId}/api-keys',
  tag: TAG,
  summary: 'Create an API key with a role; the key is returned once and stored only as a hash',
  access: 'admin',
  params: orgParams,
  body: createApiKeyInputSchema.strict(),
  bodyExample: { name: 'GitHub Actions', role: 'member' },
  responses: [created(createdApiKeySchema)],
  async handle({ c, services, actor, params, body }) {
    const { apiKey, token } = await createApiKey(services.domain, actor, body);
    c.header('Location', `/api/orgs/${params.orgId}/api-keys`);
    return json(c, 201, { apiKey: toApiKeyJson(apiKey), token });
  },
});

const revokeApiKeyRoute = defineOrgRoute({
  operationId: 'revokeApiKey',
  method: 'post',
  path: '/api/orgs/{orgId}/api-keys/{apiKeyId}/revoke',
  tag: TAG,
  summary: 'Revoke an API key (idempotent); it never authenticates again',
  access: 'admin',
  params: withOrg('apiKeyId'),
  responses: [ok(apiKeySchema)],
  async handle({ c, services, actor, params }) {
    const apiKey = await revokeApiKey(services.domain, actor, { apiKeyId: params.apiKeyId });
    services.authenticator.forgetApiKey(apiKey.id);
    return json(c, 200, toApiKeyJson(apiKey));
  },
});

export const apiKeyRoutes: ApiRoute[] = [listApiKeysRoute, createApiKeyRoute, revokeApiKeyRoute];
