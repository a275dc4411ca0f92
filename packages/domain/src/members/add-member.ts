// Adds an existing user to the actor's organization with a role (admins only).
import { createId } from '@paralleldrive/cuid2';
import { eq } from 'drizzle-orm';
import { members, users } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { memberRoleSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import type { MemberView } from './member-view.ts';

export const addMemberInputSchema = z.object({
  userId: z.string().min(1).max(255),
  role: memberRoleSchema,
});

export async function addMember(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof addMemberInputSchema>,
): Promise<MemberView> {
  const scope = authorize(actor, 'admin');
  const { userId, role } = parseInput(addMemberInputSchema, input);
  return withDomainErrors(async () => {
    const [user] = await deps.db.select().from(users).where(eq(users.id, userId));
    if (!user) throw notFound('user', { userId });
    const [member] = await deps.db
      .insert(members)
      .values({
        id: createId(),
        organizationId: scope.organizationId,
        userId,
        role,
        createdAt: currentTime(deps),
      })
      .returning();
    if (!member) throw new Error('insert returned no row');
    return { ...member, email: user.email };
  });
}
