// Says why a model reply is not a valid structured output: for the feedback message and for LLM_INVALID_OUTPUT.
import { type z } from 'zod';

const MAX_ISSUES = 10;

export interface InvalidOutput {
  /** One line per problem, `path: message`; never quotes the reply itself. */
  issues: string[];
  /** Whether the reply parsed as JSON at all. */
  parsed: boolean;
}

/**
 * Re-validates the raw reply against the schema to list its problems. The AI SDK reports only that parsing failed;
 * the model needs to know what to fix.
 */
export function describeInvalidOutput(
  text: string | undefined,
  schema: z.ZodType,
  finishReason?: string,
): InvalidOutput {
  if (text === undefined || text.trim() === '') {
    const why =
      finishReason === undefined || finishReason === 'stop'
        ? ''
        : ` (finish reason: ${finishReason})`;
    return { issues: [`the reply was empty${why}`], parsed: false };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse messages quote the offending text; keep only the position.
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    const truncated = finishReason === 'length' ? ', it was cut off at the output token limit' : '';
    const where = position === undefined ? '' : ` (error at character ${position})`;
    return { issues: [`the reply is not valid JSON${where}${truncated}`], parsed: false };
  }
  const result = schema.safeParse(value);
  if (result.success) {
    // The SDK's validator disagreed with ours (e.g. it refuses `__proto__` keys): say so rather than nothing.
    return { issues: ['the reply was rejected by the JSON parser'], parsed: true };
  }
  const issues = result.error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path === '' ? '(root)' : path}: ${issue.message}`;
  });
  const more = result.error.issues.length - issues.length;
  if (more > 0) issues.push(`… and ${more} more`);
  return { issues, parsed: true };
}

/** The message sent back to the model after an invalid reply. */
export function validationFeedback(invalid: InvalidOutput): string {
  return [
    'Your previous reply could not be used:',
    ...invalid.issues.map((issue) => `- ${issue}`),
    'Reply again with only a JSON object that conforms to the required schema.',
  ].join('\n');
}
