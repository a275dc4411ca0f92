// Field rules of a test config: LLM settings, limits and timeouts.
import { z } from 'zod';
import { httpUrlSchema } from '../validation/fields.ts';

export const testConfigFieldsSchema = z.object({
  /** Replaces the project's base URL, e.g. to run against staging. */
  baseUrlOverride: httpUrlSchema.nullable(),
  llmProvider: z.enum(['openai', 'anthropic', 'openai-compatible']).nullable(),
  llmModel: z.string().trim().min(1).max(200).nullable(),
  llmBaseUrl: httpUrlSchema.nullable(),
  maxSteps: z.number().int().min(1).max(500),
  maxActionsPerStep: z.number().int().min(1).max(50),
  repairPolicy: z.enum(['auto', 'never']),
  runTimeoutMs: z.number().int().min(1000).max(86_400_000),
  stepTimeoutMs: z.number().int().min(100).max(3_600_000),
});

export const testConfigNameSchema = z.string().trim().min(1).max(64);
