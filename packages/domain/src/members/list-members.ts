// Lists the members of the actor's organization with their emails, oldest first.
import { and, eq } from 'drizzle-orm';
import { members, users } from '@retrace/db';
import { type z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { authorize } from '../access/authorize.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import {
  afterCursor,
  keysetOrder,
  type KeysetSpec,
  type Page,
  pageInputSchema,
  toPage,
} from '../pagination/cursor.ts';
import { parseInput } from '../validation/parse-input.ts';
import type { MemberView } from './member-view.ts';

export const listMembersInputSchema = pageInputSchema;

const KEYSET: KeysetSpec = {
  sortColumn: members.createdAt,
  idColumn: members.id,
  direction: 'asc',
};

export async function listMembers(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof listMembersInputSchema> = {},
): Promise<Page<MemberView>> {
  const scope = authorize(actor, 'read');
  const { cursor, limit } = parseInput(listMembersInputSchema, input);
  return withDomainErrors(async () => {
    const rows = await deps.db
      .select({
        id: members.id,
        organizationId: members.organizationId,
        userId: members.userId,
        email: users.email,
        role: members.role,
        createdAt: members.createdAt,
      })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .where(and(eq(members.organizationId, scope.organizationId), afterCursor(KEYSET, cursor)))
      .orderBy(...keysetOrder(KEYSET))
      .limit(limit + 1);
    return toPage(rows, limit, (row) => ({ value: row.createdAt, id: row.id }));
  });
}
