// The organizations a user belongs to, with the user's role in each (for the organization switcher).
import { asc, eq } from 'drizzle-orm';
import { type MemberRole, members, type OrganizationRow, organizations } from '@retrace/db';
import type { DbDeps } from '../deps.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';

export interface UserOrganization {
  organization: OrganizationRow;
  role: MemberRole;
}

export async function listUserOrganizations(
  deps: DbDeps,
  user: { userId: string },
): Promise<UserOrganization[]> {
  return withDomainErrors(async () => {
    const rows = await deps.db
      .select({ organization: organizations, role: members.role })
      .from(members)
      .innerJoin(organizations, eq(organizations.id, members.organizationId))
      .where(eq(members.userId, user.userId))
      .orderBy(asc(organizations.name), asc(organizations.id));
    return rows;
  });
}
