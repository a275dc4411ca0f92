// Field rules of a test case: what to do, what must hold at the end, where to start, where it may go.
import { z } from 'zod';
import {
  allowedDomainsSchema,
  idSchema,
  longTextSchema,
  nameSchema,
  urlRouteSchema,
} from '../validation/fields.ts';

export const testCaseFieldsSchema = z.object({
  name: nameSchema,
  testDescription: z.string().trim().min(1).max(20_000),
  expectedOutcome: z.string().trim().min(1).max(5_000),
  extraRules: longTextSchema.default(''),
  urlRoute: urlRouteSchema,
  allowedDomains: allowedDomainsSchema.default([]),
  documentId: idSchema.nullable().optional(),
});
