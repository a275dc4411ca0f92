// For servers without JSON-schema structured outputs: the schema goes into the prompt, and fenced JSON is unwrapped.
import { type LanguageModelV3Middleware } from '@ai-sdk/provider';

/** Builds the instruction that carries the schema when the server cannot take it as `response_format`. */
export function jsonSchemaInstruction(schema: unknown): string {
  return [
    'Reply with one JSON object and nothing else: no prose, no Markdown code fence.',
    'The object must conform to this JSON schema:',
    JSON.stringify(schema),
  ].join('\n');
}

/**
 * Prepends the schema instruction as a system message to every call that asks for JSON with a schema. The
 * provider then sends `response_format: { type: 'json_object' }`, which OpenAI-compatible servers widely support.
 */
export const jsonModeMiddleware: LanguageModelV3Middleware = {
  specificationVersion: 'v3',
  transformParams: ({ params }) => {
    const format = params.responseFormat;
    if (format?.type !== 'json' || format.schema === undefined) return Promise.resolve(params);
    return Promise.resolve({
      ...params,
      // Without the schema the provider asks for plain JSON mode instead of warning that it cannot send one.
      responseFormat: { type: 'json' },
      prompt: [{ role: 'system', content: jsonSchemaInstruction(format.schema) }, ...params.prompt],
    });
  },
};
