// Shared pieces of request and response schemas: ids in paths, pages, timestamps, ETag and problem documents.
import { z } from '@hono/zod-openapi';
import { idSchema, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '@retrace/domain';

export const timestamp = () => z.iso.datetime().openapi({ example: '2025-01-31T10:00:00.000Z' });

/** An ISO 8601 instant in a query; year 0 parses in JavaScript but not in PostgreSQL, so years start at 1. */
export const instantQuery = () =>
  z.iso.datetime({ offset: true }).refine((value) => new Date(value).getUTCFullYear() >= 1, {
    message: 'the year must be 1 or later',
  });

export function iso(date: Date): string {
  return date.toISOString();
}

export function isoOrNull(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/**
 * Path parameters: every id a route names, as the domain validates ids. Cloned first: schemas built before
 * @hono/zod-openapi extended zod lack `.openapi`, and module order must not matter.
 */
export const pathId = (name: string) =>
  idSchema.clone().openapi({ param: { name, in: 'path' }, example: 'cm5x8k2ab0000qz8h3f1d2e4g' });

export const orgParams = z.object({ orgId: pathId('orgId') });
export const withOrg = <T extends string>(...names: T[]) =>
  z.object({
    orgId: pathId('orgId'),
    ...(Object.fromEntries(names.map((name) => [name, pathId(name)])) as Record<
      T,
      ReturnType<typeof pathId>
    >),
  });

export const pageQuery = z
  .object({
    cursor: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .openapi({ description: 'The `nextCursor` of the previous page, unchanged.' }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE_SIZE)
      .default(DEFAULT_PAGE_SIZE)
      .openapi({ description: `Items per page (1-${MAX_PAGE_SIZE}).` }),
  })
  .strict();

export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
    })
    .strict()
    .openapi(name);
}

export const problemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:retrace:problem:not-found' }),
    title: z.string().openapi({ example: 'Not Found' }),
    status: z.number().int().openapi({ example: 404 }),
    code: z.string().openapi({ example: 'NOT_FOUND', description: 'Stable error code.' }),
    detail: z.string().openapi({ example: 'project not found', description: 'What to fix.' }),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), code: z.string() }))
      .optional()
      .openapi({ description: 'Field issues of a validation failure.' }),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Problem');

/** Opaque JSON objects stored as recorded (actions, element fingerprints, browser configs). */
export const jsonObject = () => z.record(z.string(), z.unknown());
