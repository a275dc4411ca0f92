// Local (single-user) mode: makes sure the local admin user and an organization it administers exist.
import { and, asc, eq, sql } from 'drizzle-orm';
import { members, type OrganizationRow, organizations, type UserRow, users } from '@retrace/db';
import { createId } from '@paralleldrive/cuid2';
import { z } from 'zod';
import type { DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { nameSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const LOCAL_ADMIN_USER_ID = 'local-admin';

export const ensureLocalAdminInputSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()).default('admin@localhost.localdomain'),
  organizationName: nameSchema.default('Local'),
});

export interface LocalAdmin {
  user: UserRow;
  organization: OrganizationRow;
  /** True when this call created the organization (first start). */
  created: boolean;
}

/** Idempotent and safe to run from concurrent starts (serialised by a transaction-level advisory lock). */
export async function ensureLocalAdmin(
  deps: DbDeps,
  input: z.input<typeof ensureLocalAdminInputSchema> = {},
): Promise<LocalAdmin> {
  const { email, organizationName } = parseInput(ensureLocalAdminInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('retrace:ensure-local-admin'))`);
      const [user] = await tx
        .insert(users)
        .values({ id: LOCAL_ADMIN_USER_ID, email, createdAt: now })
        .onConflictDoUpdate({ target: users.id, set: { email } })
        .returning();
      if (!user) throw new Error('upsert returned no row');
      const [existing] = await tx
        .select({ organization: organizations })
        .from(members)
        .innerJoin(organizations, eq(organizations.id, members.organizationId))
        .where(and(eq(members.userId, user.id), eq(members.role, 'admin')))
        .orderBy(asc(organizations.createdAt), asc(organizations.id))
        .limit(1);
      if (existing) return { user, organization: existing.organization, created: false };
      const [organization] = await tx
        .insert(organizations)
        .values({ id: createId(), name: organizationName, createdAt: now, updatedAt: now })
        .returning();
      if (!organization) throw new Error('insert returned no row');
      await tx.insert(members).values({
        organizationId: organization.id,
        userId: user.id,
        role: 'admin',
        createdAt: now,
      });
      return { user, organization, created: true };
    }),
  );
}
