// Lists the invitations of the actor's organization (admins), newest first, with their status.
import { and, eq } from 'drizzle-orm';
import { invitations } from '@retrace/db';
import type { z } from 'zod';
import type { Actor, DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
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
import { type InvitationView, toInvitationView } from './invitation-view.ts';

export const listInvitationsInputSchema = pageInputSchema;

const KEYSET: KeysetSpec = {
  sortColumn: invitations.createdAt,
  idColumn: invitations.id,
  direction: 'desc',
};

export async function listInvitations(
  deps: DbDeps,
  actor: Actor,
  input: z.input<typeof listInvitationsInputSchema> = {},
): Promise<Page<InvitationView>> {
  const scope = authorize(actor, 'admin');
  const { cursor, limit } = parseInput(listInvitationsInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(async () => {
    const rows = await deps.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.organizationId, scope.organizationId), afterCursor(KEYSET, cursor)))
      .orderBy(...keysetOrder(KEYSET))
      .limit(limit + 1);
    const page = toPage(rows, limit, (row) => ({ value: row.createdAt, id: row.id }));
    return {
      items: page.items.map((row) => toInvitationView(row, now)),
      nextCursor: page.nextCursor,
    };
  });
}
