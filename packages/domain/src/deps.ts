// What every domain operation receives: its dependencies (one object, narrow types) and the acting principal.
import type { MemberRole, RetraceDatabase } from '@retrace/db';
import type { SecretKeyring } from './secrets/secret-cipher.ts';

/** Who is acting, always within one organization. A `system` actor (the worker) has admin rights there. */
export interface Actor {
  kind: 'user' | 'api_key' | 'system';
  userId: string | null;
  organizationId: string;
  role: MemberRole;
  /** Set when kind is `api_key`. */
  apiKeyId?: string;
}

/** Removes stored artifacts (screenshots, GIFs) once no row refers to them; `@retrace/storage` fits. */
export interface ArtifactDeleter {
  delete(key: string): Promise<void>;
  /** Used in batches when present (one request per batch on S3). */
  deleteMany?(keys: readonly string[]): Promise<void>;
}

export interface DomainDeps {
  db: RetraceDatabase;
  secretKey?: SecretKeyring;
  clock?: () => Date;
  artifacts?: ArtifactDeleter;
}

export type DbDeps = Pick<DomainDeps, 'db' | 'clock'>;
export type SecretDeps = Pick<DomainDeps, 'db' | 'clock' | 'secretKey'>;
export type DeletionDeps = Pick<DomainDeps, 'db' | 'clock' | 'artifacts'>;

export function currentTime(deps: { clock?: () => Date }): Date {
  return deps.clock?.() ?? new Date();
}

/** A system actor for the worker, scoped to one organization. */
export function systemActor(organizationId: string): Actor {
  return { kind: 'system', userId: null, organizationId, role: 'admin' };
}
