// Cost totals of a project over a time range, grouped by day, by model or by test case.
import { sql, type SQL } from 'drizzle-orm';
import { costs, queryRows, testCases, testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectIdInScope } from '../access/authorize.ts';
import { requireProject } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

const dateSchema = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((value) => (value instanceof Date ? value : new Date(value)));

const isTimeZone = (value: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

export const getCostTotalsInputSchema = z
  .object({
    projectId: idSchema,
    /** created_at ≥ from */
    from: dateSchema,
    /** created_at < to */
    to: dateSchema,
    groupBy: z.enum(['day', 'model', 'test_case']),
    /** Days are cut in this IANA zone. */
    timeZone: z.string().refine(isTimeZone, { message: 'unknown time zone' }).default('UTC'),
  })
  .refine((input) => input.from < input.to, { message: 'from must be before to', path: ['to'] });

export interface CostTotal {
  /** The day (YYYY-MM-DD), the model name, or the test case id. */
  key: string;
  /** The test case name for `test_case`; the key otherwise. */
  label: string;
  costInDollars: number;
  inputTokens: number;
  completionTokens: number;
  runs: number;
}

export async function getCostTotals(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof getCostTotalsInputSchema>,
): Promise<CostTotal[]> {
  const scope = authorize(actor, 'read');
  const { projectId, from, to, groupBy, timeZone } = parseInput(getCostTotalsInputSchema, input);
  const range = sql`${costs.projectId} = ${projectId} and ${projectIdInScope(projectId, scope)}
    and ${costs.createdAt} >= ${from.toISOString()}::timestamptz and ${costs.createdAt} < ${to.toISOString()}::timestamptz`;
  const totals = sql`sum(${costs.costInDollars})::float8 as "costInDollars",
    sum(${costs.inputTokenNum})::float8 as "inputTokens",
    sum(${costs.completionTokenNum})::float8 as "completionTokens",
    count(*)::int as runs`;
  let query: SQL;
  switch (groupBy) {
    case 'day': {
      // Grouping on the truncated local timestamp is cheaper than on formatted text; formatted below.
      const day = sql`date_trunc('day', ${costs.createdAt} at time zone ${timeZone})`;
      query = sql`select to_char(d.day, 'YYYY-MM-DD') as key, d."costInDollars", d."inputTokens",
          d."completionTokens", d.runs
        from (select ${day} as day, ${totals} from ${costs} where ${range} group by 1) d order by d.day`;
      break;
    }
    case 'model':
      query = sql`select ${costs.modelType} as key, ${totals} from ${costs}
        where ${range} group by 1 order by 1`;
      break;
    case 'test_case':
      query = sql`select ${testCases.id} as key, min(${testCases.name}) as label, ${totals} from ${costs}
        join ${testRuns} on ${testRuns.id} = ${costs.testRunId}
        join ${testCases} on ${testCases.id} = ${testRuns.testCaseId}
        where ${range} group by 1 order by "costInDollars" desc, 1`;
      break;
  }
  return withDomainErrors(async () => {
    const rows = await queryRows<Record<string, unknown>>(deps.db, query);
    if (rows.length === 0) await requireProject(deps.db, scope, projectId);
    return rows.map((row) => ({
      key: String(row.key),
      label: String(row.label ?? row.key),
      costInDollars: Number(row.costInDollars),
      inputTokens: Number(row.inputTokens),
      completionTokens: Number(row.completionTokens),
      runs: Number(row.runs),
    }));
  });
}
