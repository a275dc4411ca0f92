// The export folder's files: a manifest, one YAML file per test case, one JSON file per recorded traversal.
import { z } from 'zod';

export const EXPORT_FORMAT = 'retrace-export/v1';
export const MANIFEST_FILE = 'retrace-export.yaml';
export const TEST_CASES_DIR = 'test-cases';
export const TRAVERSALS_DIR = 'traversals';

const text = z.string();
const name = z.string().trim().min(1);

export const manifestSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    exportedAt: z.string(),
    project: z.object({ name, defaultUrlRoute: z.string() }).strict(),
    tags: z.array(z.object({ name, color: z.string() }).strict()).default([]),
    browserConfigs: z
      .array(
        z
          .object({ name, builtin: z.boolean(), browserConfig: z.record(z.string(), z.unknown()) })
          .strict(),
      )
      .default([]),
    documents: z.array(z.object({ name, content: text }).strict()).default([]),
    /** Names only: values never leave the server; create them in the target project before replaying. */
    secrets: z.array(name).default([]),
    testCases: z.array(z.string()).default([]),
  })
  .strict();
export type ExportManifest = z.infer<typeof manifestSchema>;

export const testCaseFileSchema = z
  .object({
    name,
    testDescription: text,
    expectedOutcome: text,
    extraRules: text.default(''),
    urlRoute: z.string().min(1),
    allowedDomains: z.array(z.string()).default([]),
    tags: z.array(name).default([]),
    browserConfigs: z.array(name).default([]),
    document: name.nullable().default(null),
    traversals: z.array(z.object({ browserConfig: name, file: z.string() }).strict()).default([]),
  })
  .strict();
export type TestCaseFile = z.infer<typeof testCaseFileSchema>;

export const traversalFileSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    testCase: name,
    browserConfig: name,
    version: z.number().int(),
    source: z.enum(['agentic', 'repair', 'steps_file', 'import']),
    verified: z.boolean(),
    expectedOutcome: z.string().min(1),
    secrets: z.array(z.object({ name, version: z.number().int().min(1) }).strict()).default([]),
    brainStates: z.array(
      z
        .object({
          evaluationPreviousGoal: text,
          memory: text,
          nextGoal: text,
          valid: z.boolean(),
          actions: z.array(
            z
              .object({
                action: z.record(z.string(), z.unknown()),
                domElementData: z.record(z.string(), z.unknown()).nullable(),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();
export type TraversalFile = z.infer<typeof traversalFileSchema>;

/** A file-name-safe, readable slug: "Buy with express shipping" → "buy-with-express-shipping". */
export function slugify(value: string): string {
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return slug || 'item';
}

/** Slugs unique within one folder: a second "Checkout" becomes "checkout-2". */
export function uniqueSlugger(): (value: string) => string {
  const used = new Map<string, number>();
  return (value) => {
    const base = slugify(value);
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  };
}
