// Routes of runs: trigger (202), list with filters and sorting, detail with history, cancel, retry, delete.
import { z } from '@hono/zod-openapi';
import {
  createRetryRun,
  deleteRun,
  getRunDetail,
  idSchema,
  listRuns,
  requestCancelRun,
} from '@retrace/domain';
import { type ApiRoute, defineOrgRoute } from '../http/api-route.ts';
import { cachedJson } from '../http/cached-json.ts';
import { pageInput, pageOutput } from '../http/pages.ts';
import { json, noContent } from '../http/responses.ts';
import { accepted, noContentResponse, ok, okCached } from '../http/route-responses.ts';
import { instantQuery, pageOf, pageQuery, withOrg } from '../schemas/common-schemas.ts';
import { runDetailSchema, runSchema, toRunDetailJson, toRunJson } from '../schemas/run-schemas.ts';
import { enqueueRuns, triggerRuns, triggerRunsBodySchema } from '../runs/trigger-runs.ts';
import { reportUnreleasedArtifacts } from './deletions.ts';

const TAG = 'Runs';
const runParams = withOrg('runId');
const triggeredSchema = z
  .object({ batchId: z.string(), runs: z.array(runSchema) })
  .strict()
  .openapi('TriggeredRuns');

const triggerRunsRoute = defineOrgRoute({
  operationId: 'triggerRuns',
  method: 'post',
  path: '/api/orgs/{orgId}/projects/{projectId}/runs',
  tag: TAG,
  summary: 'Run test cases (by ids, by tags, or all) on their browser configs, in a mode',
  description:
    'One run per test case × browser config, all in one batch. Mode `replay` is refused with 422 REPLAY_WITHOUT_TRAVERSAL when a pair has no verified traversal; `auto` records those with the agent instead.',
  access: 'member',
  params: withOrg('projectId'),
  body: triggerRunsBodySchema,
  bodyExample: { tags: ['smoke'], mode: 'auto' },
  responses: [accepted(triggeredSchema, 'Queued')],
  async handle({ c, services, actor, params, body }) {
    const runs = await triggerRuns(services, actor, params.projectId, body);
    const batchId = runs[0]?.batchId ?? '';
    c.header(
      'Location',
      `/api/orgs/${params.orgId}/projects/${params.projectId}/runs?batchId=${encodeURIComponent(batchId)}`,
    );
    return json(c, 202, { batchId, runs: runs.map((run) => toRunJson(run, services.urls)) });
  },
});

const iso = instantQuery();

const listRunsRoute = defineOrgRoute({
  operationId: 'listRuns',
  method: 'get',
  path: '/api/orgs/{orgId}/projects/{projectId}/runs',
  tag: TAG,
  summary: "List a project's runs with filters, newest (or oldest) first",
  access: 'guest',
  params: withOrg('projectId'),
  query: pageQuery.extend({
    state: z.enum(['QUEUED', 'RUNNING', 'PASSED', 'FAILED']).optional(),
    type: z.enum(['AGENTIC', 'REPLAY']).optional(),
    tagId: idSchema.optional().openapi({ description: 'Runs of test cases with this tag.' }),
    testCaseId: idSchema.optional(),
    browserConfigId: idSchema.optional(),
    batchId: z.string().min(1).max(100).optional(),
    from: iso.optional().openapi({ description: 'Created at or after (ISO 8601).' }),
    to: iso.optional().openapi({ description: 'Created before (ISO 8601).' }),
    sort: z.enum(['newest', 'oldest']).default('newest'),
  }),
  responses: [okCached(pageOf(runSchema, 'RunPage'))],
  async handle({ c, services, actor, params, query }) {
    const read = { organizationId: actor.organizationId, operationId: 'listRuns', query };
    return cachedJson(c, services, read, async () => {
      const { cursor, limit, type, from, to, ...filters } = query;
      const page = await listRuns(services.domain, actor, {
        projectId: params.projectId,
        ...filters,
        ...(type === undefined ? {} : { runType: type }),
        ...(from === undefined ? {} : { createdFrom: from }),
        ...(to === undefined ? {} : { createdTo: to }),
        ...pageInput(c, services, { cursor, limit }),
      });
      return {
        projectId: params.projectId,
        data: pageOutput(c, services, page, (run) => toRunJson(run, services.urls)),
      };
    });
  },
});

const getRunRoute = defineOrgRoute({
  operationId: 'getRun',
  method: 'get',
  path: '/api/orgs/{orgId}/runs/{runId}',
  tag: TAG,
  summary: 'Read a run with its history (signed screenshot URLs), GIF and cost',
  access: 'guest',
  params: runParams,
  responses: [okCached(runDetailSchema)],
  async handle({ c, services, actor, params }) {
    const read = { organizationId: actor.organizationId, operationId: 'getRun', query: {} };
    return cachedJson(c, services, read, async () => {
      const detail = await getRunDetail(services.domain, actor, { runId: params.runId });
      return { projectId: detail.run.projectId, data: toRunDetailJson(detail, services.urls) };
    });
  },
});

const cancelRunRoute = defineOrgRoute({
  operationId: 'cancelRun',
  method: 'post',
  path: '/api/orgs/{orgId}/runs/{runId}/cancel',
  tag: TAG,
  summary: 'Cancel a run: a queued one fails at once, a running one stops at its next step',
  access: 'member',
  params: runParams,
  responses: [ok(runSchema)],
  async handle({ c, services, actor, params }) {
    const run = await requestCancelRun(services.domain, actor, { runId: params.runId });
    if (run.state === 'FAILED' && run.startedAt === null && services.runQueue.cancelRun) {
      // Its job would find the run finished and do nothing; dropping it keeps the queue tidy.
      await services.runQueue.cancelRun(run.id).catch((error: unknown) => {
        services.logger.warn('could not drop the job of a cancelled run', {
          runId: run.id,
          error: error instanceof Error ? error.name : 'unknown',
        });
      });
    }
    return json(c, 200, toRunJson(run, services.urls));
  },
});

const retryRunRoute = defineOrgRoute({
  operationId: 'retryRun',
  method: 'post',
  path: '/api/orgs/{orgId}/runs/{runId}/retry',
  tag: TAG,
  summary: 'Queue another attempt of a run that failed for infrastructure reasons',
  access: 'member',
  params: runParams,
  responses: [accepted(runSchema, 'Queued')],
  async handle({ c, services, actor, params }) {
    const run = await createRetryRun(services.domain, actor, { runId: params.runId });
    await enqueueRuns(services, actor, [run]);
    c.header('Location', `/api/orgs/${params.orgId}/runs/${run.id}`);
    return json(c, 202, toRunJson(run, services.urls));
  },
});

const deleteRunRoute = defineOrgRoute({
  operationId: 'deleteRun',
  method: 'delete',
  path: '/api/orgs/{orgId}/runs/{runId}',
  tag: TAG,
  summary: 'Delete a run that is not running, with its history, cost and artifacts',
  access: 'admin',
  params: runParams,
  responses: [noContentResponse('Deleted')],
  async handle({ c, services, actor, params }) {
    const released = await deleteRun(services.domain, actor, { runId: params.runId });
    reportUnreleasedArtifacts(services, released);
    return noContent(c);
  },
});

export const runRoutes: ApiRoute[] = [
  triggerRunsRoute,
  listRunsRoute,
  getRunRoute,
  cancelRunRoute,
  retryRunRoute,
  deleteRunRoute,
];
