// Routes of LLM costs: a project's totals by day, by model or by test case over a time range.
import { z } from '@hono/zod-openapi';
import { getCostTotals } from '@retrace/domain';
import { type ApiRoute, defineOrgRoute } from '../http/api-route.ts';
import { json } from '../http/responses.ts';
import { ok } from '../http/route-responses.ts';
import { instantQuery, withOrg } from '../schemas/common-schemas.ts';
import { costTotalsSchema, sumTotals } from '../schemas/run-schemas.ts';

const DEFAULT_RANGE_DAYS = 30;
const iso = instantQuery();

const getCostTotalsRoute = defineOrgRoute({
  operationId: 'getCostTotals',
  method: 'get',
  path: '/api/orgs/{orgId}/projects/{projectId}/costs',
  tag: 'Costs',
  summary:
    "A project's LLM cost totals by day, model or test case (a run's own cost is in its detail)",
  access: 'guest',
  params: withOrg('projectId'),
  query: z
    .object({
      groupBy: z.enum(['day', 'model', 'test_case']).default('day'),
      from: iso
        .optional()
        .openapi({ description: `Default: ${DEFAULT_RANGE_DAYS} days before \`to\`.` }),
      to: iso.optional().openapi({ description: 'Exclusive; default: now.' }),
      timeZone: z
        .string()
        .min(1)
        .max(64)
        .default('UTC')
        .openapi({ description: 'IANA zone in which days are cut.', example: 'Europe/Paris' }),
    })
    .strict(),
  responses: [ok(costTotalsSchema)],
  async handle({ c, services, actor, params, query }) {
    const to = query.to === undefined ? services.clock() : new Date(query.to);
    const from =
      query.from === undefined
        ? new Date(to.getTime() - DEFAULT_RANGE_DAYS * 86_400_000)
        : new Date(query.from);
    const totals = await getCostTotals(services.domain, actor, {
      projectId: params.projectId,
      from,
      to,
      groupBy: query.groupBy,
      timeZone: query.timeZone,
    });
    return json(c, 200, {
      projectId: params.projectId,
      groupBy: query.groupBy,
      from: from.toISOString(),
      to: to.toISOString(),
      timeZone: query.timeZone,
      totals,
      sum: sumTotals(totals),
    });
  },
});

export const costRoutes: ApiRoute[] = [getCostTotalsRoute];
