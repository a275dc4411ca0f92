// Tenancy tables: users (mirrors of auth users), organizations, their members, invitations and API keys.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from './columns.ts';
import { memberRole } from './enums.ts';

export const users = pgTable(
  'users',
  {
    /** The auth provider's subject (Supabase `sub`), or `local-admin` in local mode. */
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [index('users_email_idx').on(sql`lower(${t.email})`)],
);

export const organizations = pgTable(
  'organizations',
  {
    id: idColumn(),
    name: text('name').notNull(),
    /** URL of the logo image, or an artifact key. */
    logo: text('logo'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [check('organizations_name_not_blank', sql`length(trim(${t.name})) > 0`)],
);

export const members = pgTable(
  'members',
  {
    id: idColumn(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: memberRole('role').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    unique('members_organization_user_unique').on(t.organizationId, t.userId),
    index('members_user_idx').on(t.userId),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: idColumn(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: memberRole('role').notNull(),
    /** sha256 (hex) of the token; the token itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull(),
    invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
    expiresAt: timestampColumn('expires_at').notNull(),
    acceptedAt: timestampColumn('accepted_at'),
    acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestampColumn('revoked_at'),
  },
  (t) => [
    unique('invitations_token_hash_unique').on(t.tokenHash),
    // One pending invitation per address and organization.
    uniqueIndex('invitations_pending_email_unique')
      .on(t.organizationId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    index('invitations_organization_idx').on(t.organizationId, t.createdAt, t.id),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: idColumn(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The token's first characters, shown to users so they can tell keys apart. */
    prefix: text('prefix').notNull(),
    /** sha256 (hex) of the whole token. */
    hash: text('hash').notNull(),
    role: memberRole('role').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
    lastUsedAt: timestampColumn('last_used_at'),
    revokedAt: timestampColumn('revoked_at'),
  },
  (t) => [
    unique('api_keys_hash_unique').on(t.hash),
    index('api_keys_organization_idx').on(t.organizationId, t.createdAt, t.id),
  ],
);
