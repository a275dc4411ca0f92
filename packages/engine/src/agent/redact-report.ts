// Secret redaction for what the loop hands out (events, outcomes, logs): every string, binary data untouched.
import { redactSecretsEverywhere } from '../actions/redact-encoded-secrets.ts';
import { isOwnTimestamp, type SecretValues } from '../secrets/secret-text.ts';

/**
 * Replaces secret values, plain or URL-encoded, in every string of a JSON-like value by their placeholders.
 * Unlike redactSecretsDeep it leaves byte arrays (screenshots) and dates as they are; like it, the times Retrace
 * stamped itself (isOwnTimestamp).
 */
export function redactReport<T>(value: T, secrets: SecretValues): T {
  if (secrets.size === 0) return value;
  if (typeof value === 'string') return redactSecretsEverywhere(value, secrets);
  if (value instanceof Uint8Array || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => redactReport(item, secrets)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = isOwnTimestamp(key, item) ? item : redactReport(item, secrets);
    return out as T;
  }
  return value;
}
