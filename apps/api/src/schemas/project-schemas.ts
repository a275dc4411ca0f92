// Response shapes of projects and what hangs off them directly: documents, tags, secrets, test configs.
import { z } from '@hono/zod-openapi';
import type { DocumentView, getProject, getTag, getTestConfig, SecretView } from '@retrace/domain';
import { iso, timestamp } from './common-schemas.ts';

type ProjectRow = Awaited<ReturnType<typeof getProject>>;
type TagRow = Awaited<ReturnType<typeof getTag>>;
type TestConfigRow = Awaited<ReturnType<typeof getTestConfig>>;

export const projectSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    name: z.string(),
    defaultUrlRoute: z.string().openapi({ description: 'Base URL of the application under test.' }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .strict()
  .openapi('Project');

export function toProjectJson(row: ProjectRow): z.infer<typeof projectSchema> {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    defaultUrlRoute: row.defaultUrlRoute,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export const documentSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    content: z.string().openapi({ description: 'Markdown.' }),
    testCaseId: z.string().nullable().openapi({ description: 'The test case it backs, if any.' }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .strict()
  .openapi('Document');

export function toDocumentJson(view: DocumentView): z.infer<typeof documentSchema> {
  return {
    id: view.id,
    projectId: view.projectId,
    name: view.name,
    content: view.content,
    testCaseId: view.testCaseId,
    createdAt: iso(view.createdAt),
    updatedAt: iso(view.updatedAt),
  };
}

export const tagSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    color: z.string().openapi({ example: '#1e90ff' }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .strict()
  .openapi('Tag');

export function toTagJson(row: TagRow): z.infer<typeof tagSchema> {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    color: row.color,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export const secretSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    version: z.number().int().openapi({ description: 'Goes up by one on every change.' }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .strict()
  .openapi('Secret', {
    description: 'A project secret: its value is write-only and never returned.',
  });

export function toSecretJson(view: SecretView): z.infer<typeof secretSchema> {
  return {
    id: view.id,
    projectId: view.projectId,
    name: view.secretName,
    version: view.version,
    createdAt: iso(view.createdAt),
    updatedAt: iso(view.updatedAt),
  };
}

export const testConfigSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    baseUrlOverride: z.string().nullable(),
    llmProvider: z.enum(['openai', 'anthropic', 'openai-compatible']).nullable(),
    llmModel: z.string().nullable(),
    llmBaseUrl: z.string().nullable(),
    maxSteps: z.number().int(),
    maxActionsPerStep: z.number().int(),
    repairPolicy: z.enum(['auto', 'never']),
    runTimeoutMs: z.number().int(),
    stepTimeoutMs: z.number().int(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .strict()
  .openapi('TestConfig');

export function toTestConfigJson(row: TestConfigRow): z.infer<typeof testConfigSchema> {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    baseUrlOverride: row.baseUrlOverride,
    llmProvider: row.llmProvider,
    llmModel: row.llmModel,
    llmBaseUrl: row.llmBaseUrl,
    maxSteps: row.maxSteps,
    maxActionsPerStep: row.maxActionsPerStep,
    repairPolicy: row.repairPolicy,
    runTimeoutMs: row.runTimeoutMs,
    stepTimeoutMs: row.stepTimeoutMs,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
