// Routes of recorded traversals: versions of a test case, one with its brain states and actions, imports.
import { z } from '@hono/zod-openapi';
import {
  DEFAULT_BROWSER_CONFIG_ID,
  getTraversal,
  idSchema,
  listTraversals,
  saveTraversal,
  saveTraversalInputSchema,
} from '@retrace/domain';
import { type ApiRoute, defineOrgRoute } from '../http/api-route.ts';
import { pageInput, pageOutput } from '../http/pages.ts';
import { json } from '../http/responses.ts';
import { created, ok } from '../http/route-responses.ts';
import { pageOf, pageQuery, withOrg } from '../schemas/common-schemas.ts';
import {
  toTraversalDetailJson,
  toTraversalJson,
  traversalDetailSchema,
  traversalSchema,
} from '../schemas/traversal-schemas.ts';

const TAG = 'Traversals';
/** A long recorded path is large; imports get more room than other bodies. */
const IMPORT_MAX_BYTES = 16 * 1024 * 1024;

const listTraversalsRoute = defineOrgRoute({
  operationId: 'listTraversals',
  method: 'get',
  path: '/api/orgs/{orgId}/test-cases/{testCaseId}/traversals',
  tag: TAG,
  summary: 'List the recorded versions of a test case, newest first',
  access: 'guest',
  params: withOrg('testCaseId'),
  query: pageQuery.extend({
    browserConfigId: idSchema.optional().openapi({ description: 'Only this browser config.' }),
  }),
  responses: [ok(pageOf(traversalSchema, 'TraversalPage'))],
  async handle({ c, services, actor, params, query }) {
    const { browserConfigId, ...page } = query;
    const result = await listTraversals(services.domain, actor, {
      testCaseId: params.testCaseId,
      ...(browserConfigId === undefined ? {} : { browserConfigId }),
      ...pageInput(c, services, page),
    });
    return json(c, 200, pageOutput(c, services, result, toTraversalJson));
  },
});

const getTraversalRoute = defineOrgRoute({
  operationId: 'getTraversal',
  method: 'get',
  path: '/api/orgs/{orgId}/traversals/{traversalId}',
  tag: TAG,
  summary: 'Read a traversal with its brain states, actions and the secrets it uses',
  access: 'guest',
  params: withOrg('traversalId'),
  responses: [ok(traversalDetailSchema)],
  async handle({ c, services, actor, params }) {
    const traversal = await getTraversal(services.domain, actor, {
      traversalId: params.traversalId,
    });
    return json(c, 200, toTraversalDetailJson(traversal));
  },
});

const importTraversalRoute = defineOrgRoute({
  operationId: 'importTraversal',
  method: 'post',
  path: '/api/orgs/{orgId}/test-cases/{testCaseId}/traversals',
  tag: TAG,
  summary: 'Import a recorded path as the next version (e.g. from another Retrace)',
  description:
    'Secret values left in the recorded text are replaced by their <secret>NAME</secret> placeholder before storage. Only a verified traversal is used by replay.',
  access: 'member',
  params: withOrg('testCaseId'),
  maxBodyBytes: IMPORT_MAX_BYTES,
  body: saveTraversalInputSchema
    .omit({ testCaseId: true, createdByRunId: true, source: true, verified: true })
    .extend({
      source: z.enum(['import', 'steps_file']).default('import'),
      verified: z.boolean().default(false),
    })
    .strict(),
  bodyExample: {
    browserConfigId: DEFAULT_BROWSER_CONFIG_ID,
    expectedOutcome: 'The cart shows one item.',
    verified: false,
    brainStates: [
      {
        nextGoal: 'open the products page',
        actions: [{ action: { type: 'navigate', url: '/products' } }],
      },
    ],
  },
  responses: [created(traversalDetailSchema)],
  async handle({ c, services, actor, params, body }) {
    const traversal = await saveTraversal(services.domain, actor, {
      ...body,
      testCaseId: params.testCaseId,
    });
    c.header('Location', `/api/orgs/${params.orgId}/traversals/${traversal.id}`);
    return json(c, 201, toTraversalDetailJson(traversal));
  },
});

export const traversalRoutes: ApiRoute[] = [
  listTraversalsRoute,
  getTraversalRoute,
  importTraversalRoute,
];
