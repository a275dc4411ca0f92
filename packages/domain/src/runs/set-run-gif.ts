// Stores the artifact key of a run's GIF (made at the end of a run, possibly after it finished).
import { and, eq } from 'drizzle-orm';
import { testRuns } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const setRunGifInputSchema = z.object({
  runId: idSchema,
  runGif: z.string().min(1).max(1000),
});

export async function setRunGif(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof setRunGifInputSchema>,
): Promise<void> {
  const scope = authorize(actor, 'write');
  const { runId, runGif } = parseInput(setRunGifInputSchema, input);
  await withDomainErrors(async () => {
    const updated = await deps.db
      .update(testRuns)
      .set({ runGif })
      .where(and(eq(testRuns.id, runId), projectInScope(testRuns.projectId, scope)))
      .returning({ id: testRuns.id });
    if (updated.length === 0) throw notFound('run', { runId });
  });
}
