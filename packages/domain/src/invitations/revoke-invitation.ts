// Revokes a pending invitation of the actor's organization (admins).
import { and, eq, isNull } from 'drizzle-orm';
import { invitations } from '@retrace/db';
import { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { DomainError, notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { idSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type InvitationView, toInvitationView } from './invitation-view.ts';

export const revokeInvitationInputSchema = z.object({ invitationId: idSchema });

export async function revokeInvitation(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof revokeInvitationInputSchema>,
): Promise<InvitationView> {
  const scope = authorize(actor, 'admin');
  const { invitationId } = parseInput(revokeInvitationInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(async () => {
    const inOrganization = and(
      eq(invitations.id, invitationId),
      eq(invitations.organizationId, scope.organizationId),
    );
    const [row] = await deps.db
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(inOrganization, isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning();
    if (row) return toInvitationView(row, now);
    const [existing] = await deps.db.select().from(invitations).where(inOrganization);
    if (!existing) throw notFound('invitation', { invitationId });
    throw new DomainError(
      'INVALID_STATE_TRANSITION',
      `the invitation is already ${toInvitationView(existing, now).status}`,
    );
  });
}
