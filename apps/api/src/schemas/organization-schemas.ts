// Response shapes of organizations, members, invitations, API keys and the signed-in principal.
import { z } from '@hono/zod-openapi';
import type { ApiKeyView, getOrganization, InvitationView, MemberView } from '@retrace/domain';
import { iso, isoOrNull, timestamp } from './common-schemas.ts';

const role = z.enum(['admin', 'member', 'guest']);
type OrganizationRow = Awaited<ReturnType<typeof getOrganization>>;

export const organizationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    logo: z.string().nullable(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
    role: role.openapi({ description: 'Your role in this organization.' }),
  })
  .strict()
  .openapi('Organization');

export function toOrganizationJson(
  row: OrganizationRow,
  yourRole: z.infer<typeof role>,
): z.infer<typeof organizationSchema> {
  return {
    id: row.id,
    name: row.name,
    logo: row.logo,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    role: yourRole,
  };
}

export const memberSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    userId: z.string(),
    email: z.string(),
    role,
    createdAt: timestamp(),
  })
  .strict()
  .openapi('Member');

export function toMemberJson(view: MemberView): z.infer<typeof memberSchema> {
  return {
    id: view.id,
    organizationId: view.organizationId,
    userId: view.userId,
    email: view.email,
    role: view.role,
    createdAt: iso(view.createdAt),
  };
}

export const membershipSchema = z
  .object({ organizationId: z.string(), userId: z.string(), role, createdAt: timestamp() })
  .strict()
  .openapi('Membership');

export const invitationSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    email: z.string(),
    role,
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    invitedBy: z.string().nullable(),
    createdAt: timestamp(),
    expiresAt: timestamp(),
    acceptedAt: timestamp().nullable(),
    acceptedBy: z.string().nullable(),
    revokedAt: timestamp().nullable(),
  })
  .strict()
  .openapi('Invitation');

export function toInvitationJson(view: InvitationView): z.infer<typeof invitationSchema> {
  return {
    id: view.id,
    organizationId: view.organizationId,
    email: view.email,
    role: view.role,
    status: view.status,
    invitedBy: view.invitedBy,
    createdAt: iso(view.createdAt),
    expiresAt: iso(view.expiresAt),
    acceptedAt: isoOrNull(view.acceptedAt),
    acceptedBy: view.acceptedBy,
    revokedAt: isoOrNull(view.revokedAt),
  };
}

export const createdInvitationSchema = z
  .object({
    invitation: invitationSchema,
    token: z
      .string()
      .openapi({ description: 'Shown once: send it (or `acceptUrl`) to the invitee.' }),
    acceptUrl: z.string(),
  })
  .strict()
  .openapi('CreatedInvitation');

export const apiKeySchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'First characters of the key, to tell keys apart.' }),
    role,
    createdBy: z.string().nullable(),
    createdAt: timestamp(),
    lastUsedAt: timestamp().nullable(),
    revokedAt: timestamp().nullable(),
  })
  .strict()
  .openapi('ApiKey');

export function toApiKeyJson(view: ApiKeyView): z.infer<typeof apiKeySchema> {
  return {
    id: view.id,
    organizationId: view.organizationId,
    name: view.name,
    prefix: view.prefix,
    role: view.role,
    createdBy: view.createdBy,
    createdAt: iso(view.createdAt),
    lastUsedAt: isoOrNull(view.lastUsedAt),
    revokedAt: isoOrNull(view.revokedAt),
  };
}

export const createdApiKeySchema = z
  .object({
    apiKey: apiKeySchema,
    token: z
      .string()
      .openapi({ description: 'The key itself; shown once, stored only as a hash.' }),
  })
  .strict()
  .openapi('CreatedApiKey');

export const meSchema = z
  .object({
    principal: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('user'), userId: z.string(), email: z.string() }).strict(),
      z
        .object({
          kind: z.literal('api_key'),
          apiKeyId: z.string(),
          organizationId: z.string(),
          role,
        })
        .strict(),
    ]),
    organizations: z.array(organizationSchema),
  })
  .strict()
  .openapi('Me');
