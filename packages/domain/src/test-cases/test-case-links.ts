// Links a test case to tags and browser configs after checking each is visible and allowed.
import { and, eq } from 'drizzle-orm';
import {
  type RetraceDatabase,
  type TestCaseRow,
  testCaseBrowserConfigs,
  testCaseTags,
} from '@retrace/db';
import type { OrganizationScope } from '../access/authorize.ts';
import { requireBrowserConfig, requireDocument, requireTag } from '../access/scoped-lookups.ts';
import { DomainError } from '../errors/domain-error.ts';

export async function linkTags(
  tx: RetraceDatabase,
  scope: OrganizationScope,
  testCase: Pick<TestCaseRow, 'id' | 'projectId'>,
  tagIds: readonly string[],
  now: Date,
): Promise<void> {
  for (const tagId of tagIds) {
    const tag = await requireTag(tx, scope, tagId);
    if (tag.projectId !== testCase.projectId) {
      throw new DomainError(
        'TAG_OTHER_PROJECT',
        'the tag belongs to another project: use a tag of the test case’s project',
        { details: { tagId } },
      );
    }
    // The insert names the test case's project: the composite foreign key refuses any other tag.
    await tx
      .insert(testCaseTags)
      .values({ testCaseId: testCase.id, tagId, projectId: testCase.projectId, createdAt: now })
      .onConflictDoNothing();
  }
}

export async function linkBrowserConfigs(
  tx: RetraceDatabase,
  scope: OrganizationScope,
  testCaseId: string,
  browserConfigIds: readonly string[],
  now: Date,
): Promise<void> {
  for (const browserConfigId of browserConfigIds) {
    await requireBrowserConfig(tx, scope, browserConfigId);
    await tx
      .insert(testCaseBrowserConfigs)
      .values({ testCaseId, browserConfigId, createdAt: now })
      .onConflictDoNothing();
  }
}

/** A document can back a test case of its own project only. */
export async function checkDocumentLink(
  tx: RetraceDatabase,
  scope: OrganizationScope,
  projectId: string,
  documentId: string,
): Promise<void> {
  const document = await requireDocument(tx, scope, documentId);
  if (document.projectId !== projectId) {
    throw new DomainError(
      'DOCUMENT_OTHER_PROJECT',
      'the document belongs to another project: link a document of the test case’s project',
      { details: { documentId } },
    );
  }
}

export function linkCondition(testCaseId: string, tagId: string) {
  return and(eq(testCaseTags.testCaseId, testCaseId), eq(testCaseTags.tagId, tagId));
}
