// Creates an organization; its creator becomes its first admin.
import { createId } from '@paralleldrive/cuid2';
import { type MemberRow, members, type OrganizationRow, organizations } from '@retrace/db';
import { z } from 'zod';
import type { DbDeps } from '../deps.ts';
import { currentTime } from '../deps.ts';
import { withDomainErrors } from '../errors/map-database-error.ts';
import { nameSchema } from '../validation/fields.ts';
import { parseInput } from '../validation/parse-input.ts';

export const createOrganizationInputSchema = z.object({
  name: nameSchema,
  logo: z.string().trim().max(2048).nullable().optional(),
});

export async function createOrganization(
  deps: DbDeps,
  creator: { userId: string },
  input: z.input<typeof createOrganizationInputSchema>,
): Promise<{ organization: OrganizationRow; member: MemberRow }> {
  const { name, logo } = parseInput(createOrganizationInputSchema, input);
  const now = currentTime(deps);
  return withDomainErrors(() =>
    deps.db.transaction(async (tx) => {
      const [organization] = await tx
        .insert(organizations)
        .values({ id: createId(), name, logo: logo ?? null, createdAt: now, updatedAt: now })
        .returning();
      if (!organization) throw new Error('insert returned no row');
      const [member] = await tx
        .insert(members)
        .values({
          organizationId: organization.id,
          userId: creator.userId,
          role: 'admin',
          createdAt: now,
        })
        .returning();
      if (!member) throw new Error('insert returned no row');
      return { organization, member };
    }),
  );
}
