// Recorded paths: versioned test traversals, the secrets they use, their brain states and actions.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
} from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn } from './columns.ts';
import { traversalSource } from './enums.ts';
import { secretValues } from './projects.ts';
import { testRuns } from './runs.ts';
import { browserConfigs, testCases } from './test-cases.ts';

export const testTraversals = pgTable(
  'test_traversals',
  {
    id: idColumn(),
    /** Denormalised from the test case (checked by a composite foreign key) for tenant scoping. */
    projectId: text('project_id').notNull(),
    testCaseId: text('test_case_id').notNull(),
    browserConfigId: text('browser_config_id')
      .notNull()
      .references(() => browserConfigs.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    expectedOutcome: text('expected_outcome').notNull(),
    /** True when the run that produced it reached a verified outcome; replay uses the latest verified one. */
    verified: boolean('verified').notNull().default(false),
    source: traversalSource('source').notNull(),
    createdByRunId: text('created_by_run_id').references((): AnyPgColumn => testRuns.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    unique('test_traversals_version_unique').on(t.testCaseId, t.browserConfigId, t.version),
    // Target of test_runs' composite foreign keys: a run's traversal is one of its own test case and config.
    unique('test_traversals_id_case_config_unique').on(t.id, t.testCaseId, t.browserConfigId),
    foreignKey({
      name: 'test_traversals_test_case_fk',
      columns: [t.testCaseId, t.projectId],
      foreignColumns: [testCases.id, testCases.projectId],
    }).onDelete('cascade'),
    index('test_traversals_browser_config_idx').on(t.browserConfigId),
    index('test_traversals_created_by_run_idx').on(t.createdByRunId),
    check('test_traversals_version_positive', sql`${t.version} >= 1`),
  ],
);

export const testTraversalSecrets = pgTable(
  'test_traversal_secrets',
  {
    testTraversalId: text('test_traversal_id')
      .notNull()
      .references(() => testTraversals.id, { onDelete: 'cascade' }),
    secretId: text('secret_id')
      .notNull()
      .references(() => secretValues.id, { onDelete: 'cascade' }),
    /** The secret's version when the traversal was recorded. */
    secretVersion: integer('secret_version').notNull(),
  },
  (t) => [
    primaryKey({ name: 'test_traversal_secrets_pk', columns: [t.testTraversalId, t.secretId] }),
    index('test_traversal_secrets_secret_idx').on(t.secretId),
    check('test_traversal_secrets_version_positive', sql`${t.secretVersion} >= 1`),
  ],
);

export const brainStates = pgTable(
  'brain_states',
  {
    id: idColumn(),
    testTraversalId: text('test_traversal_id')
      .notNull()
      .references(() => testTraversals.id, { onDelete: 'cascade' }),
    idxInTraversal: integer('idx_in_traversal').notNull(),
    /** False for steps that failed or were superseded: replay skips them. */
    valid: boolean('valid').notNull().default(true),
    evaluationPreviousGoal: text('evaluation_previous_goal').notNull().default(''),
    memory: text('memory').notNull().default(''),
    nextGoal: text('next_goal').notNull().default(''),
  },
  (t) => [
    unique('brain_states_traversal_idx_unique').on(t.testTraversalId, t.idxInTraversal),
    check('brain_states_idx_non_negative', sql`${t.idxInTraversal} >= 0`),
  ],
);

export const actions = pgTable(
  'actions',
  {
    id: idColumn(),
    brainStateId: text('brain_state_id')
      .notNull()
      .references(() => brainStates.id, { onDelete: 'cascade' }),
    idxInBrainState: integer('idx_in_brain_state').notNull(),
    /** The engine's typed action; secrets appear only as `<secret>name</secret>` placeholders. */
    action: jsonb('action').$type<Record<string, unknown>>().notNull(),
    /** The element fingerprint (engine's elementFingerprintSchema), null for actions without an element. */
    domElementData: jsonb('dom_element_data').$type<Record<string, unknown>>(),
  },
  (t) => [
    unique('actions_brain_state_idx_unique').on(t.brainStateId, t.idxInBrainState),
    check('actions_idx_non_negative', sql`${t.idxInBrainState} >= 0`),
  ],
);
