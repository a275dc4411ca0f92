// Keeps every organization with at least one admin, even when two admins demote each other at once.
import { and, eq, ne } from 'drizzle-orm';
import { members, organizations, type RetraceDatabase } from '@retrace/db';
import { DomainError } from '../errors/domain-error.ts';

/**
 * Call inside the transaction that demotes or removes `memberId`: locks the organization row (so such
 * changes of one organization run one at a time) and refuses if no other admin would remain.
 */
export async function assertAnotherAdminRemains(
  tx: RetraceDatabase,
  organizationId: string,
  memberId: string,
): Promise<void> {
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for('update');
  const otherAdmins = await tx.$count(
    members,
    and(
      eq(members.organizationId, organizationId),
      eq(members.role, 'admin'),
      ne(members.id, memberId),
    ),
  );
  if (otherAdmins === 0) {
    throw new DomainError(
      'LAST_ADMIN',
      'this is the organization’s last admin: make another member admin first',
    );
  }
}
