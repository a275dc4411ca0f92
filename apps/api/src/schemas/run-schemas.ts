// Response shapes of runs, their history (with signed screenshot URLs), costs and cost totals.
import { z } from '@hono/zod-openapi';
import type { CostTotal, RunDetail, RunView } from '@retrace/domain';
import type { ArtifactUrls } from '../artifacts/artifact-urls.ts';
import { iso, isoOrNull, timestamp } from './common-schemas.ts';
import { actionSchema, toActionJson } from './traversal-schemas.ts';

type CostRow = NonNullable<RunDetail['cost']>;
type HistoryElement = RunDetail['history'][number];

const failureKind = z.enum([
  'assertion_failed',
  'element_not_found',
  'ambiguous_element',
  'navigation_blocked',
  'outcome_unreachable',
  'timeout',
  'infrastructure',
  'cancelled',
  'budget_exceeded',
]);

export const runSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    testCaseId: z.string(),
    browserConfigId: z.string(),
    testConfigId: z.string().nullable(),
    testTraversalId: z.string().nullable().openapi({ description: 'The traversal replayed.' }),
    producedTraversalId: z
      .string()
      .nullable()
      .openapi({ description: 'The version an agentic run or a repair saved.' }),
    batchId: z.string(),
    attempt: z.number().int(),
    retryOfRunId: z.string().nullable(),
    mode: z.enum(['auto', 'agentic', 'replay']).openapi({ description: 'The mode requested.' }),
    runType: z
      .enum(['AGENTIC', 'REPLAY'])
      .nullable()
      .openapi({ description: 'Null while queued.' }),
    state: z.enum(['QUEUED', 'RUNNING', 'PASSED', 'FAILED']),
    failureKind: failureKind.nullable(),
    failureMessage: z.string().nullable(),
    repairWasNeeded: z.boolean(),
    cancelRequestedAt: timestamp().nullable(),
    createdAt: timestamp(),
    startedAt: timestamp().nullable(),
    finishedAt: timestamp().nullable(),
    durationMs: z.number().int().nullable(),
    gifUrl: z.string().nullable().openapi({
      description:
        "Signed URL of the run GIF (about 1 h). A passed run's GIF is rendered from its screenshots when this URL is first opened.",
    }),
    costId: z.string().nullable(),
  })
  .strict()
  .openapi('Run');

function durationBetween(start: Date | null, end: Date | null): number | null {
  return start === null || end === null ? null : end.getTime() - start.getTime();
}

export function toRunJson(run: RunView, urls: ArtifactUrls): z.infer<typeof runSchema> {
  return {
    id: run.id,
    projectId: run.projectId,
    testCaseId: run.testCaseId,
    browserConfigId: run.browserConfigId,
    testConfigId: run.testConfigId,
    testTraversalId: run.testTraversalId,
    producedTraversalId: run.producedTraversalId,
    batchId: run.batchId,
    attempt: run.attempt,
    retryOfRunId: run.retryOfRunId,
    mode: run.modeRequested,
    runType: run.runType,
    state: run.state,
    failureKind: run.failureKind,
    failureMessage: run.failureMessage,
    repairWasNeeded: run.repairWasNeeded,
    cancelRequestedAt: isoOrNull(run.cancelRequestedAt),
    createdAt: iso(run.createdAt),
    startedAt: isoOrNull(run.startedAt),
    finishedAt: isoOrNull(run.finishedAt),
    durationMs: durationBetween(run.startedAt, run.finishedAt),
    gifUrl: urls.urlFor(run.runGif),
    costId: run.costId,
  };
}

export const historyElementSchema = z
  .object({
    id: z.string(),
    idx: z.number().int(),
    state: z.enum(['PASSED', 'FAILED']),
    actionStartedAt: timestamp(),
    actionFinishedAt: timestamp().nullable(),
    durationMs: z.number().int().nullable(),
    screenshotUrl: z.string().nullable().openapi({ description: 'Signed URL (about 1 h).' }),
    locateMethod: z.enum(['locator', 'healed', 'repaired', 'none']).openapi({
      description:
        'locator: the recorded locator held; healed: by similarity; repaired: by the agent.',
    }),
    healScore: z.number().nullable(),
    error: z.string().nullable(),
    elementBox: z
      .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
      .strict()
      .nullable(),
    caption: z.string().nullable(),
    stepGoal: z.string(),
    action: actionSchema,
  })
  .strict()
  .openapi('HistoryElement');

export function toHistoryElementJson(
  element: HistoryElement,
  urls: ArtifactUrls,
): z.infer<typeof historyElementSchema> {
  return {
    id: element.id,
    idx: element.idx,
    state: element.historyElementState,
    actionStartedAt: iso(element.actionStartedAt),
    actionFinishedAt: isoOrNull(element.actionFinishedAt),
    durationMs: durationBetween(element.actionStartedAt, element.actionFinishedAt),
    screenshotUrl: urls.urlFor(element.screenshot),
    locateMethod: element.locateMethod,
    healScore: element.healScore,
    error: element.error,
    elementBox: element.elementBox,
    caption: element.caption,
    stepGoal: element.stepGoal,
    action: toActionJson(element.action),
  };
}

export const costSchema = z
  .object({
    id: z.string(),
    runId: z.string(),
    projectId: z.string(),
    model: z.string(),
    inputTokens: z.number().int(),
    completionTokens: z.number().int(),
    inputPricePerToken: z.number(),
    outputPricePerToken: z.number(),
    costInDollars: z.number(),
    createdAt: timestamp(),
  })
  .strict()
  .openapi('Cost');

export function toCostJson(row: CostRow): z.infer<typeof costSchema> {
  return {
    id: row.id,
    runId: row.testRunId,
    projectId: row.projectId,
    model: row.modelType,
    inputTokens: row.inputTokenNum,
    completionTokens: row.completionTokenNum,
    inputPricePerToken: row.inputPricePerToken,
    outputPricePerToken: row.outputPricePerToken,
    costInDollars: row.costInDollars,
    createdAt: iso(row.createdAt),
  };
}

export const runDetailSchema = z
  .object({ run: runSchema, history: z.array(historyElementSchema), cost: costSchema.nullable() })
  .strict()
  .openapi('RunDetail');

export function toRunDetailJson(
  detail: RunDetail,
  urls: ArtifactUrls,
): z.infer<typeof runDetailSchema> {
  return {
    run: toRunJson(detail.run, urls),
    history: detail.history.map((element) => toHistoryElementJson(element, urls)),
    cost: detail.cost === null ? null : toCostJson(detail.cost),
  };
}

const totalFields = {
  costInDollars: z.number(),
  inputTokens: z.number(),
  completionTokens: z.number(),
  runs: z.number().int(),
};

export const costTotalsSchema = z
  .object({
    projectId: z.string(),
    groupBy: z.enum(['day', 'model', 'test_case']),
    from: timestamp(),
    to: timestamp(),
    timeZone: z.string(),
    totals: z.array(
      z
        .object({
          key: z.string().openapi({ description: 'YYYY-MM-DD, the model, or the test case id.' }),
          label: z.string(),
          ...totalFields,
        })
        .strict(),
    ),
    sum: z.object(totalFields).strict(),
  })
  .strict()
  .openapi('CostTotals');

export function sumTotals(totals: CostTotal[]): z.infer<typeof costTotalsSchema>['sum'] {
  return totals.reduce(
    (sum, t) => ({
      costInDollars: sum.costInDollars + t.costInDollars,
      inputTokens: sum.inputTokens + t.inputTokens,
      completionTokens: sum.completionTokens + t.completionTokens,
      runs: sum.runs + t.runs,
    }),
    { costInDollars: 0, inputTokens: 0, completionTokens: 0, runs: 0 },
  );
}
