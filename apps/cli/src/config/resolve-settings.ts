// Resolves settings from flags > environment > config file > defaults, each validated, each error naming its source.
import { CliError } from '../cli-error.ts';
import type { ConfigFile } from './load-config-file.ts';
import { SETTING_KEYS, SETTINGS, type SettingDef, type SettingKey } from './settings.ts';

export type Origin =
  | { kind: 'flag'; name: string }
  | { kind: 'env'; name: string }
  | { kind: 'file'; name: string }
  | { kind: 'default' }
  | { kind: 'unset' };

export interface SettingSources {
  /** Values commander parsed, by setting key, only for flags given on the command line. */
  flags: Partial<Record<SettingKey, unknown>>;
  env: Readonly<Record<string, string | undefined>>;
  file: ConfigFile | null;
}

export interface ResolvedSettings {
  values: Partial<Record<SettingKey, unknown>>;
  origins: Record<string, Origin>;
}

/** Where a value came from, as a user would write it. */
export function describeOrigin(origin: Origin): string {
  switch (origin.kind) {
    case 'flag':
      return `flag ${origin.name}`;
    case 'env':
      return `environment variable ${origin.name}`;
    case 'file':
      return `config file ${origin.name}`;
    case 'default':
      return 'default';
    case 'unset':
      return 'not set';
  }
}

export function flagName(setting: SettingDef): string | null {
  return setting.flag?.split(/[ ,]/)[0] ?? null;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] as number;
}

function closestKey(key: string): string | null {
  let best: { key: string; distance: number } | null = null;
  for (const candidate of SETTING_KEYS) {
    const distance = levenshtein(key.toLowerCase(), candidate.toLowerCase());
    if (best === null || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.key : null;
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Converts a raw value to the setting's kind; a string message says what is wrong. */
function convert(setting: SettingDef, raw: unknown, from: Origin['kind']): unknown {
  switch (setting.kind) {
    case 'string':
      return typeof raw === 'number' && from === 'file' ? String(raw) : raw;
    case 'int':
      if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) return Number(raw.trim());
      return raw;
    case 'bool':
      if (typeof raw === 'string') {
        const text = raw.trim().toLowerCase();
        if (['1', 'true', 'yes', 'on'].includes(text)) return true;
        if (['0', 'false', 'no', 'off', ''].includes(text)) return false;
      }
      return raw;
    case 'list':
      if (typeof raw === 'string') {
        return raw
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== '');
      }
      if (Array.isArray(raw))
        return raw.map((item) => (typeof item === 'number' ? String(item) : item));
      return raw;
    case 'duration': {
      if (typeof raw === 'number') return Math.round(raw * 1_000);
      if (typeof raw === 'string') {
        const match = DURATION.exec(raw.trim());
        if (match) return Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 's'] as number));
      }
      return raw;
    }
  }
}

function expectation(setting: SettingDef): string {
  switch (setting.kind) {
    case 'int':
      return 'a whole number';
    case 'bool':
      return 'true or false';
    case 'list':
      return setting.flag
        ? 'a list (repeat the flag, or separate by commas)'
        : 'a comma-separated list';
    case 'duration':
      return 'a duration such as 90s, 10m or 1h (a plain number is seconds)';
    case 'string':
      return 'text';
  }
}

/** "write e.g. --port 4700" in the syntax of the source the bad value came from. */
function exampleFor(setting: SettingDef, origin: Origin): string {
  if (origin.kind === 'env') return `${origin.name}=${setting.example}`;
  if (origin.kind === 'file') return `${setting.key}: ${setting.example}`;
  const flag = flagName(setting);
  if (setting.kind === 'bool') return flag ?? setting.key;
  return `${flag ?? setting.key} ${setting.example}`;
}

function pick(setting: SettingDef, sources: SettingSources): { raw: unknown; origin: Origin } {
  const key = setting.key as SettingKey;
  if (key in sources.flags && sources.flags[key] !== undefined) {
    return { raw: sources.flags[key], origin: { kind: 'flag', name: flagName(setting) ?? key } };
  }
  for (const name of setting.env ?? []) {
    const value = sources.env[name];
    // An empty variable is what `FOO=` or an unset CI secret gives: treat it as unset.
    if (value !== undefined && value !== '') return { raw: value, origin: { kind: 'env', name } };
  }
  const file = sources.file;
  if (file && Object.hasOwn(file.values, setting.key)) {
    return { raw: file.values[setting.key], origin: { kind: 'file', name: file.name } };
  }
  if (setting.default !== undefined) return { raw: setting.default, origin: { kind: 'default' } };
  return { raw: undefined, origin: { kind: 'unset' } };
}

/** Problems of the config file itself: unknown keys (with a suggestion) and secrets that belong in the environment. */
export function checkConfigFile(file: ConfigFile): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(file.values)) {
    const setting = (SETTINGS as Record<string, SettingDef>)[key];
    if (!setting) {
      const closest = closestKey(key);
      problems.push(
        `config file ${file.name}: unknown setting "${key}"${closest ? ` — did you mean "${closest}"?` : ` — see \`retrace config --help\``}`,
      );
    } else if (setting.envOnly) {
      problems.push(
        `config file ${file.name}: "${key}" is a secret and must not be in a file that may be committed — set ${setting.env?.[0] ?? key} in the environment instead${setting.flag ? ` (or pass ${flagName(setting)})` : ''}`,
      );
    }
  }
  return problems;
}

/**
 * Resolves the given settings. Every invalid value is reported at once, each with its key, its source and a
 * valid example in that source's syntax; secret values are never echoed. Throws CliError CONFIG_INVALID.
 */
export function resolveSettings(
  keys: readonly SettingKey[],
  sources: SettingSources,
): ResolvedSettings {
  const problems = sources.file ? checkConfigFile(sources.file) : [];
  const values: Partial<Record<SettingKey, unknown>> = {};
  const origins: Record<string, Origin> = {};
  for (const key of keys) {
    const setting: SettingDef = SETTINGS[key];
    const { raw, origin } = pick(setting, sources);
    origins[key] = origin;
    if (origin.kind === 'unset') continue;
    // Defaults are already typed (durations in ms); only what a user wrote is converted.
    const converted = origin.kind === 'default' ? raw : convert(setting, raw, origin.kind);
    const parsed = setting.schema.safeParse(converted);
    if (parsed.success) {
      values[key] = parsed.data;
      continue;
    }
    const shown = setting.secret || typeof raw === 'object' ? '' : ` (got ${JSON.stringify(raw)})`;
    const wrongType = parsed.error.issues.some((issue) => issue.code === 'invalid_type');
    const reason = wrongType
      ? `expected ${expectation(setting)}`
      : (parsed.error.issues[0]?.message ?? 'invalid');
    problems.push(
      `${setting.key} from ${describeOrigin(origin)}${shown}: ${reason} — write e.g. ${exampleFor(setting, origin)}`,
    );
  }
  if (problems.length > 0) {
    throw new CliError(
      'CONFIG_INVALID',
      `invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return { values, origins };
}
