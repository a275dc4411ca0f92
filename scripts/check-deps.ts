// Enforces the one-way layering of DESIGN §2: which workspace may import which package.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** A rule: files under `dir` (relative to the repository root) must not import `forbidden`. */
export interface LayerRule {
  dir: string;
  forbidden: readonly string[];
  /** Packages that test files (`*.test.ts`, `test-support/`) may still import, e.g. to create a test database. */
  allowedInTests?: readonly string[];
  why: string;
}

const SQL_PACKAGES = ['drizzle-orm', '@electric-sql/pglite', 'pg', 'postgres', 'pg-boss'];
const HTTP_PACKAGES = ['hono', '@hono/', 'express', 'fastify'];
const APP_PACKAGES = ['@retrace/api', '@retrace/worker', '@retrace/cli', '@retrace/web'];

export const LAYER_RULES: readonly LayerRule[] = [
  {
    dir: 'packages/engine',
    forbidden: [
      '@retrace/db',
      '@retrace/domain',
      '@retrace/queue',
      '@retrace/storage',
      ...APP_PACKAGES,
      ...SQL_PACKAGES,
      ...HTTP_PACKAGES,
    ],
    why: 'the engine is a pure library: no database, HTTP server or queue',
  },
  {
    dir: 'packages/db',
    forbidden: [
      '@retrace/engine',
      '@retrace/domain',
      '@retrace/queue',
      '@retrace/storage',
      ...APP_PACKAGES,
      ...HTTP_PACKAGES,
    ],
    why: 'the db package holds the schema and the connection only',
  },
  {
    dir: 'packages/domain',
    forbidden: [
      '@retrace/queue',
      '@retrace/storage',
      ...APP_PACKAGES,
      ...HTTP_PACKAGES,
      'playwright-core',
    ],
    why: 'domain modules know nothing of HTTP, the queue or the browser',
  },
  {
    dir: 'packages/storage',
    forbidden: [
      '@retrace/engine',
      '@retrace/db',
      '@retrace/domain',
      '@retrace/queue',
      ...APP_PACKAGES,
      ...SQL_PACKAGES,
    ],
    why: 'artifact storage is a standalone port implementation',
  },
  {
    dir: 'packages/queue',
    forbidden: [
      '@retrace/engine',
      '@retrace/domain',
      '@retrace/storage',
      ...APP_PACKAGES,
      ...HTTP_PACKAGES,
      'drizzle-orm',
    ],
    why: 'the queue package is the job catalog over pg-boss only',
  },
  {
    dir: 'apps/api',
    forbidden: [
      '@retrace/db',
      '@retrace/worker',
      '@retrace/cli',
      'playwright-core',
      ...SQL_PACKAGES,
    ],
    allowedInTests: ['@retrace/db', 'playwright-core'],
    why: 'the API reaches the database only through the domain modules; routes never import SQL',
  },
  {
    dir: 'apps/worker',
    forbidden: [
      '@retrace/db',
      '@retrace/api',
      '@retrace/cli',
      'drizzle-orm',
      'pg',
      '@electric-sql/pglite',
      ...HTTP_PACKAGES,
    ],
    allowedInTests: ['@retrace/db'],
    why: 'the worker reaches the database only through the domain modules',
  },
  {
    dir: 'packages/demo',
    forbidden: ['@retrace/db', ...APP_PACKAGES, ...SQL_PACKAGES, ...HTTP_PACKAGES],
    allowedInTests: ['@retrace/db'],
    why: 'the demo loads its project through the domain modules only',
  },
  {
    dir: 'apps/cli',
    forbidden: ['drizzle-orm', 'pg', 'postgres', '@electric-sql/pglite', '@retrace/web'],
    why: 'the CLI composes the packages; it never writes SQL itself',
  },
  {
    dir: 'apps/web',
    forbidden: ['@retrace/', ...SQL_PACKAGES, ...HTTP_PACKAGES, 'playwright-core'],
    allowedInTests: ['playwright-core'],
    why: 'the dashboard talks only to the REST API',
  },
];

const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.jsx']);
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'migrations', '.vite']);

export interface Violation {
  file: string;
  specifier: string;
  rule: LayerRule;
}

function matches(specifier: string, forbidden: string): boolean {
  if (forbidden.endsWith('/')) return specifier.startsWith(forbidden);
  return specifier === forbidden || specifier.startsWith(`${forbidden}/`);
}

function* sourceFiles(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (SKIPPED_DIRS.has(entry)) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (SOURCE_EXTENSIONS.has(path.extname(entry))) yield full;
  }
}

/** Import specifiers of one file: static, dynamic, re-exports and require(). */
export function importsOf(source: string): string[] {
  const info = ts.preProcessFile(source, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

function isTestFile(file: string): boolean {
  return /\.(test|contract)\.tsx?$/.test(file) || file.split(path.sep).includes('test-support');
}

/** Relative imports that leave their own workspace are violations too. */
function escapesWorkspace(root: string, ruleDir: string, file: string, specifier: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const target = path.resolve(path.dirname(file), specifier);
  return !target.startsWith(path.resolve(root, ruleDir) + path.sep);
}

export function checkLayers(root: string, rules: readonly LayerRule[] = LAYER_RULES): Violation[] {
  const violations: Violation[] = [];
  for (const rule of rules) {
    for (const file of sourceFiles(path.join(root, rule.dir))) {
      const testFile = isTestFile(file);
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const allowed = testFile && (rule.allowedInTests ?? []).some((a) => matches(specifier, a));
        const bad =
          (!allowed && rule.forbidden.some((f) => matches(specifier, f))) ||
          escapesWorkspace(root, rule.dir, file, specifier);
        if (bad) violations.push({ file: path.relative(root, file), specifier, rule });
      }
    }
  }
  return violations;
}

function main(): void {
  const root = path.resolve(
    process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'),
  );
  const violations = checkLayers(root);
  for (const v of violations) {
    console.error(`${v.file}: imports '${v.specifier}' — ${v.rule.why} (rule for ${v.rule.dir})`);
  }
  if (violations.length > 0) {
    console.error(`check-deps: ${violations.length} forbidden import(s)`);
    process.exit(1);
  }
  console.log('check-deps: layering respected');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
