// Deletions cascade in SQL; this collects the artifact keys (screenshots, GIFs) they orphan and frees them.
import { sql, type SQL } from 'drizzle-orm';
import { historyElements, queryRows, type RetraceDatabase, testRuns } from '@retrace/db';
import type { ArtifactDeleter, DeletionDeps } from '../deps.ts';

export interface ReleasedArtifacts {
  /** Keys no row refers to any more. */
  artifactKeys: string[];
  /** Keys the artifact store failed to delete (still to be cleaned up). */
  artifactsNotDeleted: string[];
}

/** Screenshot and GIF keys of the runs matching `runCondition` (a condition on test_runs). */
export async function collectRunArtifactKeys(
  db: RetraceDatabase,
  runCondition: SQL,
): Promise<string[]> {
  const rows = await queryRows<{ key: string }>(
    db,
    sql`
    select ${historyElements.screenshot} as key
      from ${historyElements} join ${testRuns} on ${testRuns.id} = ${historyElements.testRunId}
     where ${runCondition} and ${historyElements.screenshot} is not null
    union
    select ${testRuns.runGif} as key from ${testRuns}
     where ${runCondition} and ${testRuns.runGif} is not null`,
  );
  return rows.map((row) => row.key);
}

/** After the rows are gone: drops keys still referenced elsewhere, then deletes the rest from storage. */
export async function releaseArtifacts(
  deps: DeletionDeps,
  candidateKeys: readonly string[],
): Promise<ReleasedArtifacts> {
  if (candidateKeys.length === 0) return { artifactKeys: [], artifactsNotDeleted: [] };
  const stillUsed = new Set<string>();
  // Keys are not indexed: each chunk is one pass over the tables, matched against a hashed array.
  for (let i = 0; i < candidateKeys.length; i += CHECK_CHUNK) {
    const keys = textArray(candidateKeys.slice(i, i + CHECK_CHUNK));
    const rows = await queryRows<{ key: string }>(
      deps.db,
      sql`select ${historyElements.screenshot} as key from ${historyElements} where ${historyElements.screenshot} = any(${keys})
        union select ${testRuns.runGif} as key from ${testRuns} where ${testRuns.runGif} = any(${keys})`,
    );
    for (const row of rows) stillUsed.add(row.key);
  }
  const artifactKeys = [...new Set(candidateKeys)].filter((key) => !stillUsed.has(key));
  const artifactsNotDeleted = deps.artifacts
    ? await deleteFromStore(deps.artifacts, artifactKeys)
    : [];
  return { artifactKeys, artifactsNotDeleted };
}

const CHECK_CHUNK = 50_000;
const BATCH = 1000;
const PARALLEL_DELETES = 16;

/** Deletes in batches (or a few keys at a time); returns the keys that could not be deleted. */
async function deleteFromStore(store: ArtifactDeleter, keys: string[]): Promise<string[]> {
  const failed: string[] = [];
  const { deleteMany } = store;
  if (deleteMany) {
    for (let i = 0; i < keys.length; i += BATCH) {
      const batch = keys.slice(i, i + BATCH);
      await deleteMany.call(store, batch).catch(() => failed.push(...batch));
    }
    return failed;
  }
  for (let i = 0; i < keys.length; i += PARALLEL_DELETES) {
    const batch = keys.slice(i, i + PARALLEL_DELETES);
    const results = await Promise.allSettled(batch.map((key) => store.delete(key)));
    results.forEach((result, index) => {
      const key = batch[index];
      if (result.status === 'rejected' && key !== undefined) failed.push(key);
    });
  }
  return failed;
}

/** One text[] parameter (not one parameter per key), quoted for Postgres' array syntax. */
function textArray(values: readonly string[]): SQL {
  const literal = values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',');
  return sql`${`{${literal}}`}::text[]`;
}
