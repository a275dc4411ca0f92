// Builds the actor for a signed-in user acting in one organization, from their current membership.
import { and, eq } from 'drizzle-orm';
import { members } from '@retrace/db';
import type { Actor, DbDeps } from '../deps.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';

/** NOT_FOUND when the user is not a member: an organization one cannot see does not exist for them. */
export async function getMemberActor(
  deps: DbDeps,
  input: { userId: string; organizationId: string },
): Promise<Actor> {
  return withDomainErrors(async () => {
    const [member] = await deps.db
      .select({ role: members.role })
      .from(members)
      .where(
        and(eq(members.userId, input.userId), eq(members.organizationId, input.organizationId)),
      );
    if (!member) throw notFound('organization', { organizationId: input.organizationId });
    return {
      kind: 'user',
      userId: input.userId,
      organizationId: input.organizationId,
      role: member.role,
    };
  });
}
