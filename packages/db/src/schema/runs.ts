// Executions: test runs with their guarded state, the history of executed actions, and their LLM cost.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  unique,
} from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn } from './columns.ts';
import {
  failureKind,
  historyElementState,
  locateMethod,
  runMode,
  runState,
  runType,
} from './enums.ts';
import { projects, testConfigs } from './projects.ts';
import { browserConfigs, testCases } from './test-cases.ts';
import { actions, testTraversals } from './traversals.ts';

export const testRuns = pgTable(
  'test_runs',
  {
    id: idColumn(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    testCaseId: text('test_case_id').notNull(),
    browserConfigId: text('browser_config_id')
      .notNull()
      .references(() => browserConfigs.id, { onDelete: 'cascade' }),
    /** The traversal replayed, or the one an agentic run recorded; null while queued. */
    testTraversalId: text('test_traversal_id'),
    /** The version N+1 a repair or an agentic run saved. */
    producedTraversalId: text('produced_traversal_id'),
    testConfigId: text('test_config_id').references(() => testConfigs.id, { onDelete: 'set null' }),
    modeRequested: runMode('mode_requested').notNull(),
    /** Null until the worker decides between replay and the agent. */
    runType: runType('run_type'),
    state: runState('state').notNull().default('QUEUED'),
    failureKind: failureKind('failure_kind'),
    failureMessage: text('failure_message'),
    repairWasNeeded: boolean('repair_was_needed').notNull().default(false),
    createdAt: createdAtColumn(),
    startedAt: timestampColumn('started_at'),
    finishedAt: timestampColumn('finished_at'),
    /** Artifact key of the run GIF. */
    runGif: text('run_gif'),
    /** Groups runs triggered together (one API call, one CI invocation). */
    batchId: text('batch_id').notNull(),
    attempt: integer('attempt').notNull().default(1),
    retryOfRunId: text('retry_of_run_id').references((): AnyPgColumn => testRuns.id, {
      onDelete: 'set null',
    }),
    cancelRequestedAt: timestampColumn('cancel_requested_at'),
    workerId: text('worker_id'),
    heartbeatAt: timestampColumn('heartbeat_at'),
  },
  (t) => [
    unique('test_runs_id_project_unique').on(t.id, t.projectId),
    foreignKey({
      name: 'test_runs_test_case_fk',
      columns: [t.testCaseId, t.projectId],
      foreignColumns: [testCases.id, testCases.projectId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'test_runs_traversal_same_case_fk',
      columns: [t.testTraversalId, t.testCaseId, t.browserConfigId],
      foreignColumns: [
        testTraversals.id,
        testTraversals.testCaseId,
        testTraversals.browserConfigId,
      ],
    }),
    foreignKey({
      name: 'test_runs_produced_traversal_same_case_fk',
      columns: [t.producedTraversalId, t.testCaseId, t.browserConfigId],
      foreignColumns: [
        testTraversals.id,
        testTraversals.testCaseId,
        testTraversals.browserConfigId,
      ],
    }),
    index('test_runs_project_created_idx').on(t.projectId, t.createdAt, t.id),
    // Ascending keys: a backward scan serves newest-first, a forward one oldest-first.
    index('test_runs_project_state_created_idx').on(t.projectId, t.state, t.createdAt, t.id),
    index('test_runs_test_case_created_idx').on(t.testCaseId, t.createdAt, t.id),
    index('test_runs_batch_idx').on(t.batchId),
    index('test_runs_browser_config_idx').on(t.browserConfigId),
    index('test_runs_traversal_idx').on(t.testTraversalId),
    index('test_runs_produced_traversal_idx').on(t.producedTraversalId),
    index('test_runs_retry_of_idx').on(t.retryOfRunId),
    index('test_runs_test_config_idx').on(t.testConfigId),
    // Recovery scans only the runs still running.
    index('test_runs_running_heartbeat_idx')
      .on(t.heartbeatAt)
      .where(sql`${t.state} = 'RUNNING'`),
    check('test_runs_attempt_positive', sql`${t.attempt} >= 1`),
    check(
      'test_runs_failure_matches_state',
      sql`(${t.state} = 'FAILED') = (${t.failureKind} is not null)`,
    ),
    check(
      'test_runs_finished_matches_state',
      sql`(${t.state} in ('PASSED', 'FAILED')) = (${t.finishedAt} is not null)`,
    ),
    check(
      'test_runs_started_when_running',
      sql`${t.state} <> 'RUNNING' or ${t.startedAt} is not null`,
    ),
    check('test_runs_passed_has_type', sql`${t.state} <> 'PASSED' or ${t.runType} is not null`),
  ],
);

export const historyElements = pgTable(
  'history_elements',
  {
    id: idColumn(),
    testRunId: text('test_run_id')
      .notNull()
      .references(() => testRuns.id, { onDelete: 'cascade' }),
    actionId: text('action_id')
      .notNull()
      .references(() => actions.id, { onDelete: 'cascade' }),
    /** Order within the run. */
    idx: integer('idx').notNull(),
    actionStartedAt: timestampColumn('action_started_at').notNull(),
    actionFinishedAt: timestampColumn('action_finished_at'),
    historyElementState: historyElementState('history_element_state').notNull(),
    /** Artifact key of the screenshot. */
    screenshot: text('screenshot'),
    locateMethod: locateMethod('locate_method').notNull(),
    /** Similarity score when the element was healed (0..1). */
    healScore: real('heal_score'),
    error: text('error'),
    /** Box of the acted element, in CSS pixels. */
    elementBox: jsonb('element_box').$type<{
      x: number;
      y: number;
      width: number;
      height: number;
    }>(),
    /** The step's goal, shown as the GIF caption. */
    caption: text('caption'),
  },
  (t) => [
    unique('history_elements_run_idx_unique').on(t.testRunId, t.idx),
    index('history_elements_action_idx').on(t.actionId),
    check('history_elements_idx_non_negative', sql`${t.idx} >= 0`),
    check(
      'history_elements_heal_score_range',
      sql`${t.healScore} is null or (${t.healScore} >= 0 and ${t.healScore} <= 1)`,
    ),
  ],
);

export const costs = pgTable(
  'costs',
  {
    id: idColumn(),
    testRunId: text('test_run_id').notNull(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    modelType: text('model_type').notNull(),
    /** The spec's price per token: the input price. */
    costPerToken: doublePrecision('cost_per_token').notNull(),
    inputPricePerToken: doublePrecision('input_price_per_token').notNull(),
    outputPricePerToken: doublePrecision('output_price_per_token').notNull(),
    inputTokenNum: integer('input_token_num').notNull(),
    completionTokenNum: integer('completion_token_num').notNull(),
    costInDollars: doublePrecision('cost_in_dollars').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    unique('costs_test_run_unique').on(t.testRunId),
    foreignKey({
      name: 'costs_test_run_fk',
      columns: [t.testRunId, t.projectId],
      foreignColumns: [testRuns.id, testRuns.projectId],
    }).onDelete('cascade'),
    index('costs_project_created_idx').on(t.projectId, t.createdAt),
    check(
      'costs_non_negative',
      sql`${t.inputTokenNum} >= 0 and ${t.completionTokenNum} >= 0 and ${t.costInDollars} >= 0 and ${t.inputPricePerToken} >= 0 and ${t.outputPricePerToken} >= 0`,
    ),
  ],
);
