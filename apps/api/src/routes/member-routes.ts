// Routes of an organization's people: members and their roles, invitations by email, accepting one.
import { z } from '@hono/zod-openapi';
import {
  acceptInvitation,
  createInvitation,
  createInvitationInputSchema,
  listInvitations,
  listMembers,
  memberRoleSchema,
  removeMember,
  revokeInvitation,
  updateMemberRole,
} from '@retrace/domain';
import { type ApiRoute, defineOrgRoute, defineUserRoute } from '../http/api-route.ts';
import { pageInput, pageOutput } from '../http/pages.ts';
import { ApiError } from '../http/problem.ts';
import { json, noContent } from '../http/responses.ts';
import { created, noContentResponse, ok } from '../http/route-responses.ts';
import { iso, orgParams, pageOf, pageQuery, withOrg } from '../schemas/common-schemas.ts';
import {
  createdInvitationSchema,
  invitationSchema,
  memberSchema,
  membershipSchema,
  toInvitationJson,
  toMemberJson,
} from '../schemas/organization-schemas.ts';

const TAG = 'Members';

const listMembersRoute = defineOrgRoute({
  operationId: 'listMembers',
  method: 'get',
  path: '/api/orgs/{orgId}/members',
  tag: TAG,
  summary: 'List the members with their emails and roles, oldest first',
  access: 'guest',
  params: orgParams,
  query: pageQuery,
  responses: [ok(pageOf(memberSchema, 'MemberPage'))],
  async handle({ c, services, actor, query }) {
    const page = await listMembers(services.domain, actor, pageInput(c, services, query));
    return json(c, 200, pageOutput(c, services, page, toMemberJson));
  },
});

const updateMemberRoleRoute = defineOrgRoute({
  operationId: 'updateMemberRole',
  method: 'patch',
  path: '/api/orgs/{orgId}/members/{memberId}',
  tag: TAG,
  summary: "Change a member's role (the last admin cannot be demoted)",
  access: 'admin',
  params: withOrg('memberId'),
  body: z.object({ role: memberRoleSchema }).strict(),
  bodyExample: { role: 'member' },
  responses: [ok(memberSchema)],
  async handle({ c, services, actor, params, body }) {
    const member = await updateMemberRole(services.domain, actor, {
      memberId: params.memberId,
      role: body.role,
    });
    return json(c, 200, toMemberJson(member));
  },
});

const removeMemberRoute = defineOrgRoute({
  operationId: 'removeMember',
  method: 'delete',
  path: '/api/orgs/{orgId}/members/{memberId}',
  tag: TAG,
  summary: 'Remove a member (to leave yourself, use DELETE /api/orgs/{orgId}/membership)',
  access: 'admin',
  params: withOrg('memberId'),
  responses: [noContentResponse('Removed')],
  async handle({ c, services, actor, params }) {
    await removeMember(services.domain, actor, { memberId: params.memberId });
    return noContent(c);
  },
});

const listInvitationsRoute = defineOrgRoute({
  operationId: 'listInvitations',
  method: 'get',
  path: '/api/orgs/{orgId}/invitations',
  tag: TAG,
  summary: 'List invitations with their status, newest first',
  access: 'admin',
  params: orgParams,
  query: pageQuery,
  responses: [ok(pageOf(invitationSchema, 'InvitationPage'))],
  async handle({ c, services, actor, query }) {
    const page = await listInvitations(services.domain, actor, pageInput(c, services, query));
    return json(c, 200, pageOutput(c, services, page, toInvitationJson));
  },
});

const createInvitationRoute = defineOrgRoute({
  operationId: 'createInvitation',
  method: 'post',
  path: '/api/orgs/{orgId}/invitations',
  tag: TAG,
  summary: 'Invite an email address with a role; the token is returned once',
  description:
    'Retrace does not send email: give the invitee `acceptUrl` (or the token). They sign in with that address and accept.',
  access: 'admin',
  params: orgParams,
  body: createInvitationInputSchema.strict(),
  bodyExample: { email: 'new.tester@example.com', role: 'member' },
  responses: [created(createdInvitationSchema)],
  async handle({ c, services, actor, params, body }) {
    const { invitation, token } = await createInvitation(services.domain, actor, body);
    const acceptUrl = new URL('invitations/accept', withSlash(services.config.publicUrl));
    acceptUrl.searchParams.set('token', token);
    c.header('Location', `/api/orgs/${params.orgId}/invitations`);
    return json(c, 201, {
      invitation: toInvitationJson(invitation),
      token,
      acceptUrl: acceptUrl.toString(),
    });
  },
});

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

const revokeInvitationRoute = defineOrgRoute({
  operationId: 'revokeInvitation',
  method: 'post',
  path: '/api/orgs/{orgId}/invitations/{invitationId}/revoke',
  tag: TAG,
  summary: 'Revoke a pending invitation',
  access: 'admin',
  params: withOrg('invitationId'),
  responses: [ok(invitationSchema)],
  async handle({ c, services, actor, params }) {
    const invitation = await revokeInvitation(services.domain, actor, {
      invitationId: params.invitationId,
    });
    return json(c, 200, toInvitationJson(invitation));
  },
});

const acceptInvitationRoute = defineUserRoute({
  operationId: 'acceptInvitation',
  method: 'post',
  path: '/api/invitations/accept',
  tag: TAG,
  summary: 'Accept an invitation sent to your email address',
  access: 'user',
  usersOnly: true,
  body: z.object({ token: z.string().min(1).max(200) }).strict(),
  bodyExample: { token: 'rti_…' },
  responses: [ok(membershipSchema, 'You are now a member')],
  async handle({ c, services, principal, body }) {
    if (principal.kind !== 'user') throw new ApiError('FORBIDDEN', 'API keys cannot do this');
    const member = await acceptInvitation(services.domain, {
      token: body.token,
      userId: principal.userId,
    });
    return json(c, 200, {
      organizationId: member.organizationId,
      userId: member.userId,
      role: member.role,
      createdAt: iso(member.createdAt),
    });
  },
});

export const memberRoutes: ApiRoute[] = [
  listMembersRoute,
  updateMemberRoleRoute,
  removeMemberRoute,
  listInvitationsRoute,
  createInvitationRoute,
  revokeInvitationRoute,
  acceptInvitationRoute,
];
