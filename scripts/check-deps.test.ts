import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers, importsOf } from './check-deps.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
let scratch: string | undefined;

function tree(files: Record<string, string>): string {
  scratch = mkdtempSync(path.join(tmpdir(), 'retrace-deps-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    writeFileSync(path.join(scratch, file), text);
  }
  return scratch;
}

afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe('check-deps', () => {
  it('finds static, dynamic, type-only and re-exported imports', () => {
    const src = `import a from 'x'; import type { B } from 'y'; export * from 'z'; const c = await import('w');`;
    expect(importsOf(src).sort()).toEqual(['w', 'x', 'y', 'z']);
  });

  it('the real repository respects its layering', () => {
    expect(checkLayers(repoRoot).map((v) => `${v.file} -> ${v.specifier}`)).toEqual([]);
  });

  it('fails when an engine file imports the db package', () => {
    const root = tree({
      'packages/engine/src/bad.ts': `import { createDatabase } from '@retrace/db';\n`,
    });
    const violations = checkLayers(root);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.specifier).toBe('@retrace/db');
  });

  it('fails when the engine reaches the db through a relative path', () => {
    const root = tree({ 'packages/engine/src/bad.ts': `import '../../db/src/db.ts';\n` });
    expect(checkLayers(root)).toHaveLength(1);
  });

  it('fails when an API route imports SQL directly', () => {
    const root = tree({ 'apps/api/src/routes/runs.ts': `import { sql } from 'drizzle-orm';\n` });
    expect(checkLayers(root).map((v) => v.specifier)).toEqual(['drizzle-orm']);
  });

  it('lets API tests create a database but not API source files', () => {
    const root = tree({
      'apps/api/src/runs.test.ts': `import { createDatabase } from '@retrace/db';\n`,
      'apps/api/src/runs.ts': `import { createDatabase } from '@retrace/db';\n`,
    });
    expect(checkLayers(root).map((v) => v.file)).toEqual(['apps/api/src/runs.ts']);
  });

  it('exits non-zero from the command line on a violation', () => {
    const root = tree({ 'packages/engine/src/bad.ts': `import pg from 'pg';\n` });
    let status = 0;
    try {
      execFileSync('npx', ['tsx', path.join(repoRoot, 'scripts/check-deps.ts'), root], {
        stdio: 'pipe',
      });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(1);
  });
});
