// Routes of test cases: list (by tag, by name), create, read, edit (If-Match), delete, link tags and configs.
import { z } from '@hono/zod-openapi';
import {
  attachBrowserConfig,
  attachTag,
  createTestCase,
  createTestCaseInputSchema,
  deleteTestCase,
  detachBrowserConfig,
  detachTag,
  getTestCase,
  idSchema,
  listTestCases,
  longTextSchema,
  testCaseFieldsSchema,
  updateTestCase,
  allowedDomainsSchema,
  type Actor,
} from '@retrace/domain';
import type { ApiServices } from '../api-deps.ts';
import { type ApiRoute, defineOrgRoute } from '../http/api-route.ts';
import { pageInput, pageOutput } from '../http/pages.ts';
import { json, noContent, versioned } from '../http/responses.ts';
import { created, noContentResponse, ok, okVersioned } from '../http/route-responses.ts';
import { pageOf, pageQuery, withOrg } from '../schemas/common-schemas.ts';
import { testCaseSchema, toTestCaseJson } from '../schemas/test-case-schemas.ts';
import { reportUnreleasedArtifacts } from './deletions.ts';

const TAG = 'Test cases';
const testCaseParams = withOrg('testCaseId');

const listTestCasesRoute = defineOrgRoute({
  operationId: 'listTestCases',
  method: 'get',
  path: '/api/orgs/{orgId}/projects/{projectId}/test-cases',
  tag: TAG,
  summary: "List a project's test cases, newest first, optionally by tag or name",
  access: 'guest',
  params: withOrg('projectId'),
  query: pageQuery.extend({
    tagId: idSchema.optional().openapi({ description: 'Only test cases with this tag.' }),
    search: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'Case-insensitive part of the name.' }),
  }),
  responses: [ok(pageOf(testCaseSchema, 'TestCasePage'))],
  async handle({ c, services, actor, params, query }) {
    const { tagId, search, ...page } = query;
    const result = await listTestCases(services.domain, actor, {
      projectId: params.projectId,
      ...(tagId === undefined ? {} : { tagId }),
      ...(search === undefined ? {} : { search }),
      ...pageInput(c, services, page),
    });
    return json(c, 200, pageOutput(c, services, result, toTestCaseJson));
  },
});

const createTestCaseRoute = defineOrgRoute({
  operationId: 'createTestCase',
  method: 'post',
  path: '/api/orgs/{orgId}/projects/{projectId}/test-cases',
  tag: TAG,
  summary: 'Create a test case with its tags and browser configs (desktop preset by default)',
  access: 'member',
  params: withOrg('projectId'),
  body: createTestCaseInputSchema.omit({ projectId: true }).strict(),
  bodyExample: {
    name: 'Guest checkout',
    testDescription: 'Add the first product to the cart and pay as a guest with the test card.',
    expectedOutcome: 'The page says "Thank you for your order".',
    urlRoute: '/products',
    allowedDomains: ['*.stripe.com'],
  },
  responses: [created(testCaseSchema, 'Created', true)],
  async handle({ c, services, actor, params, body }) {
    const testCase = await createTestCase(services.domain, actor, {
      ...body,
      projectId: params.projectId,
    });
    c.header('Location', `/api/orgs/${params.orgId}/test-cases/${testCase.id}`);
    return versioned(c, 201, toTestCaseJson(testCase), testCase.updatedAt);
  },
});

const getTestCaseRoute = defineOrgRoute({
  operationId: 'getTestCase',
  method: 'get',
  path: '/api/orgs/{orgId}/test-cases/{testCaseId}',
  tag: TAG,
  summary: 'Read a test case with its tag and browser-config ids',
  access: 'guest',
  params: testCaseParams,
  responses: [okVersioned(testCaseSchema)],
  async handle({ c, services, actor, params }) {
    const testCase = await getTestCase(services.domain, actor, { testCaseId: params.testCaseId });
    return versioned(c, 200, toTestCaseJson(testCase), testCase.updatedAt);
  },
});

// Without the domain schema's defaults, so the handler knows which fields the PATCH left out.
const updateBody = testCaseFieldsSchema
  .extend({
    extraRules: longTextSchema,
    allowedDomains: allowedDomainsSchema,
  })
  .partial()
  .strict();

const updateTestCaseRoute = defineOrgRoute({
  operationId: 'updateTestCase',
  method: 'patch',
  path: '/api/orgs/{orgId}/test-cases/{testCaseId}',
  tag: TAG,
  summary: 'Edit a test case; fields left out keep their value',
  access: 'member',
  params: testCaseParams,
  ifMatch: true,
  body: updateBody,
  bodyExample: { expectedOutcome: 'The order confirmation shows an order number.' },
  responses: [okVersioned(testCaseSchema)],
  async handle({ c, services, actor, params, body, expectedUpdatedAt }) {
    // The domain's update schema gives extraRules and allowedDomains defaults, which would blank them on
    // a PATCH that leaves them out; send their current values instead. If-Match still guards the write.
    const keep: { extraRules?: string; allowedDomains?: string[] } = {};
    if (body.extraRules === undefined || body.allowedDomains === undefined) {
      const current = await getTestCase(services.domain, actor, { testCaseId: params.testCaseId });
      keep.extraRules = body.extraRules ?? current.extraRules;
      keep.allowedDomains = body.allowedDomains ?? current.allowedDomains;
    }
    const testCase = await updateTestCase(services.domain, actor, {
      ...body,
      ...keep,
      testCaseId: params.testCaseId,
      expectedUpdatedAt,
    });
    return versioned(c, 200, toTestCaseJson(testCase), testCase.updatedAt);
  },
});

const deleteTestCaseRoute = defineOrgRoute({
  operationId: 'deleteTestCase',
  method: 'delete',
  path: '/api/orgs/{orgId}/test-cases/{testCaseId}',
  tag: TAG,
  summary: 'Delete a test case with its traversals, runs and artifacts',
  access: 'admin',
  params: testCaseParams,
  responses: [noContentResponse('Deleted')],
  async handle({ c, services, actor, params }) {
    const released = await deleteTestCase(services.domain, actor, {
      testCaseId: params.testCaseId,
    });
    reportUnreleasedArtifacts(services, released);
    return noContent(c);
  },
});

type LinkOperation = (
  services: ApiServices,
  actor: Actor,
  testCaseId: string,
  linkedId: string,
) => Promise<void>;

function linkRoute(options: {
  operationId: string;
  method: 'put' | 'delete';
  what: 'tagId' | 'browserConfigId';
  summary: string;
  link: LinkOperation;
}): ApiRoute {
  const segment = options.what === 'tagId' ? 'tags' : 'browser-configs';
  return defineOrgRoute({
    operationId: options.operationId,
    method: options.method,
    path: `/api/orgs/{orgId}/test-cases/{testCaseId}/${segment}/{${options.what}}`,
    tag: TAG,
    summary: options.summary,
    access: 'member',
    params: withOrg('testCaseId', options.what),
    responses: [ok(testCaseSchema, 'The test case with its links')],
    async handle({ c, services, actor, params }) {
      await options.link(services, actor, params.testCaseId, params[options.what]);
      const testCase = await getTestCase(services.domain, actor, { testCaseId: params.testCaseId });
      return versioned(c, 200, toTestCaseJson(testCase), testCase.updatedAt);
    },
  });
}

export const testCaseRoutes: ApiRoute[] = [
  listTestCasesRoute,
  createTestCaseRoute,
  getTestCaseRoute,
  updateTestCaseRoute,
  deleteTestCaseRoute,
  linkRoute({
    operationId: 'attachTag',
    method: 'put',
    what: 'tagId',
    summary: 'Tag a test case (idempotent; the tag must be of the same project)',
    link: (s, actor, testCaseId, tagId) => attachTag(s.domain, actor, { testCaseId, tagId }),
  }),
  linkRoute({
    operationId: 'detachTag',
    method: 'delete',
    what: 'tagId',
    summary: 'Untag a test case (idempotent)',
    link: (s, actor, testCaseId, tagId) => detachTag(s.domain, actor, { testCaseId, tagId }),
  }),
  linkRoute({
    operationId: 'attachBrowserConfig',
    method: 'put',
    what: 'browserConfigId',
    summary: 'Run a test case on a browser config too (idempotent)',
    link: (s, actor, testCaseId, browserConfigId) =>
      attachBrowserConfig(s.domain, actor, { testCaseId, browserConfigId }),
  }),
  linkRoute({
    operationId: 'detachBrowserConfig',
    method: 'delete',
    what: 'browserConfigId',
    summary: 'Stop running a test case on a browser config (idempotent)',
    link: (s, actor, testCaseId, browserConfigId) =>
      detachBrowserConfig(s.domain, actor, { testCaseId, browserConfigId }),
  }),
];
