// Validates an operation's input with its zod schema; failures become VALIDATION_FAILED with the issues.
import type { z } from 'zod';
import { DomainError } from '../errors/domain-error.ts';

export interface ValidationIssue {
  path: string;
  message: string;
  code: string;
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  // Issues carry paths and messages only, never the submitted values (a secret may be among them).
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
    code: issue.code,
  }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new DomainError('VALIDATION_FAILED', `invalid input: ${summary}`, {
    details: { issues },
    cause: result.error,
  });
}
