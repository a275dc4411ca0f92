// Reads one run (with its cost id).
import { and, eq } from 'drizzle-orm';
import { testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type RunView, selectRunViews } from './run-view.ts';

export const getRunInputSchema = z.object({ runId: idSchema });

export async function getRun(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof getRunInputSchema>,
): Promise<RunView> {
  const scope = authorize(actor, 'read');
  const { runId } = parseInput(getRunInputSchema, input);
  return withDomainErrors(async () => {
    const [row] = await selectRunViews(deps.db).where(
      and(eq(testRuns.id, runId), projectInScope(testRuns.projectId, scope)),
    );
    if (!row) throw notFound('run', { runId });
    return row;
  });
}
