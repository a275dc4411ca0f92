// Captures the SQL each domain operation sends, then prints its EXPLAIN ANALYZE plan and flags seq scans.
import type { Database } from '@retrace/db';

export interface CapturedQuery {
  text: string;
  params: unknown[];
}

type QueryFn = (...args: unknown[]) => Promise<unknown>;

/** Runs each operation once while recording the queries it issues (bench only: patches the client). */
export async function captureQueries(
  database: Database,
  operations: Record<string, (i: number) => Promise<unknown>>,
): Promise<Map<string, CapturedQuery[]>> {
  // The raw client of either driver; both expose query(text | { text }, params, ...).
  const client = (database.kind === 'pglite' ? database.pglite : database.pool) as unknown as {
    query: QueryFn;
  };
  const original = client.query.bind(client);
  let current: CapturedQuery[] = [];
  client.query = (...args: unknown[]) => {
    const [first, params] = args;
    const text = typeof first === 'string' ? first : (first as { text: string }).text;
    current.push({ text, params: Array.isArray(params) ? params : [] });
    return original(...args);
  };
  const captured = new Map<string, CapturedQuery[]>();
  try {
    for (const [name, operation] of Object.entries(operations)) {
      current = [];
      await operation(1);
      captured.set(name, current);
    }
  } finally {
    client.query = original;
  }
  return captured;
}

/** Sends an operation's captured SQL straight to the driver: the database's share of its latency. */
export async function runCapturedSql(database: Database, queries: CapturedQuery[]): Promise<void> {
  for (const query of queries) {
    if (database.kind === 'pglite') await database.pglite.query(query.text, query.params);
    else await database.pool.query(query.text, query.params);
  }
}

async function explain(database: Database, query: CapturedQuery): Promise<string[]> {
  const text = `explain (analyze, costs off, timing off, summary off) ${query.text}`;
  if (database.kind === 'pglite') {
    const result = await database.pglite.query<{ 'QUERY PLAN': string }>(text, query.params);
    return result.rows.map((row) => row['QUERY PLAN']);
  }
  const result = await database.pool.query<{ 'QUERY PLAN': string }>(text, query.params);
  return result.rows.map((row) => row['QUERY PLAN']);
}

const BIG_TABLES = ['test_runs', 'history_elements', 'costs'];

export async function explainPlans(
  database: Database,
  captured: Map<string, CapturedQuery[]>,
  log: (line: string) => void,
): Promise<void> {
  log('  plans (EXPLAIN ANALYZE of the exact SQL the domain sent):');
  for (const [name, queries] of captured) {
    for (const [index, query] of queries.entries()) {
      const plan = await explain(database, query);
      const seqScans = plan.filter((line) =>
        BIG_TABLES.some((t) => line.includes(`Seq Scan on ${t}`)),
      );
      log(
        `   ${name} — query ${index + 1}/${queries.length}${seqScans.length > 0 ? '  ** SEQ SCAN ON A BIG TABLE **' : ''}`,
      );
      for (const line of plan) log(`      ${line}`);
    }
  }
}
