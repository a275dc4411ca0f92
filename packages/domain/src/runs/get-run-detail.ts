// A run with its ordered history (each element with its recorded action and step goal) and its cost.
import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import {
  type ActionRow,
  actions,
  brainStates,
  type CostRow,
  costs,
  type HistoryElementRow,
  historyElements,
  testRuns,
} from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import type { RunView } from './run-view.ts';

export type HistoryElementDetail = HistoryElementRow & {
  action: ActionRow;
  /** The brain state's goal for the step this action belongs to. */
  stepGoal: string;
};

export interface RunDetail {
  run: RunView;
  history: HistoryElementDetail[];
  cost: CostRow | null;
}

export const getRunDetailInputSchema = z.object({ runId: idSchema });

export async function getRunDetail(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof getRunDetailInputSchema>,
): Promise<RunDetail> {
  const scope = authorize(actor, 'read');
  const { runId } = parseInput(getRunDetailInputSchema, input);
  return withDomainErrors(async () => {
    // The run and its optional cost in one round trip, the history in a second.
    const [found] = await deps.db
      .select({ run: getTableColumns(testRuns), cost: costs })
      .from(testRuns)
      .leftJoin(costs, eq(costs.testRunId, testRuns.id))
      .where(and(eq(testRuns.id, runId), projectInScope(testRuns.projectId, scope)));
    if (!found) throw notFound('run', { runId });
    const run: RunView = { ...found.run, costId: found.cost?.id ?? null };
    const rows = await deps.db
      .select({ element: historyElements, action: actions, stepGoal: brainStates.nextGoal })
      .from(historyElements)
      .innerJoin(actions, eq(actions.id, historyElements.actionId))
      .innerJoin(brainStates, eq(brainStates.id, actions.brainStateId))
      .where(eq(historyElements.testRunId, run.id))
      .orderBy(asc(historyElements.idx));
    return {
      run,
      history: rows.map((row) => ({ ...row.element, action: row.action, stepGoal: row.stepGoal })),
      cost: found.cost,
    };
  });
}
