// Records executed actions of a running run (its ordered history), each tied to a recorded action.
import { createId } from '@paralleldrive/cuid2';
import { and, eq, inArray } from 'drizzle-orm';
import {
  actions,
  brainStates,
  type HistoryElementRow,
  historyElements,
  testRuns,
  testTraversals,
} from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { requireRun } from '../access/scoped-lookups.ts';
import { DomainError } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

const dateSchema = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((value) => (value instanceof Date ? value : new Date(value)));

export const historyElementInputSchema = z.object({
  /** Order within the run, from 0. */
  idx: z.number().int().min(0),
  actionId: idSchema,
  actionStartedAt: dateSchema,
  actionFinishedAt: dateSchema.nullable().default(null),
  state: z.enum(['PASSED', 'FAILED']),
  /** Artifact key of the screenshot. */
  screenshot: z.string().min(1).max(1000).nullable().default(null),
  locateMethod: z.enum(['locator', 'healed', 'repaired', 'none']),
  healScore: z.number().min(0).max(1).nullable().default(null),
  error: z.string().max(10_000).nullable().default(null),
  elementBox: z
    .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
    .nullable()
    .default(null),
  /** The step's goal, the GIF caption. */
  caption: z.string().max(2_000).nullable().default(null),
});

export const recordHistoryElementsInputSchema = z.object({
  runId: idSchema,
  elements: z.array(historyElementInputSchema).min(1).max(1000),
});

export type HistoryElementInput = z.input<typeof historyElementInputSchema>;

export async function recordHistoryElements(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof recordHistoryElementsInputSchema>,
): Promise<HistoryElementRow[]> {
  const scope = authorize(actor, 'write');
  const { runId, elements } = parseInput(recordHistoryElementsInputSchema, input);
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      // Shared lock: the run cannot finish while its history is being written.
      const [run] = await tx
        .select({ id: testRuns.id, state: testRuns.state, testCaseId: testRuns.testCaseId })
        .from(testRuns)
        .where(and(eq(testRuns.id, runId), projectInScope(testRuns.projectId, scope)))
        .for('share');
      if (!run) await requireRun(tx, scope, runId);
      if (!run || run.state !== 'RUNNING') {
        throw new DomainError(
          'INVALID_STATE_TRANSITION',
          `history is recorded only while a run is RUNNING; this one is ${run?.state ?? 'unknown'}`,
          { details: { runId, state: run?.state } },
        );
      }
      const actionIds = [...new Set(elements.map((e) => e.actionId))];
      const known = await tx
        .select({ id: actions.id })
        .from(actions)
        .innerJoin(brainStates, eq(brainStates.id, actions.brainStateId))
        .innerJoin(testTraversals, eq(testTraversals.id, brainStates.testTraversalId))
        .where(and(inArray(actions.id, actionIds), eq(testTraversals.testCaseId, run.testCaseId)));
      if (known.length !== actionIds.length) {
        const found = new Set(known.map((k) => k.id));
        throw new DomainError(
          'VALIDATION_FAILED',
          'history elements must refer to actions recorded for this run’s test case',
          { details: { unknownActionIds: actionIds.filter((id) => !found.has(id)) } },
        );
      }
      return tx
        .insert(historyElements)
        .values(
          elements.map(({ state, ...element }) => ({
            ...element,
            id: createId(),
            testRunId: runId,
            historyElementState: state,
          })),
        )
        .returning();
    }),
  );
}

/** One element; see recordHistoryElements. */
export async function recordHistoryElement(
  deps: DbDeps,
  actor: Actor,
  input: { runId: string } & HistoryElementInput,
): Promise<HistoryElementRow> {
  const { runId, ...element } = input;
  const [row] = await recordHistoryElements(deps, actor, { runId, elements: [element] });
  if (!row) throw new Error('insert returned no row');
  return row;
}
