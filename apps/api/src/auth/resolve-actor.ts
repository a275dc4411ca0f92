// The actor of a request inside one organization: the user's membership there, or the API key's own scope.
import { type Actor, type DomainDeps, getMemberActor, notFound } from '@retrace/domain';
import type { Principal } from './authenticate-request.ts';

/** NOT_FOUND when the principal has no access to the organization: it must not learn that it exists. */
export async function resolveActor(
  domain: DomainDeps,
  principal: Principal,
  organizationId: string,
): Promise<Actor> {
  if (principal.kind === 'api_key') {
    if (principal.actor.organizationId !== organizationId) {
      throw notFound('organization', { organizationId });
    }
    return principal.actor;
  }
  return getMemberActor(domain, { userId: principal.userId, organizationId });
}
