// Test cases with their tag and browser-config links, and the browser configs themselves.
import { sql } from 'drizzle-orm';
import { foreignKey, index, jsonb, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, updatedAtColumn } from './columns.ts';
import { organizations } from './organizations.ts';
import { documents, projects, tags } from './projects.ts';

export const testCases = pgTable(
  'test_cases',
  {
    id: idColumn(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The optional 1:1 link to a document; `Document.testCaseId` is derived from it. */
    documentId: text('document_id').references(() => documents.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    testDescription: text('test_description').notNull(),
    /** What must be verified for the run to pass. */
    expectedOutcome: text('expected_outcome').notNull(),
    extraRules: text('extra_rules').notNull().default(''),
    /** Relative to the project's base URL, or an absolute http(s) URL. */
    urlRoute: text('url_route').notNull(),
    /** Host patterns (`example.com`, `*.example.com`) the browser may reach besides the project's host. */
    allowedDomains: text('allowed_domains')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    unique('test_cases_document_unique').on(t.documentId),
    // Target of composite foreign keys that keep denormalised project ids honest.
    unique('test_cases_id_project_unique').on(t.id, t.projectId),
    index('test_cases_project_created_idx').on(t.projectId, t.createdAt, t.id),
  ],
);

export const testCaseTags = pgTable(
  'test_case_tags',
  {
    testCaseId: text('test_case_id').notNull(),
    tagId: text('tag_id').notNull(),
    /** The project of both sides: the two composite foreign keys make a cross-project link impossible. */
    projectId: text('project_id').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ name: 'test_case_tags_pk', columns: [t.testCaseId, t.tagId] }),
    foreignKey({
      name: 'test_case_tags_test_case_fk',
      columns: [t.testCaseId, t.projectId],
      foreignColumns: [testCases.id, testCases.projectId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'test_case_tags_tag_same_project_fk',
      columns: [t.tagId, t.projectId],
      foreignColumns: [tags.id, tags.projectId],
    }).onDelete('cascade'),
    index('test_case_tags_tag_idx').on(t.tagId),
  ],
);

export const browserConfigs = pgTable(
  'browser_configs',
  {
    id: idColumn(),
    /** NULL for the built-in presets, visible to every organization and read-only. */
    organizationId: text('organization_id').references(() => organizations.id, {
      onDelete: 'cascade',
    }),
    name: text('name').notNull(),
    /** Validated with the engine's browserConfigSchema before it is written. */
    browserConfig: jsonb('browser_config').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    unique('browser_configs_organization_name_unique')
      .on(t.organizationId, t.name)
      .nullsNotDistinct(),
  ],
);

export const testCaseBrowserConfigs = pgTable(
  'test_case_browser_configs',
  {
    testCaseId: text('test_case_id')
      .notNull()
      .references(() => testCases.id, { onDelete: 'cascade' }),
    browserConfigId: text('browser_config_id')
      .notNull()
      .references(() => browserConfigs.id, { onDelete: 'cascade' }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({
      name: 'test_case_browser_configs_pk',
      columns: [t.testCaseId, t.browserConfigId],
    }),
    index('test_case_browser_configs_browser_config_idx').on(t.browserConfigId),
  ],
);
