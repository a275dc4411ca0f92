// The one Drizzle database type shared by both drivers (PGlite and node-postgres), and row types.
import type { ExtractTablesWithRelations, InferInsertModel, InferSelectModel } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema/schema.ts';

export type RetraceSchema = typeof schema;

/** A Drizzle database over either driver; transactions are assignable to it too. */
export type RetraceDatabase = PgDatabase<PgQueryResultHKT, RetraceSchema>;

export type RetraceTransaction = PgTransaction<
  PgQueryResultHKT,
  RetraceSchema,
  ExtractTablesWithRelations<RetraceSchema>
>;

export type UserRow = InferSelectModel<typeof schema.users>;
export type OrganizationRow = InferSelectModel<typeof schema.organizations>;
export type MemberRow = InferSelectModel<typeof schema.members>;
export type InvitationRow = InferSelectModel<typeof schema.invitations>;
export type ApiKeyRow = InferSelectModel<typeof schema.apiKeys>;
export type ProjectRow = InferSelectModel<typeof schema.projects>;
export type DocumentRow = InferSelectModel<typeof schema.documents>;
export type TestCaseRow = InferSelectModel<typeof schema.testCases>;
export type TagRow = InferSelectModel<typeof schema.tags>;
export type SecretValueRow = InferSelectModel<typeof schema.secretValues>;
export type BrowserConfigRow = InferSelectModel<typeof schema.browserConfigs>;
export type TestConfigRow = InferSelectModel<typeof schema.testConfigs>;
export type TestTraversalRow = InferSelectModel<typeof schema.testTraversals>;
export type BrainStateRow = InferSelectModel<typeof schema.brainStates>;
export type ActionRow = InferSelectModel<typeof schema.actions>;
export type TestRunRow = InferSelectModel<typeof schema.testRuns>;
export type HistoryElementRow = InferSelectModel<typeof schema.historyElements>;
export type CostRow = InferSelectModel<typeof schema.costs>;

export type NewTestRunRow = InferInsertModel<typeof schema.testRuns>;
export type NewHistoryElementRow = InferInsertModel<typeof schema.historyElements>;
