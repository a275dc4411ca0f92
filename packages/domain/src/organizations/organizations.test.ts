// Organizations, members (never without an admin), invitations, API keys and local mode.
import { eq } from 'drizzle-orm';
import { apiKeys, invitations } from '@retrace/db';
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../api-keys/authenticate-api-key.ts';
import { createApiKey } from '../api-keys/create-api-key.ts';
import { listApiKeys } from '../api-keys/list-api-keys.ts';
import { revokeApiKey } from '../api-keys/revoke-api-key.ts';
import { acceptInvitation } from '../invitations/accept-invitation.ts';
import { createInvitation } from '../invitations/create-invitation.ts';
import { listInvitations } from '../invitations/list-invitations.ts';
import { revokeInvitation } from '../invitations/revoke-invitation.ts';
import { addMember } from '../members/add-member.ts';
import { listMembers } from '../members/list-members.ts';
import { removeMember } from '../members/remove-member.ts';
import { updateMemberRole } from '../members/update-member-role.ts';
import { listProjects } from '../projects/list-projects.ts';
import { createUser, createWorld, expectDomainError } from '../test-support/world.ts';
import { ensureLocalAdmin } from '../users/ensure-local-admin.ts';
import { upsertUserFromAuth } from '../users/upsert-user-from-auth.ts';
import { createOrganization } from './create-organization.ts';
import { deleteOrganization } from './delete-organization.ts';
import { getMemberActor } from './get-member-actor.ts';
import { getOrganization } from './get-organization.ts';
import { listUserOrganizations } from './list-user-organizations.ts';
import { updateOrganization } from './update-organization.ts';

describe.each(testDatabaseDrivers(process.env))('organizations [$name]', (driver) => {
  let database: TestDatabase;
  const deps = () => ({ db: database.db });
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(async () => database.dispose());

  it('the creator of an organization becomes its admin, and sees it with that role', async () => {
    const userId = await createUser(database.db);
    const { organization, member } = await createOrganization(
      deps(),
      { userId },
      { name: ' Acme ' },
    );
    expect(organization.name).toBe('Acme');
    expect(member).toMatchObject({ userId, role: 'admin', organizationId: organization.id });
    expect(await listUserOrganizations(deps(), { userId })).toEqual([
      { organization, role: 'admin' },
    ]);
    const actor = await getMemberActor(deps(), { userId, organizationId: organization.id });
    expect(actor).toEqual({ kind: 'user', userId, organizationId: organization.id, role: 'admin' });
  });

  it('a user who is not a member gets NOT_FOUND for the organization', async () => {
    const world = await createWorld(database.db);
    const stranger = await createUser(database.db);
    await expectDomainError(
      getMemberActor(deps(), { userId: stranger, organizationId: world.organizationId }),
      'NOT_FOUND',
    );
  });

  it('upsertUserFromAuth creates the user once and follows email changes', async () => {
    const first = await upsertUserFromAuth(deps(), { sub: 'sub-upsert', email: 'A@Example.com' });
    const again = await upsertUserFromAuth(deps(), { sub: 'sub-upsert', email: 'b@example.com' });
    expect(first.email).toBe('a@example.com');
    expect(again).toMatchObject({
      id: 'sub-upsert',
      email: 'b@example.com',
      createdAt: first.createdAt,
    });
  });

  it('updates the organization with If-Match semantics', async () => {
    const world = await createWorld(database.db);
    const before = await getOrganization(deps(), world.guest);
    const after = await updateOrganization(deps(), world.admin, {
      name: 'Renamed',
      expectedUpdatedAt: before.updatedAt,
    });
    expect(after.name).toBe('Renamed');
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    await expectDomainError(
      updateOrganization(deps(), world.admin, {
        name: 'Again',
        expectedUpdatedAt: before.updatedAt,
      }),
      'PRECONDITION_FAILED',
    );
    await expectDomainError(updateOrganization(deps(), world.member, { name: 'x' }), 'FORBIDDEN');
  });

  it('one member row per user: adding twice is MEMBER_EXISTS', async () => {
    const world = await createWorld(database.db);
    const userId = await createUser(database.db);
    await addMember(deps(), world.admin, { userId, role: 'guest' });
    await expectDomainError(
      addMember(deps(), world.admin, { userId, role: 'member' }),
      'MEMBER_EXISTS',
    );
    await expectDomainError(
      addMember(deps(), world.admin, { userId: 'no-such-user', role: 'member' }),
      'NOT_FOUND',
    );
  });

  it('member cannot add members, change roles or remove others', async () => {
    const world = await createWorld(database.db);
    const userId = await createUser(database.db);
    await expectDomainError(
      addMember(deps(), world.member, { userId, role: 'admin' }),
      'FORBIDDEN',
    );
    const members = await listMembers(deps(), world.member);
    const admin = members.items.find((m) => m.role === 'admin');
    await expectDomainError(
      updateMemberRole(deps(), world.member, { memberId: admin?.id ?? '', role: 'guest' }),
      'FORBIDDEN',
    );
    await expectDomainError(
      removeMember(deps(), world.member, { memberId: admin?.id ?? '' }),
      'FORBIDDEN',
    );
  });

  it('the last admin can be neither demoted nor removed, and cannot leave', async () => {
    const world = await createWorld(database.db);
    const { items } = await listMembers(deps(), world.admin);
    const admin = items.find((m) => m.role === 'admin');
    if (!admin) throw new Error('no admin');
    await expectDomainError(
      updateMemberRole(deps(), world.admin, { memberId: admin.id, role: 'member' }),
      'LAST_ADMIN',
    );
    await expectDomainError(
      removeMember(deps(), world.admin, { memberId: admin.id }),
      'LAST_ADMIN',
    );
    const member = items.find((m) => m.role === 'member');
    await updateMemberRole(deps(), world.admin, { memberId: member?.id ?? '', role: 'admin' });
    await updateMemberRole(deps(), world.admin, { memberId: admin.id, role: 'guest' });
  });

  it('two admins demoting each other at the same time leave one admin', async () => {
    const world = await createWorld(database.db);
    const { items } = await listMembers(deps(), world.admin);
    const first = items.find((m) => m.role === 'admin');
    const second = items.find((m) => m.role === 'member');
    if (!first || !second) throw new Error('setup');
    await updateMemberRole(deps(), world.admin, { memberId: second.id, role: 'admin' });
    const secondActor = { ...world.member, role: 'admin' as const };
    const results = await Promise.allSettled([
      updateMemberRole(deps(), world.admin, { memberId: second.id, role: 'member' }),
      updateMemberRole(deps(), secondActor, { memberId: first.id, role: 'member' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const after = await listMembers(deps(), world.admin);
    expect(after.items.filter((m) => m.role === 'admin')).toHaveLength(1);
  });

  it('a member may leave on their own', async () => {
    const world = await createWorld(database.db);
    const { items } = await listMembers(deps(), world.guest);
    const guest = items.find((m) => m.userId === world.guest.userId);
    await removeMember(deps(), world.guest, { memberId: guest?.id ?? '' });
    const after = await listMembers(deps(), world.admin);
    expect(after.items.map((m) => m.userId)).not.toContain(world.guest.userId);
  });

  it('lists members in pages with a stable cursor', async () => {
    const world = await createWorld(database.db);
    for (let i = 0; i < 4; i++) {
      await addMember(deps(), world.admin, {
        userId: await createUser(database.db),
        role: 'guest',
      });
    }
    const first = await listMembers(deps(), world.admin, { limit: 4 });
    expect(first.items).toHaveLength(4);
    const second = await listMembers(deps(), world.admin, {
      limit: 4,
      cursor: first.nextCursor ?? '',
    });
    expect(second.items).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((m) => m.id);
    expect(new Set(ids).size).toBe(7);
    await expectDomainError(
      listMembers(deps(), world.admin, { cursor: 'garbage' }),
      'VALIDATION_FAILED',
    );
  });

  it('an invitation is accepted once, by the invited address, and stores only a token hash', async () => {
    const world = await createWorld(database.db);
    const { invitation, token } = await createInvitation(deps(), world.admin, {
      email: 'New@Example.com',
      role: 'member',
    });
    expect(invitation).toMatchObject({ email: 'new@example.com', status: 'pending' });
    expect(invitation).not.toHaveProperty('tokenHash');
    const [stored] = await database.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, invitation.id));
    expect(stored?.tokenHash).not.toContain(token);
    await expectDomainError(
      createInvitation(deps(), world.admin, { email: 'new@example.com', role: 'guest' }),
      'INVITATION_PENDING',
    );
    const wrongUser = await upsertUserFromAuth(deps(), {
      sub: `wrong-${invitation.id}`,
      email: 'other@example.com',
    });
    await expectDomainError(
      acceptInvitation(deps(), { token, userId: wrongUser.id }),
      'INVITATION_EMAIL_MISMATCH',
    );
    const invited = await upsertUserFromAuth(deps(), {
      sub: `new-${invitation.id}`,
      email: 'new@example.com',
    });
    const member = await acceptInvitation(deps(), { token, userId: invited.id });
    expect(member).toMatchObject({ organizationId: world.organizationId, role: 'member' });
    await expectDomainError(
      acceptInvitation(deps(), { token, userId: invited.id }),
      'INVITATION_INVALID',
    );
    await expectDomainError(
      acceptInvitation(deps(), { token: 'rti_nope', userId: invited.id }),
      'INVITATION_INVALID',
    );
    const list = await listInvitations(deps(), world.admin);
    expect(list.items.map((i) => i.status)).toEqual(['accepted']);
    await expectDomainError(
      createInvitation(deps(), world.admin, { email: 'new@example.com', role: 'guest' }),
      'MEMBER_EXISTS',
    );
  });

  it('revoked and expired invitations cannot be accepted; an expired one does not block a new one', async () => {
    let now = new Date('2031-01-01T00:00:00.000Z');
    const clocked = () => ({ db: database.db, clock: () => now });
    const world = await createWorld(database.db);
    const user = await upsertUserFromAuth(deps(), {
      sub: `late-${world.organizationId}`,
      email: `late-${world.organizationId}@example.com`,
    });
    const revoked = await createInvitation(clocked(), world.admin, {
      email: user.email,
      role: 'guest',
    });
    await revokeInvitation(clocked(), world.admin, { invitationId: revoked.invitation.id });
    await expectDomainError(
      revokeInvitation(clocked(), world.admin, { invitationId: revoked.invitation.id }),
      'INVALID_STATE_TRANSITION',
    );
    await expectDomainError(
      acceptInvitation(clocked(), { token: revoked.token, userId: user.id }),
      'INVITATION_INVALID',
    );
    const expiring = await createInvitation(clocked(), world.admin, {
      email: user.email,
      role: 'guest',
      expiresInHours: 1,
    });
    now = new Date('2031-01-01T02:00:00.000Z');
    await expectDomainError(
      acceptInvitation(clocked(), { token: expiring.token, userId: user.id }),
      'INVITATION_INVALID',
    );
    const fresh = await createInvitation(clocked(), world.admin, {
      email: user.email,
      role: 'guest',
    });
    await acceptInvitation(clocked(), { token: fresh.token, userId: user.id });
    await expectDomainError(
      createInvitation(deps(), world.member, { email: 'x@example.com', role: 'guest' }),
      'FORBIDDEN',
    );
  });

  it('an API key authenticates as its role until revoked, and its hash is never returned', async () => {
    const world = await createWorld(database.db);
    const { apiKey, token } = await createApiKey(deps(), world.admin, {
      name: 'CI',
      role: 'member',
    });
    expect(token.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey).not.toHaveProperty('hash');
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row?.hash).not.toBe(token);
    const actor = await authenticateApiKey(deps(), token);
    expect(actor).toEqual({
      kind: 'api_key',
      userId: null,
      organizationId: world.organizationId,
      role: 'member',
      apiKeyId: apiKey.id,
    });
    const listed = await listApiKeys(deps(), world.admin);
    expect(listed.items[0]?.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(listed)).not.toContain(row?.hash ?? 'x');
    expect(await authenticateApiKey(deps(), `${token}x`)).toBeNull();
    expect(await authenticateApiKey(deps(), 'Bearer nonsense')).toBeNull();
    await revokeApiKey(deps(), world.admin, { apiKeyId: apiKey.id });
    expect(await authenticateApiKey(deps(), token)).toBeNull();
    await expectDomainError(createApiKey(deps(), world.member, { name: 'x' }), 'FORBIDDEN');
  });

  it('records API key use at most once a minute', async () => {
    let now = new Date('2032-01-01T00:00:00.000Z');
    const clocked = () => ({ db: database.db, clock: () => now });
    const world = await createWorld(database.db);
    const { apiKey, token } = await createApiKey(clocked(), world.admin, { name: 'CI' });
    await authenticateApiKey(clocked(), token);
    now = new Date('2032-01-01T00:00:30.000Z');
    await authenticateApiKey(clocked(), token);
    const [afterHalfMinute] = await database.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.id, apiKey.id));
    expect(afterHalfMinute?.lastUsedAt).toEqual(new Date('2032-01-01T00:00:00.000Z'));
    now = new Date('2032-01-01T00:01:30.000Z');
    await authenticateApiKey(clocked(), token);
    const [later] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(later?.lastUsedAt).toEqual(now);
  });

  it('ensureLocalAdmin creates the local admin and organization once, even when called concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => ensureLocalAdmin(deps())));
    const again = await ensureLocalAdmin(deps());
    const organizationIds = new Set([...results, again].map((r) => r.organization.id));
    expect(organizationIds.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(again.created).toBe(false);
    expect(again.user.id).toBe('local-admin');
    const actor = await getMemberActor(deps(), {
      userId: 'local-admin',
      organizationId: again.organization.id,
    });
    expect(actor.role).toBe('admin');
  });

  it('deleting an organization (admins only) removes its projects', async () => {
    const world = await createWorld(database.db);
    await expectDomainError(deleteOrganization(deps(), world.member), 'FORBIDDEN');
    await deleteOrganization(deps(), world.admin);
    await expectDomainError(
      listProjects(deps(), world.admin).then(async (page) => {
        expect(page.items).toEqual([]);
        return getOrganization(deps(), world.admin);
      }),
      'NOT_FOUND',
    );
  });
});
