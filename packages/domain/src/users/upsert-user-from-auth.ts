// Mirrors an authenticated user (Supabase `sub` + email) into the users table on each sign-in.
import { sql } from 'drizzle-orm';
import { type UserRow, users } from '@retrace/db';
import { z } from 'zod';
import type { DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { parseInput } from '../validation/parse-input.ts';

export const upsertUserFromAuthInputSchema = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().trim().toLowerCase().pipe(z.email()),
});

export async function upsertUserFromAuth(
  deps: DbDeps,
  input: z.input<typeof upsertUserFromAuthInputSchema>,
): Promise<UserRow> {
  const { sub, email } = parseInput(upsertUserFromAuthInputSchema, input);
  return withDomainErrors(async () => {
    const [user] = await deps.db
      .insert(users)
      .values({ id: sub, email, createdAt: currentTime(deps) })
      .onConflictDoUpdate({ target: users.id, set: { email: sql`excluded.email` } })
      .returning();
    if (!user) throw new Error('upsert returned no row');
    return user;
  });
}
