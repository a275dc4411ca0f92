// Role policy (guest reads, member writes and runs, admin manages) and the organization scope used in queries.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type MemberRole, projects } from '@retrace/db';
import type { Actor } from '../deps.ts';
import { DomainError } from '../errors/domain-error.ts';

const ROLE_RANK: Record<MemberRole, number> = { guest: 0, member: 1, admin: 2 };

/** What an operation needs: `read` for guests and up, `write` for members, `admin` for admins. */
export type Permission = 'read' | 'write' | 'admin';

const REQUIRED_ROLE: Record<Permission, MemberRole> = {
  read: 'guest',
  write: 'member',
  admin: 'admin',
};

/** The organization an authorized operation may touch; only `authorize` makes one. */
export interface OrganizationScope {
  readonly organizationId: string;
  readonly actor: Actor;
}

export function roleAllows(role: MemberRole, needed: MemberRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

/**
 * Checks the actor's role and returns the scope every query of the operation filters on. Operations get
 * the organization id only through here, so skipping the role check also means having no scope.
 */
export function authorize(actor: Actor, permission: Permission): OrganizationScope {
  const needed = REQUIRED_ROLE[permission];
  if (!roleAllows(actor.role, needed)) {
    throw new DomainError(
      'FORBIDDEN',
      `this needs the ${needed} role in the organization; you have ${actor.role}`,
      { details: { required: needed, role: actor.role } },
    );
  }
  return { organizationId: actor.organizationId, actor };
}

/** Correlated condition: the row's project belongs to the scope's organization. */
export function projectInScope(projectIdColumn: AnyPgColumn | SQL, scope: OrganizationScope): SQL {
  return sql`exists (select 1 from ${projects} where ${projects.id} = ${projectIdColumn} and ${projects.organizationId} = ${scope.organizationId})`;
}

/** Uncorrelated condition (evaluated once): the given project belongs to the scope's organization. */
export function projectIdInScope(projectId: string, scope: OrganizationScope): SQL {
  return sql`exists (select 1 from ${projects} where ${projects.id} = ${projectId} and ${projects.organizationId} = ${scope.organizationId})`;
}
