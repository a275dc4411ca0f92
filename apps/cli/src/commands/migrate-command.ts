// `retrace migrate`: applies the database migrations (and the queue's schema) and prints the version reached.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MIGRATIONS_FOLDER } from '@retrace/db';
import type { CommandContext } from '../command-context.ts';
import { buildStackConfig } from '../config/command-configs.ts';
import { openStack } from '../runtime/open-stack.ts';

interface Journal {
  entries: { idx: number; tag: string }[];
}

export async function latestMigration(): Promise<{ count: number; tag: string }> {
  const journal = JSON.parse(
    await readFile(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  const last = journal.entries[journal.entries.length - 1];
  return { count: journal.entries.length, tag: last?.tag ?? 'none' };
}

export async function runMigrateCommand(ctx: CommandContext): Promise<number> {
  const config = buildStackConfig(ctx.resolved, ctx.io.cwd);
  // Opening the database applies what is missing (under an advisory lock on a server); the queue creates its schema.
  const stack = await openStack(config, { command: 'migrate', signal: ctx.io.signal });
  try {
    const applied = await stack.database.db.execute(
      'select count(*)::int as count from drizzle.__drizzle_migrations',
    );
    const rows = (applied as unknown as { rows: { count: number }[] }).rows;
    const { count, tag } = await latestMigration();
    ctx.say(
      `database is at migration ${tag} (${rows[0]?.count ?? count} of ${count} applied) — ${config.database.kind === 'pglite' ? `embedded, in ${config.database.dataDir}` : 'PostgreSQL server'}`,
    );
    ctx.say(`run queue schema "${stack.queue.schema}" is up to date`);
    return 0;
  } finally {
    await stack.close();
  }
}
