// The built-in presets' stable ids, and a start-up upsert that keeps their rows equal to the engine's list.
import { sql } from 'drizzle-orm';
import { browserConfigs } from '@retrace/db';
import { BUILTIN_BROWSER_CONFIGS, browserConfigSchema } from '@retrace/engine';
import type { DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { type BrowserConfigView, toBrowserConfigView } from './browser-config-view.ts';

export type BuiltinBrowserConfigKey = (typeof BUILTIN_BROWSER_CONFIGS)[number]['key'];

/** `builtin-<key>`: the same id in every database (the presets migration inserts them). */
export function builtinBrowserConfigId(key: BuiltinBrowserConfigKey): string {
  return `builtin-${key}`;
}

/** The browser config a new test case runs on when none is given. */
export const DEFAULT_BROWSER_CONFIG_ID = builtinBrowserConfigId('desktop-chromium');

/** Idempotent; run at start-up so a preset changed in the engine reaches existing databases. */
export async function ensureBuiltinBrowserConfigs(deps: DbDeps): Promise<BrowserConfigView[]> {
  const now = currentTime(deps);
  return withDomainErrors(async () => {
    const rows = await deps.db
      .insert(browserConfigs)
      .values(
        BUILTIN_BROWSER_CONFIGS.map((preset) => ({
          id: builtinBrowserConfigId(preset.key),
          organizationId: null,
          name: preset.name,
          browserConfig: browserConfigSchema.parse(preset.config),
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: browserConfigs.id,
        set: { name: sql`excluded.name`, browserConfig: sql`excluded.browser_config` },
        // Leaves rows (and their updated_at) alone when nothing changed.
        setWhere: sql`(${browserConfigs.name}, ${browserConfigs.browserConfig}) is distinct from (excluded.name, excluded.browser_config)`,
      })
      .returning();
    return rows.map(toBrowserConfigView);
  });
}
