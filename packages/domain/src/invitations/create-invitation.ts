// Invites an email address to the actor's organization (admins); returns the token once.
import { createId } from '@paralleldrive/cuid2';
import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import { invitations, members, users } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { generateToken, hashToken } from '../access/tokens.ts';
import { DomainError } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { memberRoleSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type InvitationView, toInvitationView } from './invitation-view.ts';

export const createInvitationInputSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  role: memberRoleSchema,
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
});

export async function createInvitation(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof createInvitationInputSchema>,
): Promise<{ invitation: InvitationView; token: string }> {
  const scope = authorize(actor, 'admin');
  const { email, role, expiresInHours } = parseInput(createInvitationInputSchema, input);
  const now = currentTime(deps);
  const token = generateToken('rti');
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const alreadyMember = await tx
        .select({ id: members.id })
        .from(members)
        .innerJoin(users, eq(users.id, members.userId))
        .where(
          and(
            eq(members.organizationId, scope.organizationId),
            sql`lower(${users.email}) = ${email}`,
          ),
        );
      if (alreadyMember.length > 0) {
        throw new DomainError('MEMBER_EXISTS', `${email} is already a member of the organization`);
      }
      // An expired invitation no longer blocks a new one for the same address.
      await tx
        .update(invitations)
        .set({ revokedAt: now })
        .where(
          and(
            eq(invitations.organizationId, scope.organizationId),
            sql`lower(${invitations.email}) = ${email}`,
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            lte(invitations.expiresAt, now),
          ),
        );
      const [row] = await tx
        .insert(invitations)
        .values({
          id: createId(),
          organizationId: scope.organizationId,
          email,
          role,
          tokenHash: hashToken(token),
          invitedBy: actor.userId,
          createdAt: now,
          expiresAt: new Date(now.getTime() + expiresInHours * 3_600_000),
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      return { invitation: toInvitationView(row, now), token };
    }),
  );
}
