// Reads the actor's organization.
import { eq } from 'drizzle-orm';
import { type OrganizationRow, organizations } from '@retrace/db';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';

export async function getOrganization(deps: DbDeps, actor: Actor): Promise<OrganizationRow> {
  const scope = authorize(actor, 'read');
  return withDomainErrors(async () => {
    const [organization] = await deps.db
      .select()
      .from(organizations)
      .where(eq(organizations.id, scope.organizationId));
    if (!organization) throw notFound('organization');
    return organization;
  });
}
