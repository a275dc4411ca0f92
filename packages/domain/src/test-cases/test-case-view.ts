// The test case as operations return it: the row plus the ids of its tags and browser configs.
import { getTableColumns, sql } from 'drizzle-orm';
import {
  type RetraceDatabase,
  type TestCaseRow,
  testCaseBrowserConfigs,
  testCases,
  testCaseTags,
} from '@retrace/db';

export type TestCaseView = TestCaseRow & { tagIds: string[]; browserConfigIds: string[] };

const tagIds = sql<
  string[]
>`coalesce((select array_agg(${testCaseTags.tagId} order by ${testCaseTags.tagId}) from ${testCaseTags} where ${testCaseTags.testCaseId} = ${testCases.id}), '{}'::text[])`;
const browserConfigIds = sql<
  string[]
>`coalesce((select array_agg(${testCaseBrowserConfigs.browserConfigId} order by ${testCaseBrowserConfigs.browserConfigId}) from ${testCaseBrowserConfigs} where ${testCaseBrowserConfigs.testCaseId} = ${testCases.id}), '{}'::text[])`;

/** A select of test cases with their link ids, in one query. */
export function selectTestCaseViews(db: RetraceDatabase) {
  return db.select({ ...getTableColumns(testCases), tagIds, browserConfigIds }).from(testCases);
}
