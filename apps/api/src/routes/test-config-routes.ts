// Routes of test configs (run settings: environment URL, LLM, limits, repair policy) of a project.
import {
  createTestConfig,
  deleteTestConfig,
  getTestConfig,
  listTestConfigs,
  testConfigFieldsSchema,
  testConfigNameSchema,
  updateTestConfig,
} from '@retrace/domain';
import { type ApiRoute, defineOrgRoute } from '../http/api-route.ts';
import { pageInput, pageOutput } from '../http/pages.ts';
import { json, noContent, versioned } from '../http/responses.ts';
import { created, noContentResponse, ok, okVersioned } from '../http/route-responses.ts';
import { pageOf, pageQuery, withOrg } from '../schemas/common-schemas.ts';
import { testConfigSchema, toTestConfigJson } from '../schemas/project-schemas.ts';

const TAG = 'Test configs';
const testConfigParams = withOrg('testConfigId');

const listTestConfigsRoute = defineOrgRoute({
  operationId: 'listTestConfigs',
  method: 'get',
  path: '/api/orgs/{orgId}/projects/{projectId}/test-configs',
  tag: TAG,
  summary: "List a project's test configs by name",
  access: 'guest',
  params: withOrg('projectId'),
  query: pageQuery,
  responses: [ok(pageOf(testConfigSchema, 'TestConfigPage'))],
  async handle({ c, services, actor, params, query }) {
    const page = await listTestConfigs(services.domain, actor, {
      projectId: params.projectId,
      ...pageInput(c, services, query),
    });
    return json(c, 200, pageOutput(c, services, page, toTestConfigJson));
  },
});

const createTestConfigRoute = defineOrgRoute({
  operationId: 'createTestConfig',
  method: 'post',
  path: '/api/orgs/{orgId}/projects/{projectId}/test-configs',
  tag: TAG,
  summary: 'Create a named test config; unset fields take the defaults',
  access: 'member',
  params: withOrg('projectId'),
  // Rebuilt rather than derived: the domain schema's cross-field rule forbids omitting fields from it.
  body: testConfigFieldsSchema.partial().extend({ name: testConfigNameSchema }).strict(),
  bodyExample: {
    name: 'staging',
    baseUrlOverride: 'https://staging.shop.example',
    maxSteps: 60,
    repairPolicy: 'auto',
  },
  responses: [created(testConfigSchema, 'Created', true)],
  async handle({ c, services, actor, params, body }) {
    const config = await createTestConfig(services.domain, actor, {
      ...body,
      projectId: params.projectId,
    });
    c.header('Location', `/api/orgs/${params.orgId}/test-configs/${config.id}`);
    return versioned(c, 201, toTestConfigJson(config), config.updatedAt);
  },
});

const getTestConfigRoute = defineOrgRoute({
  operationId: 'getTestConfig',
  method: 'get',
  path: '/api/orgs/{orgId}/test-configs/{testConfigId}',
  tag: TAG,
  summary: 'Read a test config',
  access: 'guest',
  params: testConfigParams,
  responses: [okVersioned(testConfigSchema)],
  async handle({ c, services, actor, params }) {
    const config = await getTestConfig(services.domain, actor, {
      testConfigId: params.testConfigId,
    });
    return versioned(c, 200, toTestConfigJson(config), config.updatedAt);
  },
});

const updateTestConfigRoute = defineOrgRoute({
  operationId: 'updateTestConfig',
  method: 'patch',
  path: '/api/orgs/{orgId}/test-configs/{testConfigId}',
  tag: TAG,
  summary: 'Change a test config (the `default` one keeps its name)',
  access: 'member',
  params: testConfigParams,
  ifMatch: true,
  body: testConfigFieldsSchema.partial().extend({ name: testConfigNameSchema.optional() }).strict(),
  bodyExample: { maxSteps: 80 },
  responses: [okVersioned(testConfigSchema)],
  async handle({ c, services, actor, params, body, expectedUpdatedAt }) {
    const config = await updateTestConfig(services.domain, actor, {
      ...body,
      testConfigId: params.testConfigId,
      expectedUpdatedAt,
    });
    return versioned(c, 200, toTestConfigJson(config), config.updatedAt);
  },
});

const deleteTestConfigRoute = defineOrgRoute({
  operationId: 'deleteTestConfig',
  method: 'delete',
  path: '/api/orgs/{orgId}/test-configs/{testConfigId}',
  tag: TAG,
  summary: 'Delete a test config (not the `default` one)',
  access: 'admin',
  params: testConfigParams,
  responses: [noContentResponse('Deleted')],
  async handle({ c, services, actor, params }) {
    await deleteTestConfig(services.domain, actor, { testConfigId: params.testConfigId });
    return noContent(c);
  },
});

export const testConfigRoutes: ApiRoute[] = [
  listTestConfigsRoute,
  createTestConfigRoute,
  getTestConfigRoute,
  updateTestConfigRoute,
  deleteTestConfigRoute,
];
