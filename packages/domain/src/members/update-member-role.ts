// Changes a member's role (admins only); the last admin cannot be demoted.
import { and, eq } from 'drizzle-orm';
import { members, users } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema, memberRoleSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { assertAnotherAdminRemains } from './admin-guard.ts';
import type { MemberView } from './member-view.ts';

export const updateMemberRoleInputSchema = z.object({ memberId: idSchema, role: memberRoleSchema });

export async function updateMemberRole(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof updateMemberRoleInputSchema>,
): Promise<MemberView> {
  const scope = authorize(actor, 'admin');
  const { memberId, role } = parseInput(updateMemberRoleInputSchema, input);
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const inOrganization = and(
        eq(members.id, memberId),
        eq(members.organizationId, scope.organizationId),
      );
      const [current] = await tx.select().from(members).where(inOrganization);
      if (!current) throw notFound('member', { memberId });
      if (current.role === 'admin' && role !== 'admin') {
        await assertAnotherAdminRemains(tx, scope.organizationId, memberId);
      }
      const [updated] = await tx.update(members).set({ role }).where(inOrganization).returning();
      const [user] = await tx.select().from(users).where(eq(users.id, current.userId));
      if (!updated || !user) throw notFound('member', { memberId });
      return { ...updated, email: user.email };
    }),
  );
}
