// Renames an organization or changes its logo (admins), guarded by the updated_at the caller saw.
import { and, eq } from 'drizzle-orm';
import { type OrganizationRow, organizations } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import {
  matchesExpectedUpdatedAt,
  missedUpdateError,
  nextUpdatedAt,
} from '../access/concurrency.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { expectedUpdatedAtSchema, nameSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const updateOrganizationInputSchema = z.object({
  name: nameSchema.optional(),
  logo: z.string().trim().max(2048).nullable().optional(),
  expectedUpdatedAt: expectedUpdatedAtSchema,
});

export async function updateOrganization(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof updateOrganizationInputSchema>,
): Promise<OrganizationRow> {
  const scope = authorize(actor, 'admin');
  const { expectedUpdatedAt, ...changes } = parseInput(updateOrganizationInputSchema, input);
  return withDomainErrors(async () => {
    const byId = eq(organizations.id, scope.organizationId);
    const [row] = await deps.db
      .update(organizations)
      .set({ ...changes, updatedAt: nextUpdatedAt(organizations.updatedAt, currentTime(deps)) })
      .where(and(byId, matchesExpectedUpdatedAt(organizations.updatedAt, expectedUpdatedAt)))
      .returning();
    if (row) return row;
    throw await missedUpdateError(
      'organization',
      async () => (await deps.db.$count(organizations, byId)) > 0,
      expectedUpdatedAt,
    );
  });
}
