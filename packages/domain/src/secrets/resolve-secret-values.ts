// For the worker only: decrypts a project's secrets (all, or the named ones) with the versions used.
import { and, eq, inArray } from 'drizzle-orm';
import { secretValues } from '@retrace/db';
import type { Actor, SecretDeps } from '../deps.ts';
import { authorize, projectInScope } from '../access/authorize.ts';
import { requireProject } from '../access/scoped-lookups.ts';
import { DomainError, notFound } from '../errors/domain-error.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { decryptSecretValue, requireKeyring } from './secret-cipher.ts';

export interface ResolvedSecret {
  value: string;
  version: number;
}

/**
 * Only a `system` actor may see plaintext values: no user or API key reads a secret back. Names that the
 * project does not have are NOT_FOUND (listed by name in details).
 */
export async function resolveSecretValues(
  deps: SecretDeps,
  actor: Actor,
  projectId: string,
  names?: readonly string[],
): Promise<Map<string, ResolvedSecret>> {
  const scope = authorize(actor, 'admin');
  if (actor.kind !== 'system') {
    throw new DomainError('FORBIDDEN', 'secret values are only given to the run worker');
  }
  const keyring = requireKeyring(deps.secretKey);
  return withDomainErrors(async () => {
    const rows = await deps.db
      .select()
      .from(secretValues)
      .where(
        and(
          eq(secretValues.projectId, projectId),
          projectInScope(secretValues.projectId, scope),
          names === undefined ? undefined : inArray(secretValues.secretName, [...names]),
        ),
      );
    // An empty answer for a project one cannot see must not look like a project without secrets.
    if (rows.length === 0) await requireProject(deps.db, scope, projectId);
    const resolved = new Map<string, ResolvedSecret>();
    for (const row of rows) {
      resolved.set(row.secretName, {
        value: decryptSecretValue(keyring, row.secretValue, row),
        version: row.version,
      });
    }
    const missing = (names ?? []).filter((name) => !resolved.has(name));
    if (missing.length > 0) {
      throw notFound(`secret(s) ${missing.join(', ')}`, { missing, projectId });
    }
    return resolved;
  });
}
