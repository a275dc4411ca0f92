// Routes of browser configs: the built-in presets plus the organization's own (validated by the engine).
import { z } from '@hono/zod-openapi';
import {
  createBrowserConfig,
  createBrowserConfigInputSchema,
  deleteBrowserConfig,
  getBrowserConfig,
  listBrowserConfigs,
  updateBrowserConfig,
  updateBrowserConfigInputSchema,
} from '@retrace/domain';
import { type ApiRoute, defineOrgRoute } from '../http/api-route.ts';
import { pageInput, pageOutput } from '../http/pages.ts';
import { json, noContent, versioned } from '../http/responses.ts';
import { created, noContentResponse, ok, okVersioned } from '../http/route-responses.ts';
import { orgParams, pageOf, pageQuery, withOrg } from '../schemas/common-schemas.ts';
import { browserConfigSchemaOut, toBrowserConfigJson } from '../schemas/test-case-schemas.ts';
import { reportUnreleasedArtifacts } from './deletions.ts';

const TAG = 'Browser configs';
const browserConfigParams = withOrg('browserConfigId');

const listBrowserConfigsRoute = defineOrgRoute({
  operationId: 'listBrowserConfigs',
  method: 'get',
  path: '/api/orgs/{orgId}/browser-configs',
  tag: TAG,
  summary: 'List usable browser configs (presets and your own) by name',
  access: 'guest',
  params: orgParams,
  query: pageQuery,
  responses: [ok(pageOf(browserConfigSchemaOut, 'BrowserConfigPage'))],
  async handle({ c, services, actor, query }) {
    const page = await listBrowserConfigs(services.domain, actor, pageInput(c, services, query));
    return json(c, 200, pageOutput(c, services, page, toBrowserConfigJson));
  },
});

const createBrowserConfigRoute = defineOrgRoute({
  operationId: 'createBrowserConfig',
  method: 'post',
  path: '/api/orgs/{orgId}/browser-configs',
  tag: TAG,
  summary: 'Create a browser config for the organization',
  access: 'member',
  params: orgParams,
  body: createBrowserConfigInputSchema.strict(),
  bodyExample: {
    name: 'Dark tablet',
    browserConfig: { viewport: { width: 1024, height: 768 }, colorScheme: 'dark', locale: 'fr-FR' },
  },
  responses: [created(browserConfigSchemaOut, 'Created', true)],
  async handle({ c, services, actor, params, body }) {
    const config = await createBrowserConfig(services.domain, actor, body);
    c.header('Location', `/api/orgs/${params.orgId}/browser-configs/${config.id}`);
    return versioned(c, 201, toBrowserConfigJson(config), config.updatedAt);
  },
});

const getBrowserConfigRoute = defineOrgRoute({
  operationId: 'getBrowserConfig',
  method: 'get',
  path: '/api/orgs/{orgId}/browser-configs/{browserConfigId}',
  tag: TAG,
  summary: 'Read a browser config',
  access: 'guest',
  params: browserConfigParams,
  responses: [okVersioned(browserConfigSchemaOut)],
  async handle({ c, services, actor, params }) {
    const config = await getBrowserConfig(services.domain, actor, {
      browserConfigId: params.browserConfigId,
    });
    return versioned(c, 200, toBrowserConfigJson(config), config.updatedAt);
  },
});

const updateBrowserConfigRoute = defineOrgRoute({
  operationId: 'updateBrowserConfig',
  method: 'patch',
  path: '/api/orgs/{orgId}/browser-configs/{browserConfigId}',
  tag: TAG,
  summary: "Change an organization's browser config (presets are read-only)",
  access: 'member',
  params: browserConfigParams,
  ifMatch: true,
  body: updateBrowserConfigInputSchema
    .omit({ browserConfigId: true, expectedUpdatedAt: true })
    .strict(),
  bodyExample: { name: 'Dark tablet (landscape)' },
  responses: [okVersioned(browserConfigSchemaOut)],
  async handle({ c, services, actor, params, body, expectedUpdatedAt }) {
    const config = await updateBrowserConfig(services.domain, actor, {
      ...body,
      browserConfigId: params.browserConfigId,
      expectedUpdatedAt,
    });
    return versioned(c, 200, toBrowserConfigJson(config), config.updatedAt);
  },
});

const deleteBrowserConfigRoute = defineOrgRoute({
  operationId: 'deleteBrowserConfig',
  method: 'delete',
  path: '/api/orgs/{orgId}/browser-configs/{browserConfigId}',
  tag: TAG,
  summary: 'Delete a browser config; in use by traversals or runs it needs force=true',
  access: 'admin',
  params: browserConfigParams,
  query: z
    .object({
      force: z
        .enum(['true', 'false'])
        .default('false')
        .transform((value) => value === 'true')
        .openapi({ description: 'Also delete the traversals and runs recorded on it.' }),
    })
    .strict(),
  responses: [noContentResponse('Deleted')],
  async handle({ c, services, actor, params, query }) {
    const released = await deleteBrowserConfig(services.domain, actor, {
      browserConfigId: params.browserConfigId,
      force: query.force,
    });
    reportUnreleasedArtifacts(services, released);
    return noContent(c);
  },
});

export const browserConfigRoutes: ApiRoute[] = [
  listBrowserConfigsRoute,
  createBrowserConfigRoute,
  getBrowserConfigRoute,
  updateBrowserConfigRoute,
  deleteBrowserConfigRoute,
];
