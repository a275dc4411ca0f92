// Finds and reads retrace.config.{json,yaml,yml,mjs,ts} (or --config FILE) into a plain object of settings.
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { CliError, describeError } from '../cli-error.ts';

export const CONFIG_FILE_NAMES = [
  'retrace.config.json',
  'retrace.config.yaml',
  'retrace.config.yml',
  'retrace.config.mjs',
  'retrace.config.ts',
] as const;

export interface ConfigFile {
  /** As the user would recognise it: relative to the working directory when inside it. */
  name: string;
  path: string;
  values: Record<string, unknown>;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function invalid(name: string, message: string, cause?: unknown): CliError {
  return new CliError('CONFIG_FILE_INVALID', `${name}: ${message}`, { cause });
}

async function readValues(file: string, name: string): Promise<unknown> {
  const extension = path.extname(file);
  if (extension === '.mjs' || extension === '.ts' || extension === '.js') {
    try {
      const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
      const exported = module.default;
      return typeof exported === 'function' ? await (exported as () => unknown)() : exported;
    } catch (error) {
      throw invalid(name, `cannot load it: ${describeError(error)}`, error);
    }
  }
  const text = await readFile(file, 'utf8');
  try {
    return extension === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw invalid(
      name,
      `is not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${describeError(error)}`,
      error,
    );
  }
}

/**
 * The config file `explicit` names (it must exist), or the one in `cwd`, or null. Two candidate files in
 * one directory are refused: which one wins would be a guess.
 */
export async function loadConfigFile(cwd: string, explicit?: string): Promise<ConfigFile | null> {
  let file: string;
  if (explicit !== undefined) {
    file = path.resolve(cwd, explicit);
    if (!(await exists(file))) {
      throw new CliError('CONFIG_FILE_INVALID', `config file ${explicit} does not exist`);
    }
  } else {
    const found: string[] = [];
    for (const candidate of CONFIG_FILE_NAMES) {
      if (await exists(path.join(cwd, candidate))) found.push(candidate);
    }
    if (found.length === 0) return null;
    if (found.length > 1) {
      throw new CliError(
        'CONFIG_FILE_INVALID',
        `found ${found.join(' and ')} in ${cwd}: keep one, or choose with --config`,
      );
    }
    file = path.join(cwd, found[0] as string);
  }
  const relative = path.relative(cwd, file);
  const name = relative.startsWith('..') ? file : relative;
  const values = await readValues(file, name);
  if (values === null || values === undefined) return { name, path: file, values: {} };
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw invalid(name, 'must hold a mapping of settings, e.g. `port: 4700`');
  }
  return { name, path: file, values: values as Record<string, unknown> };
}
