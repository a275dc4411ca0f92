// Routes of the signed-in principal and its organizations: /api/me, list/create, read/rename/delete, leave.
import {
  type Actor,
  createOrganization,
  createOrganizationInputSchema,
  deleteOrganization,
  getOrganization,
  listMembers,
  listUserOrganizations,
  removeMember,
  updateOrganization,
  updateOrganizationInputSchema,
} from '@retrace/domain';
import type { ApiServices } from '../api-deps.ts';
import type { Principal } from '../auth/authenticate-request.ts';
import { type ApiRoute, defineOrgRoute, defineUserRoute } from '../http/api-route.ts';
import { ApiError } from '../http/problem.ts';
import { json, noContent, versioned } from '../http/responses.ts';
import { created, noContentResponse, ok, okVersioned } from '../http/route-responses.ts';
import { orgParams, pageOf } from '../schemas/common-schemas.ts';
import {
  meSchema,
  organizationSchema,
  toOrganizationJson,
} from '../schemas/organization-schemas.ts';

const TAG = 'Organizations';
const organizationList = pageOf(organizationSchema, 'OrganizationPage');

async function organizationsOf(services: ApiServices, principal: Principal) {
  if (principal.kind === 'api_key') {
    const organization = await getOrganization(services.domain, principal.actor);
    return [toOrganizationJson(organization, principal.actor.role)];
  }
  const rows = await listUserOrganizations(services.domain, { userId: principal.userId });
  return rows.map((row) => toOrganizationJson(row.organization, row.role));
}

const getMe = defineUserRoute({
  operationId: 'getMe',
  method: 'get',
  path: '/api/me',
  tag: TAG,
  summary: 'Who am I: the user (or API key) and its organizations with roles',
  access: 'user',
  responses: [ok(meSchema)],
  async handle({ c, services, principal }) {
    const organizations = await organizationsOf(services, principal);
    const me =
      principal.kind === 'user'
        ? { kind: 'user' as const, userId: principal.userId, email: principal.email }
        : {
            kind: 'api_key' as const,
            apiKeyId: principal.apiKeyId,
            organizationId: principal.actor.organizationId,
            role: principal.actor.role,
          };
    return json(c, 200, { principal: me, organizations });
  },
});

const listOrganizations = defineUserRoute({
  operationId: 'listOrganizations',
  method: 'get',
  path: '/api/orgs',
  tag: TAG,
  summary: 'List the organizations you belong to (an API key sees its own)',
  access: 'user',
  responses: [ok(organizationList)],
  async handle({ c, services, principal }) {
    return json(c, 200, { items: await organizationsOf(services, principal), nextCursor: null });
  },
});

const createOrganizationRoute = defineUserRoute({
  operationId: 'createOrganization',
  method: 'post',
  path: '/api/orgs',
  tag: TAG,
  summary: 'Create an organization; you become its first admin',
  access: 'user',
  usersOnly: true,
  body: createOrganizationInputSchema.strict(),
  bodyExample: { name: 'Acme QA' },
  responses: [created(organizationSchema, 'Created', true)],
  async handle({ c, services, principal, body }) {
    if (principal.kind !== 'user') throw new ApiError('FORBIDDEN', 'API keys cannot do this');
    const { organization } = await createOrganization(
      services.domain,
      { userId: principal.userId },
      body,
    );
    c.header('Location', `/api/orgs/${organization.id}`);
    return versioned(c, 201, toOrganizationJson(organization, 'admin'), organization.updatedAt);
  },
});

const getOrganizationRoute = defineOrgRoute({
  operationId: 'getOrganization',
  method: 'get',
  path: '/api/orgs/{orgId}',
  tag: TAG,
  summary: 'Read an organization',
  access: 'guest',
  params: orgParams,
  responses: [okVersioned(organizationSchema)],
  async handle({ c, services, actor }) {
    const organization = await getOrganization(services.domain, actor);
    return versioned(c, 200, toOrganizationJson(organization, actor.role), organization.updatedAt);
  },
});

const updateOrganizationRoute = defineOrgRoute({
  operationId: 'updateOrganization',
  method: 'patch',
  path: '/api/orgs/{orgId}',
  tag: TAG,
  summary: 'Rename an organization or change its logo',
  access: 'admin',
  params: orgParams,
  ifMatch: true,
  body: updateOrganizationInputSchema.omit({ expectedUpdatedAt: true }).strict(),
  bodyExample: { name: 'Acme Quality' },
  responses: [okVersioned(organizationSchema)],
  async handle({ c, services, actor, body, expectedUpdatedAt }) {
    const organization = await updateOrganization(services.domain, actor, {
      ...body,
      expectedUpdatedAt,
    });
    return versioned(c, 200, toOrganizationJson(organization, actor.role), organization.updatedAt);
  },
});

const deleteOrganizationRoute = defineOrgRoute({
  operationId: 'deleteOrganization',
  method: 'delete',
  path: '/api/orgs/{orgId}',
  tag: TAG,
  summary: 'Delete an organization and everything in it',
  access: 'admin',
  params: orgParams,
  responses: [noContentResponse('Deleted')],
  async handle({ c, services, actor }) {
    await deleteOrganization(services.domain, actor);
    return noContent(c);
  },
});

/** Pages through the members for the caller's own membership row. */
async function ownMemberId(
  services: ApiServices,
  principal: Principal,
  orgActor: Actor,
): Promise<string | null> {
  if (principal.kind !== 'user') return null;
  let cursor: string | undefined;
  for (;;) {
    const page = await listMembers(services.domain, orgActor, {
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    const own = page.items.find((member) => member.userId === principal.userId);
    if (own) return own.id;
    if (page.nextCursor === null) return null;
    cursor = page.nextCursor;
  }
}

const leaveOrganization = defineOrgRoute({
  operationId: 'leaveOrganization',
  method: 'delete',
  path: '/api/orgs/{orgId}/membership',
  tag: TAG,
  summary: 'Leave an organization (the last admin cannot)',
  access: 'guest',
  usersOnly: true,
  params: orgParams,
  responses: [noContentResponse('You are no longer a member')],
  async handle({ c, services, principal, actor }) {
    const memberId = await ownMemberId(services, principal, actor);
    if (memberId === null) throw new ApiError('NOT_FOUND', 'membership not found');
    await removeMember(services.domain, actor, { memberId });
    return noContent(c);
  },
});

export const organizationRoutes: ApiRoute[] = [
  getMe,
  listOrganizations,
  createOrganizationRoute,
  getOrganizationRoute,
  updateOrganizationRoute,
  deleteOrganizationRoute,
  leaveOrganization,
];
