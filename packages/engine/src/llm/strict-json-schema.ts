// Whether a JSON schema satisfies OpenAI's strict structured-output rules, so we ask for strict mode only when it does.

/**
 * OpenAI strict mode requires every object to list all its properties as required and forbid others; a schema with
 * optional fields sent as strict is rejected with HTTP 400. Non-strict still constrains output, just less tightly.
 */
export function isStrictJsonSchema(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictJsonSchema);
  if (schema === null || typeof schema !== 'object') return true;
  const node = schema as Record<string, unknown>;
  const properties = node['properties'];
  if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
    if (node['additionalProperties'] !== false) return false;
    const required = Array.isArray(node['required']) ? (node['required'] as unknown[]) : [];
    for (const key of Object.keys(properties)) if (!required.includes(key)) return false;
  } else if (node['type'] === 'object' && node['additionalProperties'] !== false) {
    // A free-form object (z.record) cannot be strict.
    return false;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
    if (key === 'properties' && value !== null && typeof value === 'object') {
      if (!Object.values(value).every(isStrictJsonSchema)) return false;
    } else if (!isStrictJsonSchema(value)) {
      return false;
    }
  }
  return true;
}
