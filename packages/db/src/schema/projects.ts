// Project-level tables: projects, documents, tags, encrypted secret values and named test configs.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, updatedAtColumn } from './columns.ts';
import { llmProvider, repairPolicy } from './enums.ts';
import { organizations } from './organizations.ts';

export const projects = pgTable(
  'projects',
  {
    id: idColumn(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Base URL of the application under test; test cases' url_route is relative to it. */
    defaultUrlRoute: text('default_url_route').notNull(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    unique('projects_organization_name_unique').on(t.organizationId, t.name),
    index('projects_organization_created_idx').on(t.organizationId, t.createdAt, t.id),
  ],
);

export const documents = pgTable(
  'documents',
  {
    id: idColumn(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Markdown. */
    content: text('content').notNull(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [index('documents_project_created_idx').on(t.projectId, t.createdAt, t.id)],
);

export const tags = pgTable(
  'tags',
  {
    id: idColumn(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** `#rrggbb`, lower case. */
    color: text('color').notNull(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    unique('tags_project_name_unique').on(t.projectId, t.name),
    // Target of test_case_tags' composite foreign key: a link can only join a tag of the same project.
    unique('tags_id_project_unique').on(t.id, t.projectId),
    check('tags_color_format', sql`${t.color} ~ '^#[0-9a-f]{6}$'`),
  ],
);

export const secretValues = pgTable(
  'secret_values',
  {
    id: idColumn(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    secretName: text('secret_name').notNull(),
    /** AES-256-GCM ciphertext with key id, IV and tag (`v1:<keyId>:<iv>:<tag>:<data>`); never plaintext. */
    secretValue: text('secret_value').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    unique('secret_values_project_name_unique').on(t.projectId, t.secretName),
    check('secret_values_version_positive', sql`${t.version} >= 1`),
    check('secret_values_name_format', sql`${t.secretName} ~ '^[A-Za-z0-9_.-]{1,128}$'`),
  ],
);

export const testConfigs = pgTable(
  'test_configs',
  {
    id: idColumn(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Replaces the project's base URL (e.g. a staging environment). */
    baseUrlOverride: text('base_url_override'),
    llmProvider: llmProvider('llm_provider'),
    llmModel: text('llm_model'),
    llmBaseUrl: text('llm_base_url'),
    maxSteps: integer('max_steps').notNull().default(40),
    maxActionsPerStep: integer('max_actions_per_step').notNull().default(5),
    repairPolicy: repairPolicy('repair_policy').notNull().default('auto'),
    runTimeoutMs: integer('run_timeout_ms').notNull().default(600_000),
    stepTimeoutMs: integer('step_timeout_ms').notNull().default(60_000),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    unique('test_configs_project_name_unique').on(t.projectId, t.name),
    check(
      'test_configs_limits_positive',
      sql`${t.maxSteps} >= 1 and ${t.maxActionsPerStep} >= 1 and ${t.runTimeoutMs} >= 1000 and ${t.stepTimeoutMs} >= 100`,
    ),
  ],
);
