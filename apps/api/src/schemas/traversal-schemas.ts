// Response shapes of recorded traversals: versions, brain states with their actions, secrets used.
import { z } from '@hono/zod-openapi';
import type { listTraversals, TraversalDetail } from '@retrace/domain';
import { iso, jsonObject, timestamp } from './common-schemas.ts';

type TraversalRow = Awaited<ReturnType<typeof listTraversals>>['items'][number];
type ActionRow = TraversalDetail['brainStates'][number]['actions'][number];

export const traversalSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    testCaseId: z.string(),
    browserConfigId: z.string(),
    version: z.number().int(),
    expectedOutcome: z.string(),
    verified: z
      .boolean()
      .openapi({ description: 'Its outcome was verified; replay uses only these.' }),
    source: z.enum(['agentic', 'repair', 'steps_file', 'import']),
    createdByRunId: z.string().nullable(),
    createdAt: timestamp(),
  })
  .strict()
  .openapi('Traversal');

export function toTraversalJson(row: TraversalRow): z.infer<typeof traversalSchema> {
  return {
    id: row.id,
    projectId: row.projectId,
    testCaseId: row.testCaseId,
    browserConfigId: row.browserConfigId,
    version: row.version,
    expectedOutcome: row.expectedOutcome,
    verified: row.verified,
    source: row.source,
    createdByRunId: row.createdByRunId,
    createdAt: iso(row.createdAt),
  };
}

export const actionSchema = z
  .object({
    id: z.string(),
    brainStateId: z.string(),
    idxInBrainState: z.number().int(),
    action: jsonObject().openapi({
      description: 'The typed action; secrets appear only as <secret>name</secret>.',
    }),
    domElementData: jsonObject().nullable().openapi({ description: 'The element fingerprint.' }),
  })
  .strict()
  .openapi('Action');

export function toActionJson(row: ActionRow): z.infer<typeof actionSchema> {
  return {
    id: row.id,
    brainStateId: row.brainStateId,
    idxInBrainState: row.idxInBrainState,
    action: row.action,
    domElementData: row.domElementData,
  };
}

const brainStateSchema = z
  .object({
    id: z.string(),
    idxInTraversal: z.number().int(),
    valid: z.boolean().openapi({ description: 'False for failed or superseded steps.' }),
    evaluationPreviousGoal: z.string(),
    memory: z.string(),
    nextGoal: z.string(),
    actions: z.array(actionSchema),
  })
  .strict()
  .openapi('BrainState');

export const traversalDetailSchema = traversalSchema
  .extend({
    brainStates: z.array(brainStateSchema),
    secrets: z.array(
      z.object({ secretId: z.string(), name: z.string(), version: z.number().int() }).strict(),
    ),
  })
  .strict()
  .openapi('TraversalDetail');

export function toTraversalDetailJson(
  detail: TraversalDetail,
): z.infer<typeof traversalDetailSchema> {
  return {
    ...toTraversalJson(detail),
    brainStates: detail.brainStates.map((state) => ({
      id: state.id,
      idxInTraversal: state.idxInTraversal,
      valid: state.valid,
      evaluationPreviousGoal: state.evaluationPreviousGoal,
      memory: state.memory,
      nextGoal: state.nextGoal,
      actions: state.actions.map(toActionJson),
    })),
    secrets: detail.secrets.map((use) => ({
      secretId: use.secretId,
      name: use.secretName,
      version: use.secretVersion,
    })),
  };
}
