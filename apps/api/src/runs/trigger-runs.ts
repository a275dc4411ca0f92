// Triggering runs: resolve the selection (ids, tags by id or name, whole project), check replays, queue them.
import { z } from '@hono/zod-openapi';
import {
  type Actor,
  createRuns,
  DomainError,
  findMissingTraversals,
  finishRun,
  getTag,
  idSchema,
  listTags,
  listTestCases,
  MAX_RUNS_PER_CALL,
  notFound,
  type RunView,
  tagNameSchema,
} from '@retrace/domain';
import type { ApiServices } from '../api-deps.ts';
import { ApiError } from '../http/problem.ts';

export const triggerRunsBodySchema = z
  .object({
    testCaseIds: z.array(idSchema).min(1).max(MAX_RUNS_PER_CALL).optional(),
    tagIds: z.array(idSchema).min(1).max(50).optional(),
    tags: z
      .array(tagNameSchema)
      .min(1)
      .max(50)
      .optional()
      .openapi({ description: 'Tag names; runs the test cases having any of them.' }),
    all: z.literal(true).optional().openapi({ description: 'Every test case of the project.' }),
    browserConfigIds: z
      .array(idSchema)
      .min(1)
      .max(50)
      .optional()
      .openapi({ description: 'Run on these instead of the configs linked to each test case.' }),
    mode: z.enum(['auto', 'agentic', 'replay']).default('auto').openapi({
      description:
        'auto: replay when a verified traversal exists, else record with the agent; replay fails fast (422) when one is missing.',
    }),
    testConfigId: idSchema.optional().openapi({ description: 'Defaults to `default`.' }),
    batchId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Groups the runs (e.g. a CI build); generated when absent.' }),
  })
  .strict()
  .refine(
    (body) =>
      [body.testCaseIds, body.tagIds ?? body.tags, body.all].filter((s) => s !== undefined)
        .length === 1,
    { message: 'select with exactly one of testCaseIds, tagIds/tags, or all: true' },
  );

export type TriggerRunsBody = z.output<typeof triggerRunsBodySchema>;
type RunSelection = Parameters<typeof createRuns>[2]['selection'];

const PAGE = 200;
const ENQUEUE_CONCURRENCY = 16;
const MISSING_SHOWN = 20;

async function tagIdsByName(
  services: ApiServices,
  actor: Actor,
  projectId: string,
  names: string[],
): Promise<string[]> {
  const wanted = new Set(names.map((name) => name.trim()));
  const found = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await listTags(services.domain, actor, {
      projectId,
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    for (const tag of page.items) if (wanted.has(tag.name)) found.set(tag.name, tag.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && found.size < wanted.size);
  const missing = [...wanted].filter((name) => !found.has(name));
  if (missing.length > 0) throw notFound(`tag(s) ${missing.join(', ')}`, { missing });
  return [...found.values()];
}

async function testCaseIdsWithTag(
  services: ApiServices,
  actor: Actor,
  projectId: string,
  tagId: string,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listTestCases(services.domain, actor, {
      projectId,
      tagId,
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    ids.push(...page.items.map((testCase) => testCase.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && ids.length <= MAX_RUNS_PER_CALL);
  return ids;
}

/** One tag keeps the domain's atomic tag selection; several become the union of their test cases. */
export async function resolveSelection(
  services: ApiServices,
  actor: Actor,
  projectId: string,
  body: TriggerRunsBody,
): Promise<RunSelection> {
  if (body.all) return { kind: 'project' };
  if (body.testCaseIds) return { kind: 'test_cases', testCaseIds: [...new Set(body.testCaseIds)] };
  const tagIds = new Set(body.tagIds ?? []);
  if (body.tags) {
    for (const id of await tagIdsByName(services, actor, projectId, body.tags)) tagIds.add(id);
  }
  for (const tagId of tagIds) {
    const tag = await getTag(services.domain, actor, { tagId });
    if (tag.projectId !== projectId) {
      throw new DomainError('TAG_OTHER_PROJECT', 'the tag belongs to another project', {
        details: { tagId },
      });
    }
  }
  const [only, ...others] = [...tagIds];
  if (only !== undefined && others.length === 0) return { kind: 'tag', tagId: only };
  const caseIds = new Set<string>();
  for (const tagId of tagIds) {
    for (const id of await testCaseIdsWithTag(services, actor, projectId, tagId)) caseIds.add(id);
  }
  if (caseIds.size === 0) {
    throw new DomainError('NOTHING_TO_RUN', 'no test case has any of these tags: tag some first');
  }
  if (caseIds.size > MAX_RUNS_PER_CALL) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `these tags select more than ${MAX_RUNS_PER_CALL} test cases: narrow the selection`,
    );
  }
  return { kind: 'test_cases', testCaseIds: [...caseIds] };
}

async function refuseUnreplayable(
  services: ApiServices,
  actor: Actor,
  projectId: string,
  selection: RunSelection,
  browserConfigIds: string[] | undefined,
): Promise<void> {
  const missing = await findMissingTraversals(services.domain, actor, {
    projectId,
    selection,
    ...(browserConfigIds ? { browserConfigIds } : {}),
  });
  if (missing.length === 0) return;
  const named = missing
    .slice(0, 3)
    .map((m) => `"${m.testCaseName}" on ${m.browserConfigId}`)
    .join(', ');
  throw new ApiError(
    'REPLAY_WITHOUT_TRAVERSAL',
    `replay needs a verified traversal, and ${missing.length} test case/browser config pair(s) have none (${named}${missing.length > 3 ? ', …' : ''}): run them in auto or agentic mode first`,
    { details: { count: missing.length, missing: missing.slice(0, MISSING_SHOWN) } },
  );
}

/**
 * Queues every run. Runs that could not be queued are failed as `infrastructure` at once, so none waits
 * forever for a job that does not exist.
 */
export async function enqueueRuns(
  services: ApiServices,
  actor: Actor,
  runs: RunView[],
): Promise<void> {
  let failure: unknown = null;
  const failed: RunView[] = [];
  for (let i = 0; i < runs.length; i += ENQUEUE_CONCURRENCY) {
    const chunk = runs.slice(i, i + ENQUEUE_CONCURRENCY);
    const results = await Promise.allSettled(
      chunk.map((run) => services.runQueue.enqueueRun({ runId: run.id })),
    );
    results.forEach((result, index) => {
      const run = chunk[index];
      if (result.status === 'rejected' && run) {
        failure = result.reason;
        failed.push(run);
      }
    });
  }
  if (failed.length === 0) return;
  for (const run of failed) {
    await finishRun(services.domain, actor, {
      runId: run.id,
      state: 'FAILED',
      failureKind: 'infrastructure',
      failureMessage: 'the run could not be queued; trigger it again',
    }).catch(() => undefined);
  }
  throw new ApiError(
    'QUEUE_UNAVAILABLE',
    `${failed.length} of ${runs.length} run(s) could not be queued and were marked failed: try again shortly`,
    { cause: failure, details: { failedRunIds: failed.map((run) => run.id).slice(0, 50) } },
  );
}

export async function triggerRuns(
  services: ApiServices,
  actor: Actor,
  projectId: string,
  body: TriggerRunsBody,
): Promise<RunView[]> {
  const selection = await resolveSelection(services, actor, projectId, body);
  if (body.mode === 'replay') {
    await refuseUnreplayable(services, actor, projectId, selection, body.browserConfigIds);
  }
  const runs = await createRuns(services.domain, actor, {
    projectId,
    selection,
    mode: body.mode,
    ...(body.browserConfigIds ? { browserConfigIds: body.browserConfigIds } : {}),
    ...(body.testConfigId ? { testConfigId: body.testConfigId } : {}),
    ...(body.batchId ? { batchId: body.batchId } : {}),
  });
  await enqueueRuns(services, actor, runs);
  return runs;
}
