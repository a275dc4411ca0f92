// Response shapes of test cases (with their tag and browser-config links) and browser configs.
import { z } from '@hono/zod-openapi';
import type { BrowserConfigView, TestCaseView } from '@retrace/domain';
import { iso, jsonObject, timestamp } from './common-schemas.ts';

export const testCaseSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    documentId: z.string().nullable(),
    name: z.string(),
    testDescription: z.string(),
    expectedOutcome: z.string(),
    extraRules: z.string(),
    urlRoute: z.string(),
    allowedDomains: z.array(z.string()),
    tagIds: z.array(z.string()),
    browserConfigIds: z.array(z.string()),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .strict()
  .openapi('TestCase');

export function toTestCaseJson(view: TestCaseView): z.infer<typeof testCaseSchema> {
  return {
    id: view.id,
    projectId: view.projectId,
    documentId: view.documentId,
    name: view.name,
    testDescription: view.testDescription,
    expectedOutcome: view.expectedOutcome,
    extraRules: view.extraRules,
    urlRoute: view.urlRoute,
    allowedDomains: view.allowedDomains,
    tagIds: view.tagIds,
    browserConfigIds: view.browserConfigIds,
    createdAt: iso(view.createdAt),
    updatedAt: iso(view.updatedAt),
  };
}

export const browserConfigSchemaOut = z
  .object({
    id: z.string(),
    organizationId: z.string().nullable(),
    name: z.string(),
    builtin: z.boolean().openapi({ description: 'Built-in presets are read-only.' }),
    browserConfig: jsonObject().openapi({
      description: 'Browser, viewport, device, locale, timezone, colour scheme, headers, …',
    }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .strict()
  .openapi('BrowserConfig');

export function toBrowserConfigJson(
  view: BrowserConfigView,
): z.infer<typeof browserConfigSchemaOut> {
  return {
    id: view.id,
    organizationId: view.organizationId,
    name: view.name,
    builtin: view.builtin,
    browserConfig: view.browserConfig,
    createdAt: iso(view.createdAt),
    updatedAt: iso(view.updatedAt),
  };
}
