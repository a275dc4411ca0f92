// Redaction that also catches secret values in their URL-encoded forms (query strings, hrefs, form posts).
import { isOwnTimestamp, redactSecretsDeep, type SecretValues } from '../secrets/secret-text.ts';

/** The encoded spellings of a value that differ from it: encodeURIComponent, form encoding, encodeURI. */
function encodedForms(value: string): string[] {
  const component = encodeURIComponent(value);
  const forms = new Set([component, component.replace(/%20/g, '+'), encodeURI(value)]);
  forms.delete(value);
  // Longest first, so a form containing another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

function decodeSecrets(text: string, secrets: SecretValues): string {
  let result = text;
  for (const value of secrets.values()) {
    if (value.length === 0) continue;
    for (const form of encodedForms(value))
      if (result.includes(form)) result = result.split(form).join(value);
  }
  return result;
}

function decodeDeep<T>(value: T, secrets: SecretValues): T {
  if (typeof value === 'string') return decodeSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => decodeDeep(item, secrets)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = isOwnTimestamp(key, item) ? item : decodeDeep(item, secrets);
    return out as T;
  }
  return value;
}

/**
 * Like redactSecretsDeep, but a secret that appears URL-encoded (`alice%40example.com`, `a+b`) is redacted
 * too: URLs and attributes carry values in encoded form.
 */
export function redactSecretsEverywhere<T>(value: T, secrets: SecretValues): T {
  if (secrets.size === 0) return value;
  return redactSecretsDeep(decodeDeep(value, secrets), secrets);
}
