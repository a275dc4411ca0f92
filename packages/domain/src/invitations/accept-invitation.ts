// A signed-in user accepts an invitation by its token and becomes a member with the invited role.
import { createId } from '@paralleldrive/cuid2';
import { eq } from 'drizzle-orm';
import { type MemberRow, invitations, members, users } from '@retrace/db';
import { z } from 'zod';
import type { DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { hashToken } from '../access/tokens.ts';
import { DomainError, notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { parseInput } from '../validation/parse-input.ts';

export const acceptInvitationInputSchema = z.object({
  token: z.string().min(1).max(200),
  userId: z.string().min(1).max(255),
});

export async function acceptInvitation(
  deps: DbDeps,
  input: z.input<typeof acceptInvitationInputSchema>,
): Promise<MemberRow> {
  const { token, userId } = parseInput(acceptInvitationInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      // Locked so two acceptances of one token cannot both succeed.
      const [invitation] = await tx
        .select()
        .from(invitations)
        .where(eq(invitations.tokenHash, hashToken(token)))
        .for('update');
      const invalid = (why: string) =>
        new DomainError('INVITATION_INVALID', `this invitation ${why}: ask for a new one`);
      if (!invitation) throw invalid('does not exist');
      if (invitation.acceptedAt) throw invalid('was already used');
      if (invitation.revokedAt) throw invalid('was revoked');
      if (invitation.expiresAt <= now) throw invalid('has expired');
      const [user] = await tx.select().from(users).where(eq(users.id, userId));
      if (!user) throw notFound('user', { userId });
      if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
        throw new DomainError(
          'INVITATION_EMAIL_MISMATCH',
          'this invitation was sent to another email address: sign in with that address',
        );
      }
      const [member] = await tx
        .insert(members)
        .values({
          id: createId(),
          organizationId: invitation.organizationId,
          userId,
          role: invitation.role,
          createdAt: now,
        })
        .returning();
      if (!member) throw new Error('insert returned no row');
      await tx
        .update(invitations)
        .set({ acceptedAt: now, acceptedBy: userId })
        .where(eq(invitations.id, invitation.id));
      return member;
    }),
  );
}
