// Test support: a fresh organization with an admin, a member and a guest, and a project, per test.
import { createId } from '@paralleldrive/cuid2';
import type { ProjectRow, RetraceDatabase } from '@retrace/db';
import { expect } from 'vitest';
import type { Actor } from '../deps.ts';
import { systemActor } from '../deps.ts';
import { DomainError, type DomainErrorCode } from '../errors/domain-error.ts';
import { addMember } from '../members/add-member.ts';
import { createOrganization } from '../organizations/create-organization.ts';
import { createProject } from '../projects/create-project.ts';
import { createSecretKeyring, generateSecretKey } from '../secrets/secret-cipher.ts';
import { upsertUserFromAuth } from '../users/upsert-user-from-auth.ts';

export interface World {
  organizationId: string;
  adminUserId: string;
  admin: Actor;
  member: Actor;
  guest: Actor;
  system: Actor;
  project: ProjectRow;
}

export async function createUser(db: RetraceDatabase, label = 'user'): Promise<string> {
  const id = `${label}-${createId()}`;
  await upsertUserFromAuth({ db }, { sub: id, email: `${id}@example.com` });
  return id;
}

export async function createWorld(db: RetraceDatabase): Promise<World> {
  const adminUserId = await createUser(db, 'admin');
  const { organization } = await createOrganization(
    { db },
    { userId: adminUserId },
    { name: `Org ${createId()}` },
  );
  const admin: Actor = {
    kind: 'user',
    userId: adminUserId,
    organizationId: organization.id,
    role: 'admin',
  };
  const memberUserId = await createUser(db, 'member');
  const guestUserId = await createUser(db, 'guest');
  await addMember({ db }, admin, { userId: memberUserId, role: 'member' });
  await addMember({ db }, admin, { userId: guestUserId, role: 'guest' });
  const project = await createProject({ db }, admin, {
    name: 'Shop',
    defaultUrlRoute: 'http://shop.test',
  });
  return {
    organizationId: organization.id,
    adminUserId,
    admin,
    member: { kind: 'user', userId: memberUserId, organizationId: organization.id, role: 'member' },
    guest: { kind: 'user', userId: guestUserId, organizationId: organization.id, role: 'guest' },
    system: systemActor(organization.id),
    project,
  };
}

export const testKeyring = () => createSecretKeyring([generateSecretKey()]);

/** Awaits a promise expected to fail with a domain error of `code`, and returns the error. */
export async function expectDomainError(
  promise: Promise<unknown>,
  code: DomainErrorCode,
): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}
