// The run as operations return it: the row plus `costId` (the optional 1:1 cost, whose FK is on costs).
import { eq, getTableColumns } from 'drizzle-orm';
import { costs, type RetraceDatabase, type TestRunRow, testRuns } from '@retrace/db';

export type RunView = TestRunRow & { costId: string | null };

export function selectRunViews(db: RetraceDatabase) {
  return db
    .select({ ...getTableColumns(testRuns), costId: costs.id })
    .from(testRuns)
    .leftJoin(costs, eq(costs.testRunId, testRuns.id));
}
