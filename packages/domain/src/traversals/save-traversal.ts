// Saves a recorded path as the next version, in one transaction: brain states, actions, secret links.
import { createId } from '@paralleldrive/cuid2';
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  actions,
  brainStates,
  secretValues,
  testCases,
  testRuns,
  testTraversalSecrets,
  testTraversals,
} from '@retrace/db';
import { elementFingerprintSchema, redactSecretsDeep } from '@retrace/engine';
import { z } from 'zod';
import type { Actor, SecretDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize, type OrganizationScope, projectInScope } from '../access/authorize.ts';
import { requireBrowserConfig } from '../access/scoped-lookups.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { decryptSecretValue } from '../secrets/secret-cipher.ts';
import { idSchema, secretNameSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { loadTraversalDetail, type TraversalDetail } from './traversal-detail.ts';
import type { RetraceDatabase } from '@retrace/db';

const actionInputSchema = z.object({
  /** The engine's typed action; secrets only as `<secret>name</secret>` placeholders. */
  action: z.record(z.string(), z.unknown()),
  domElementData: elementFingerprintSchema.loose().nullable().default(null),
});

const brainStateInputSchema = z.object({
  evaluationPreviousGoal: z.string().max(100_000).default(''),
  memory: z.string().max(100_000).default(''),
  nextGoal: z.string().max(100_000).default(''),
  valid: z.boolean().default(true),
  actions: z.array(actionInputSchema).max(100),
});

export const saveTraversalInputSchema = z.object({
  testCaseId: idSchema,
  browserConfigId: idSchema,
  expectedOutcome: z.string().min(1).max(5_000),
  verified: z.boolean(),
  source: z.enum(['agentic', 'repair', 'steps_file', 'import']),
  /** The run that recorded it; its produced_traversal_id is set in the same transaction. */
  createdByRunId: idSchema.optional(),
  brainStates: z.array(brainStateInputSchema).max(2_000),
  secrets: z
    .array(z.object({ name: secretNameSchema, version: z.number().int().min(1) }))
    .max(200)
    .default([]),
});

export type SaveTraversalInput = z.input<typeof saveTraversalInputSchema>;

/**
 * Versions are taken under a row lock on the test case, so concurrent saves get N+1, N+2, … with no gap or
 * duplicate. When a secret key is configured, any exact secret value left in the recorded text is
 * replaced by its placeholder before it is stored (the engine redacts first; this is the second line).
 */
export async function saveTraversal(
  deps: SecretDeps,
  actor: Actor,
  input: SaveTraversalInput,
): Promise<TraversalDetail> {
  const scope = authorize(actor, 'write');
  const parsed = parseInput(saveTraversalInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const [testCase] = await tx
        .select({ id: testCases.id, projectId: testCases.projectId })
        .from(testCases)
        .where(and(eq(testCases.id, parsed.testCaseId), projectInScope(testCases.projectId, scope)))
        .for('no key update');
      if (!testCase) throw notFound('test case', { testCaseId: parsed.testCaseId });
      await requireBrowserConfig(tx, scope, parsed.browserConfigId);
      if (parsed.createdByRunId !== undefined) {
        const run = await tx.$count(
          testRuns,
          and(
            eq(testRuns.id, parsed.createdByRunId),
            eq(testRuns.testCaseId, testCase.id),
            eq(testRuns.browserConfigId, parsed.browserConfigId),
          ),
        );
        if (run === 0) throw notFound('run of this test case and browser config');
      }
      const [{ next } = { next: 1 }] = await tx
        .select({ next: sql<number>`coalesce(max(${testTraversals.version}), 0)::int + 1` })
        .from(testTraversals)
        .where(
          and(
            eq(testTraversals.testCaseId, testCase.id),
            eq(testTraversals.browserConfigId, parsed.browserConfigId),
          ),
        );
      const traversalId = createId();
      const [traversal] = await tx
        .insert(testTraversals)
        .values({
          id: traversalId,
          projectId: testCase.projectId,
          testCaseId: testCase.id,
          browserConfigId: parsed.browserConfigId,
          version: next,
          expectedOutcome: parsed.expectedOutcome,
          verified: parsed.verified,
          source: parsed.source,
          createdByRunId: parsed.createdByRunId ?? null,
          createdAt: now,
        })
        .returning();
      if (!traversal) throw new Error('insert returned no row');
      const states = await redactKnownSecrets(
        tx,
        deps,
        scope,
        testCase.projectId,
        parsed.brainStates,
      );
      await insertBrainStates(tx, traversalId, states);
      await linkSecrets(tx, traversalId, testCase.projectId, parsed.secrets);
      if (parsed.createdByRunId !== undefined) {
        await tx
          .update(testRuns)
          .set({ producedTraversalId: traversalId })
          .where(eq(testRuns.id, parsed.createdByRunId));
      }
      return loadTraversalDetail(tx, traversal);
    }),
  );
}

type BrainStateInput = z.output<typeof brainStateInputSchema>;

async function insertBrainStates(
  tx: RetraceDatabase,
  traversalId: string,
  states: BrainStateInput[],
): Promise<void> {
  if (states.length === 0) return;
  const stateRows = states.map((state, index) => ({
    id: createId(),
    testTraversalId: traversalId,
    idxInTraversal: index,
    valid: state.valid,
    evaluationPreviousGoal: state.evaluationPreviousGoal,
    memory: state.memory,
    nextGoal: state.nextGoal,
  }));
  await tx.insert(brainStates).values(stateRows);
  const actionRows = states.flatMap((state, stateIndex) =>
    state.actions.map((action, actionIndex) => ({
      id: createId(),
      brainStateId: stateRows[stateIndex]?.id ?? '',
      idxInBrainState: actionIndex,
      action: action.action,
      domElementData: action.domElementData,
    })),
  );
  // Bounded batches keep each statement well under the 65535-parameter limit.
  for (let i = 0; i < actionRows.length; i += 1000) {
    await tx.insert(actions).values(actionRows.slice(i, i + 1000));
  }
}

async function linkSecrets(
  tx: RetraceDatabase,
  traversalId: string,
  projectId: string,
  uses: { name: string; version: number }[],
): Promise<void> {
  if (uses.length === 0) return;
  const names = [...new Set(uses.map((u) => u.name))];
  const rows = await tx
    .select({ id: secretValues.id, name: secretValues.secretName })
    .from(secretValues)
    .where(and(eq(secretValues.projectId, projectId), inArray(secretValues.secretName, names)));
  const idByName = new Map(rows.map((r) => [r.name, r.id]));
  const missing = names.filter((name) => !idByName.has(name));
  if (missing.length > 0) throw notFound(`secret(s) ${missing.join(', ')}`, { missing });
  const seen = new Set<string>();
  const links = uses
    .filter((use) => !seen.has(use.name) && seen.add(use.name))
    .map((use) => ({
      testTraversalId: traversalId,
      secretId: idByName.get(use.name) ?? '',
      secretVersion: use.version,
    }));
  await tx.insert(testTraversalSecrets).values(links);
}

async function redactKnownSecrets(
  tx: RetraceDatabase,
  deps: SecretDeps,
  scope: OrganizationScope,
  projectId: string,
  states: BrainStateInput[],
): Promise<BrainStateInput[]> {
  const keyring = deps.secretKey;
  if (keyring === undefined || states.length === 0) return states;
  const rows = await tx
    .select()
    .from(secretValues)
    .where(
      and(eq(secretValues.projectId, projectId), projectInScope(secretValues.projectId, scope)),
    );
  if (rows.length === 0) return states;
  const values = new Map(
    rows.map((row) => [row.secretName, decryptSecretValue(keyring, row.secretValue, row)]),
  );
  return redactSecretsDeep(states, values);
}
