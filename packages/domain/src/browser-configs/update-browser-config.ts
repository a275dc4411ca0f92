// Renames or changes an organization's browser config; presets are read-only.
import { and, eq } from 'drizzle-orm';
import { browserConfigs } from '@retrace/db';
import { browserConfigSchema } from '@retrace/engine';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import {
  matchesExpectedUpdatedAt,
  missedUpdateError,
  nextUpdatedAt,
} from '../access/concurrency.ts';
import { requireBrowserConfig } from '../access/scoped-lookups.ts';
import { DomainError } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { expectedUpdatedAtSchema, idSchema, nameSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type BrowserConfigView, toBrowserConfigView } from './browser-config-view.ts';

export const updateBrowserConfigInputSchema = z.object({
  browserConfigId: idSchema,
  name: nameSchema.optional(),
  browserConfig: browserConfigSchema.optional(),
  expectedUpdatedAt: expectedUpdatedAtSchema,
});

export function builtinReadOnly(): DomainError {
  return new DomainError(
    'BUILTIN_READ_ONLY',
    'built-in browser configs cannot be changed or deleted: create your own config instead',
  );
}

export async function updateBrowserConfig(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof updateBrowserConfigInputSchema>,
): Promise<BrowserConfigView> {
  const scope = authorize(actor, 'write');
  const { browserConfigId, expectedUpdatedAt, ...changes } = parseInput(
    updateBrowserConfigInputSchema,
    input,
  );
  return withDomainErrors(async () => {
    const existing = await requireBrowserConfig(deps.db, scope, browserConfigId);
    if (existing.organizationId === null) throw builtinReadOnly();
    const owned = and(
      eq(browserConfigs.id, browserConfigId),
      eq(browserConfigs.organizationId, scope.organizationId),
    );
    const [row] = await deps.db
      .update(browserConfigs)
      .set({ ...changes, updatedAt: nextUpdatedAt(browserConfigs.updatedAt, currentTime(deps)) })
      .where(and(owned, matchesExpectedUpdatedAt(browserConfigs.updatedAt, expectedUpdatedAt)))
      .returning();
    if (row) return toBrowserConfigView(row);
    throw await missedUpdateError(
      'browser config',
      async () => (await deps.db.$count(browserConfigs, owned)) > 0,
      expectedUpdatedAt,
    );
  });
}
