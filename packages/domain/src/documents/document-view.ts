// The document as operations return it, with the derived `testCaseId` of its optional 1:1 test case.
import { eq, getTableColumns } from 'drizzle-orm';
import { type DocumentRow, documents, type RetraceDatabase, testCases } from '@retrace/db';

export type DocumentView = DocumentRow & { testCaseId: string | null };

/** A select of documents with the linked test case id (one FK, on test_cases.document_id). */
export function selectDocumentViews(db: RetraceDatabase) {
  return db
    .select({ ...getTableColumns(documents), testCaseId: testCases.id })
    .from(documents)
    .leftJoin(testCases, eq(testCases.documentId, documents.id));
}
