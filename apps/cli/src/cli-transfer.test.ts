import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_TESTS_DIR, type DemoApp, startDemoApp } from '@retrace/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { RunReport } from './run/run-report.ts';
import { makeTempDir, runRetrace } from './test-support/spawn-retrace.ts';
import { EXPORT_FORMAT, type TraversalFile } from './transfer/transfer-format.ts';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let shop: DemoApp;
beforeAll(async () => {
  temp = await makeTempDir('transfer');
  shop = await startDemoApp();
});
afterAll(async () => {
  await shop.close();
  await temp.remove();
});

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(path.relative(dir, path.join(entry.parentPath, entry.name)));
  }
  return found.sort();
}

describe('import and export', () => {
  it('imports steps files (recorded in a browser), exports them, and imports the export into another database where it replays', async () => {
    const source = path.join(temp.dir, 'source');
    const target = path.join(temp.dir, 'target');
    const run = (args: string[]) => runRetrace(args, { cwd: temp.dir });

    // A project comes from an export manifest that holds only the project.
    const seed = path.join(temp.dir, 'seed');
    await mkdir(seed);
    await writeFile(
      path.join(seed, 'retrace-export.yaml'),
      `format: ${EXPORT_FORMAT}\nexportedAt: "2026-01-01T00:00:00Z"\nproject:\n  name: Imported shop\n  defaultUrlRoute: ${shop.url}\n`,
    );
    const created = await run(['import', seed, '--data-dir', source]);
    expect(created.code, created.stderr).toBe(0);

    const steps = path.join(temp.dir, 'steps');
    await mkdir(steps);
    for (const file of ['catalog-filters.steps.yaml', 'product-details.steps.yaml']) {
      await copyFile(path.join(DEMO_TESTS_DIR, file), path.join(steps, file));
    }
    const imported = await run([
      'import',
      steps,
      '--project',
      'Imported shop',
      '--tag',
      'imported',
      '--data-dir',
      source,
    ]);
    expect(imported.code, `${imported.stdout}\n${imported.stderr}`).toBe(0);
    expect(imported.stdout).toContain('2 test case(s) created, 0 updated, 2 traversal(s) saved');

    const first = path.join(temp.dir, 'export-1');
    const exported = await run([
      'export',
      first,
      '--project',
      'Imported shop',
      '--data-dir',
      source,
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('exported 2 test case(s) and 2 traversal(s)');
    expect(await filesUnder(first)).toEqual([
      'retrace-export.yaml',
      'test-cases/filter-the-catalog.yaml',
      'test-cases/open-a-product-page.yaml',
      'traversals/filter-the-catalog/desktop-chromium-1280-720.json',
      'traversals/open-a-product-page/desktop-chromium-1280-720.json',
    ]);
    const testCase = parseYaml(
      await readFile(path.join(first, 'test-cases/filter-the-catalog.yaml'), 'utf8'),
    );
    expect(testCase).toMatchObject({
      name: 'Filter the catalog',
      tags: ['imported'],
      urlRoute: '/',
      browserConfigs: ['Desktop Chromium 1280×720'],
    });
    const traversal = JSON.parse(
      await readFile(
        path.join(first, 'traversals/filter-the-catalog/desktop-chromium-1280-720.json'),
        'utf8',
      ),
    ) as TraversalFile;
    expect(traversal.source).toBe('steps_file');
    const fingerprints = traversal.brainStates
      .flatMap((s) => s.actions)
      .map((a) => a.domElementData)
      .filter(Boolean);
    expect(fingerprints.length).toBeGreaterThan(2);

    // Into a fresh database: the project, tags, test cases and traversals come back.
    const into = await run(['import', first, '--data-dir', target]);
    expect(into.code, `${into.stdout}\n${into.stderr}`).toBe(0);
    expect(into.stdout).toContain(
      'imported into "Imported shop": 2 test case(s) created, 0 updated, 2 traversal(s) saved',
    );
    const second = path.join(temp.dir, 'export-2');
    expect((await run(['export', second, '--data-dir', target])).code).toBe(0);
    for (const file of await filesUnder(first)) {
      if (file.startsWith('test-cases/')) {
        expect(await readFile(path.join(second, file), 'utf8'), file).toBe(
          await readFile(path.join(first, file), 'utf8'),
        );
      } else if (file.startsWith('traversals/')) {
        const before = JSON.parse(await readFile(path.join(first, file), 'utf8')) as TraversalFile;
        const after = JSON.parse(await readFile(path.join(second, file), 'utf8')) as TraversalFile;
        expect(after.brainStates, file).toEqual(before.brainStates);
        expect(after.source).toBe('import');
      }
    }

    // The imported traversals replay without a model.
    const replay = await run([
      'run',
      '--mode',
      'replay',
      '--reporter',
      'json',
      '--data-dir',
      target,
    ]);
    expect(replay.code, `${replay.stdout}\n${replay.stderr}`).toBe(0);
    const report = JSON.parse(replay.stdout) as RunReport;
    expect(report.summary).toEqual({ total: 2, passed: 2, failed: 0 });
    expect(report.results.every((r) => r.runType === 'REPLAY')).toBe(true);

    // Importing again updates in place: same test cases, a new traversal version each.
    const again = await run(['import', first, '--data-dir', target]);
    expect(again.stdout).toContain('0 test case(s) created, 2 updated, 2 traversal(s) saved');
  });

  it('refuses an invalid steps file with its line and what to fix, before opening anything', async () => {
    const bad = path.join(temp.dir, 'bad.steps.yaml');
    await writeFile(bad, 'name: Broken\nexpectedOutcome: ok\nsteps:\n  - clik: "#go"\n');
    const result = await runRetrace(['import', bad, '--data-dir', path.join(temp.dir, 'unused')], {
      cwd: temp.dir,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.steps\.yaml: the steps file is invalid\n\s+line 4, step 1/);
    expect(result.stderr).toMatch(/did you mean "click"\?/);
  });
});
