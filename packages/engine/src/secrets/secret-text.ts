// Secret placeholders in action text: `<secret>name</secret>` is substituted only at execution and redacted everywhere else.

/** The values of the secrets a run may use, by name. Never logged, never sent to a model. */
export type SecretValues = ReadonlyMap<string, string>;

const PLACEHOLDER = /<secret>([A-Za-z0-9_.-]{1,128})<\/secret>/g;

export const REDACTED = '[redacted secret]';

/** Builds the placeholder the model writes to use a secret. */
export function secretPlaceholder(name: string): string {
  return `<secret>${name}</secret>`;
}

/** Names of the secrets a text refers to, in order of first use. */
export function secretNamesIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

export class UnknownSecretError extends Error {
  readonly code = 'UNKNOWN_SECRET';
  constructor(readonly secretName: string) {
    super(
      `the test uses <secret>${secretName}</secret> but the project has no secret of that name`,
    );
    this.name = 'UnknownSecretError';
  }
}

/** Replaces every placeholder by its value; call only right before the value is typed into the page. */
export function substituteSecrets(text: string, secrets: SecretValues): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = secrets.get(name);
    if (value === undefined) throw new UnknownSecretError(name);
    return value;
  });
}

/**
 * Replaces every exact occurrence of a secret value by its placeholder (so the model still knows which secret
 * sits there). Longer values first, so a secret containing another is redacted whole. Every non-empty value
 * is redacted, however short: a leak is worse than a shredded page text.
 */
export function redactSecrets(text: string, secrets: SecretValues): string {
  const entries = [...secrets.entries()]
    .filter(([, value]) => value.length > 0)
    .sort((a, b) => b[1].length - a[1].length);
  let result = text;
  for (const [name, value] of entries) {
    if (result.includes(value)) result = result.split(value).join(secretPlaceholder(name));
  }
  return result;
}

/** Redacts secret values anywhere inside a JSON-like value (strings in arrays and objects). */
export function redactSecretsDeep<T>(value: T, secrets: SecretValues): T {
  if (secrets.size === 0) return value;
  if (typeof value === 'string') return redactSecrets(value, secrets) as T;
  if (Array.isArray(value))
    return value.map((item: unknown) => redactSecretsDeep(item, secrets)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactSecretsDeep(item, secrets);
    return out as T;
  }
  return value;
}
