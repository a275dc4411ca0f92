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
 * Replaces the placeholders of known secrets by their values (through `encode`, e.g. escaping for a regular
 * expression) and leaves any other placeholder as it is: for text that only locates an element, where an
 * unknown name just finds nothing.
 */
export function fillKnownSecrets(
  text: string,
  secrets: SecretValues,
  encode: (value: string) => string = (value) => value,
): string {
  if (!text.includes('<secret>')) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = secrets.get(name);
    return value === undefined ? whole : encode(value);
  });
}

/** Escapes a text for use inside a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A placeholder as written inside a regex literal, its slash escaped: `/<secret>name<\/secret>/`. */
const ESCAPED_PLACEHOLDER = new RegExp(
  PLACEHOLDER.source.replace('<\\/secret>', '<\\\\\\/secret>'),
  'g',
);

/** fillKnownSecrets for a regular expression's source: values are escaped, placeholders may be written `<\/secret>`. */
export function fillKnownSecretsInRegex(source: string, secrets: SecretValues): string {
  return fillKnownSecrets(
    source.replace(ESCAPED_PLACEHOLDER, (_whole, name: string) => secretPlaceholder(name)),
    secrets,
    escapeRegExp,
  );
}

/** A placeholder already in a text: kept whole, so redacting twice changes nothing. */
const PLACEHOLDER_SOURCE = PLACEHOLDER.source;

/**
 * Replaces every exact occurrence of a secret value by its placeholder (so the model still knows which secret
 * sits there), in one pass from left to right: at each position an existing placeholder is kept whole, else the
 * longest value that starts there is replaced. So redacting is idempotent, and a value that also occurs in a
 * placeholder's markup (a password `secret`, or a secret named like its value) never rewrites placeholders.
 * Every non-empty value is redacted, however short: a leak is worse than a shredded page text.
 */
export function redactSecrets(text: string, secrets: SecretValues): string {
  const names = new Map<string, string>();
  for (const [name, value] of secrets)
    if (value.length > 0 && text.includes(value) && !names.has(value)) names.set(value, name);
  if (names.size === 0) return text;
  const values = [...names.keys()].sort((a, b) => b.length - a.length);
  const valueSource = values.map(escapeRegExp).join('|');
  const replaceValue = (value: string): string => secretPlaceholder(names.get(value) ?? '');
  return text.replace(
    new RegExp(`${PLACEHOLDER_SOURCE}|${valueSource}`, 'g'),
    (match, placeholderName?: string) => {
      if (placeholderName === undefined) return replaceValue(match);
      // Only a placeholder of one of these secrets is ours; text that merely looks like one is redacted too.
      if (secrets.has(placeholderName)) return match;
      return match.replace(new RegExp(valueSource, 'g'), replaceValue);
    },
  );
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A time Retrace stamped itself (`startedAt`, `finishedAt`, …: a key ending in `At` holding an ISO 8601 time):
 * it carries nothing a page or a user typed, so a short secret (a PIN, a card's security code) that happens to
 * occur among its digits must not turn it into an unreadable date.
 */
export function isOwnTimestamp(key: string, value: unknown): boolean {
  return key.endsWith('At') && typeof value === 'string' && ISO_TIMESTAMP.test(value);
}

/** Redacts secret values anywhere inside a JSON-like value (strings in arrays and objects; not isOwnTimestamp). */
export function redactSecretsDeep<T>(value: T, secrets: SecretValues): T {
  if (secrets.size === 0) return value;
  if (typeof value === 'string') return redactSecrets(value, secrets) as T;
  if (Array.isArray(value))
    return value.map((item: unknown) => redactSecretsDeep(item, secrets)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = isOwnTimestamp(key, item) ? item : redactSecretsDeep(item, secrets);
    return out as T;
  }
  return value;
}
