// Removes a member (admins), or lets a user leave; the last admin can neither be removed nor leave.
import { and, eq } from 'drizzle-orm';
import { members } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize, roleAllows } from '../access/authorize.ts';
import { DomainError, notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { assertAnotherAdminRemains } from './admin-guard.ts';

export const removeMemberInputSchema = z.object({ memberId: idSchema });

export async function removeMember(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof removeMemberInputSchema>,
): Promise<void> {
  const scope = authorize(actor, 'read');
  const { memberId } = parseInput(removeMemberInputSchema, input);
  await withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const inOrganization = and(
        eq(members.id, memberId),
        eq(members.organizationId, scope.organizationId),
      );
      const [current] = await tx.select().from(members).where(inOrganization);
      if (!current) throw notFound('member', { memberId });
      const leaving = actor.kind === 'user' && actor.userId === current.userId;
      if (!leaving && !roleAllows(actor.role, 'admin')) {
        throw new DomainError('FORBIDDEN', 'only admins can remove other members', {
          details: { required: 'admin', role: actor.role },
        });
      }
      if (current.role === 'admin') {
        await assertAnotherAdminRemains(tx, scope.organizationId, memberId);
      }
      await tx.delete(members).where(inOrganization);
    }),
  );
}
