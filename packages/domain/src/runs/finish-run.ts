// RUNNING → PASSED | FAILED (and QUEUED → FAILED when cancelled or lost to infrastructure), guarded.
import { and, eq, inArray } from 'drizzle-orm';
import { testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { requireRun } from '../access/scoped-lookups.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { allowedSourceStates, invalidTransition } from './run-transitions.ts';
import { type RunView, selectRunViews } from './run-view.ts';

export const FAILURE_KIND_VALUES = [
  'assertion_failed',
  'element_not_found',
  'ambiguous_element',
  'navigation_blocked',
  'outcome_unreachable',
  'timeout',
  'infrastructure',
  'cancelled',
  'budget_exceeded',
] as const;

const finishCommon = {
  runId: idSchema,
  /** When given, only the worker that started the run may finish it. */
  workerId: z.string().min(1).max(200).optional(),
  repairWasNeeded: z.boolean().optional(),
  producedTraversalId: idSchema.nullable().optional(),
  testTraversalId: idSchema.nullable().optional(),
  runGif: z.string().min(1).max(1000).nullable().optional(),
};

export const finishRunInputSchema = z.discriminatedUnion('state', [
  z.object({ ...finishCommon, state: z.literal('PASSED') }),
  z.object({
    ...finishCommon,
    state: z.literal('FAILED'),
    failureKind: z.enum(FAILURE_KIND_VALUES),
    failureMessage: z.string().trim().min(1).max(10_000),
  }),
]);

export async function finishRun(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof finishRunInputSchema>,
): Promise<RunView> {
  const scope = authorize(actor, 'write');
  const parsed = parseInput(finishRunInputSchema, input);
  const { runId, workerId, state, ...outcome } = parsed;
  const failure =
    parsed.state === 'FAILED'
      ? { failureKind: parsed.failureKind, failureMessage: parsed.failureMessage }
      : { failureKind: null, failureMessage: null };
  const from = allowedSourceStates(
    state,
    parsed.state === 'FAILED' ? parsed.failureKind : undefined,
  );
  return withDomainErrors(async () => {
    const updated = await deps.db
      .update(testRuns)
      .set({
        state,
        ...failure,
        finishedAt: currentTime(deps),
        ...(outcome.repairWasNeeded === undefined
          ? {}
          : { repairWasNeeded: outcome.repairWasNeeded }),
        ...(outcome.producedTraversalId === undefined
          ? {}
          : { producedTraversalId: outcome.producedTraversalId }),
        ...(outcome.testTraversalId === undefined
          ? {}
          : { testTraversalId: outcome.testTraversalId }),
        ...(outcome.runGif === undefined ? {} : { runGif: outcome.runGif }),
      })
      .where(
        and(
          eq(testRuns.id, runId),
          projectInScope(testRuns.projectId, scope),
          inArray(testRuns.state, from),
          workerId === undefined ? undefined : eq(testRuns.workerId, workerId),
        ),
      )
      .returning({ id: testRuns.id });
    if (updated.length === 0) {
      throw invalidTransition(await requireRun(deps.db, scope, runId), state);
    }
    const [row] = await selectRunViews(deps.db).where(eq(testRuns.id, runId));
    if (!row) throw new Error('finished run vanished');
    return row;
  });
}
