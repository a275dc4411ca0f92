// Reads one row by id inside the actor's organization; a row of another organization is NOT_FOUND.
import { and, eq, isNull, or } from 'drizzle-orm';
import {
  type BrowserConfigRow,
  browserConfigs,
  type DocumentRow,
  documents,
  type ProjectRow,
  projects,
  type RetraceDatabase,
  type TagRow,
  tags,
  type TestCaseRow,
  testCases,
  type TestRunRow,
  testRuns,
} from '@retrace/db';
import { notFound } from '../errors/domain-error.ts';
import { type OrganizationScope, projectInScope } from './authorize.ts';

export async function requireProject(
  db: RetraceDatabase,
  scope: OrganizationScope,
  projectId: string,
): Promise<ProjectRow> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.id, projectId), eq(projects.organizationId, scope.organizationId)));
  if (!row) throw notFound('project', { projectId });
  return row;
}

export async function requireTestCase(
  db: RetraceDatabase,
  scope: OrganizationScope,
  testCaseId: string,
): Promise<TestCaseRow> {
  const [row] = await db
    .select()
    .from(testCases)
    .where(and(eq(testCases.id, testCaseId), projectInScope(testCases.projectId, scope)));
  if (!row) throw notFound('test case', { testCaseId });
  return row;
}

export async function requireTag(
  db: RetraceDatabase,
  scope: OrganizationScope,
  tagId: string,
): Promise<TagRow> {
  const [row] = await db
    .select()
    .from(tags)
    .where(and(eq(tags.id, tagId), projectInScope(tags.projectId, scope)));
  if (!row) throw notFound('tag', { tagId });
  return row;
}

export async function requireDocument(
  db: RetraceDatabase,
  scope: OrganizationScope,
  documentId: string,
): Promise<DocumentRow> {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.id, documentId), projectInScope(documents.projectId, scope)));
  if (!row) throw notFound('document', { documentId });
  return row;
}

/** Condition: a built-in preset or one of the scope's organization. */
export function browserConfigVisible(scope: OrganizationScope) {
  return or(
    isNull(browserConfigs.organizationId),
    eq(browserConfigs.organizationId, scope.organizationId),
  );
}

export async function requireBrowserConfig(
  db: RetraceDatabase,
  scope: OrganizationScope,
  browserConfigId: string,
): Promise<BrowserConfigRow> {
  const [row] = await db
    .select()
    .from(browserConfigs)
    .where(and(eq(browserConfigs.id, browserConfigId), browserConfigVisible(scope)));
  if (!row) throw notFound('browser config', { browserConfigId });
  return row;
}

export async function requireRun(
  db: RetraceDatabase,
  scope: OrganizationScope,
  runId: string,
): Promise<TestRunRow> {
  const [row] = await db
    .select()
    .from(testRuns)
    .where(and(eq(testRuns.id, runId), projectInScope(testRuns.projectId, scope)));
  if (!row) throw notFound('run', { runId });
  return row;
}
