import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from './run/run-report.ts';
import { createDatabase } from '@retrace/db';
import {
  descendantProcesses,
  isRunning,
  makeTempDir,
  runRetrace,
  startRetrace,
} from './test-support/spawn-retrace.ts';

// One data directory shared by the steps below, in order: recording the demo once is the slow part.
let temp: Awaited<ReturnType<typeof makeTempDir>>;
let dataDir: string;
beforeAll(async () => {
  temp = await makeTempDir('demo');
  dataDir = path.join(temp.dir, 'data');
});
afterAll(() => temp.remove());

/** Demo test cases × their browser configs (every test on desktop, the smoke tests also on the phone). */
const DEMO_RUNS = 11;

describe('retrace run --demo', () => {
  it('replays the demo suite on a clean database, writes JUnit that lists every test as passed, and exits 0', async () => {
    const output = path.join(temp.dir, 'results', 'demo.xml');
    const result = await runRetrace(
      ['run', '--demo', '--reporter', 'junit', '--output', output, '--data-dir', dataDir],
      {
        cwd: temp.dir,
      },
    );
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const xml = await readFile(output, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => n === 'testsuite' || n === 'testcase',
    }).parse(xml) as {
      testsuites: {
        tests: string;
        failures: string;
        testsuite: { name: string; testcase: { name: string; failure?: unknown }[] }[];
      };
    };
    expect(doc.testsuites).toMatchObject({ tests: String(DEMO_RUNS), failures: '0' });
    const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase);
    expect(cases).toHaveLength(DEMO_RUNS);
    expect(cases.every((c) => c.failure === undefined)).toBe(true);
    expect(cases.map((c) => c.name)).toContain(
      'Buy with express shipping [Pixel 7 (emulated in Chromium)]',
    );
    expect(doc.testsuites.testsuite.map((s) => s.name)).toEqual([
      'Pinecone Supply (demo) [Desktop Chromium 1280×720]',
      'Pinecone Supply (demo) [Pixel 7 (emulated in Chromium)]',
    ]);
    expect(result.stdout).toContain(`${DEMO_RUNS} passed`);
    // The description-only test needs a model: skipped with a note, not failed.
    expect(result.stdout).toMatch(/Note: skipped "Put the cheapest tent in stock in the cart"/);
  });

  it('exits 1 on the broken shop, with failures that say what was wrong', async () => {
    const result = await runRetrace(
      [
        'run',
        '--demo',
        '--demo-variant',
        'broken',
        '--tag',
        'checkout',
        '--reporter',
        'json',
        '--data-dir',
        dataDir,
      ],
      { cwd: temp.dir },
    );
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.summary).toEqual({ total: 3, passed: 1, failed: 2 });
    const failed = report.results.filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.testCaseName)).toEqual([
      'Buy with express shipping',
      'Buy with express shipping',
    ]);
    for (const failure of failed) {
      expect(failure.failureKind).toBe('assertion_failed');
      expect(failure.failureMessage).toContain('Total: $192.00');
      expect(failure.url).toMatch(
        /^http:\/\/127\.0\.0\.1:4700\/orgs\/[^/]+\/projects\/[^/]+\/runs\/[^/]+$/,
      );
    }
    expect(report.results.find((r) => r.status === 'passed')?.testCaseName).toBe(
      'Checkout refuses an incomplete form',
    );
  });
  it('gives up on runs that outlast --timeout: cancelled, reported as timed out, exit 1', async () => {
    const result = await runRetrace(
      [
        'run',
        '--demo',
        '--test',
        'Buy with express shipping',
        '--browser-config',
        'builtin-desktop-chromium',
        '--timeout',
        '1s',
        '--reporter',
        'json',
        '--data-dir',
        dataDir,
      ],
      { cwd: temp.dir },
    );
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ status: 'failed', failureKind: 'timeout' });
    expect(report.results[0]?.failureMessage).toContain(
      'did not finish within --timeout (1s): cancelled',
    );
  });
});

describe('retrace demo', () => {
  it('serves, replays the demo, prints results and the dashboard URL, and keeps serving; other clients run through it', async () => {
    const demo = startRetrace(['demo', '--port', '0', '--data-dir', dataDir], { cwd: temp.dir });
    let browsers: number[] = [];
    try {
      await demo.waitFor(/Still serving/);
      const [, url] = demo.stdout.match(/Dashboard: (http:\/\/127\.0\.0\.1:\d+)/) ?? [];
      expect(url).toBeDefined();
      expect(demo.stdout).toContain(`${DEMO_RUNS} passed`);
      expect(demo.stdout).toMatch(/Demo shop \(healthy\): http:\/\/127\.0\.0\.1:\d+\//);
      const health = await fetch(`${url}/api/health`);
      expect(health.status).toBe(200);

      // The data directory already had its key: demo reads it from the file instead of printing it.
      const apiKey = (await readFile(path.join(dataDir, 'local-api-key'), 'utf8')).trim();
      const remote = await runRetrace(
        [
          'run',
          '--server',
          url as string,
          '--api-key',
          apiKey,
          '--demo',
          '--tag',
          'auth',
          '--reporter',
          'json',
        ],
        { cwd: temp.dir },
      );
      expect(remote.code, `${remote.stdout}\n${remote.stderr}`).toBe(0);
      const report = JSON.parse(remote.stdout) as RunReport;
      expect(report.summary).toEqual({ total: 3, passed: 3, failed: 0 });
      expect(
        report.results[0]?.url.startsWith(`${url}/orgs/${report.organizationId}/projects/`),
      ).toBe(true);

      const throughLock = await runRetrace(
        ['run', '--demo', '--test', 'Open a product page', '--data-dir', dataDir],
        {
          cwd: temp.dir,
        },
      );
      expect(throughLock.code, `${throughLock.stdout}\n${throughLock.stderr}`).toBe(0);
      expect(throughLock.stderr).toContain(`working through it at ${url}`);
      expect(throughLock.stdout).toContain('1 passed');

      const refused = await runRetrace(
        ['run', '--server', url as string, '--api-key', 'rk_not_a_key', '--demo'],
        { cwd: temp.dir },
      );
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/refused the API key/);
      expect(refused.stderr).not.toContain('rk_not_a_key');

      // Runs in flight when the server is told to stop.
      const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };
      const runs = `${url}/api/orgs/${report.organizationId}/projects/${report.project.id}/runs`;
      const trigger = await fetch(runs, {
        method: 'POST',
        headers,
        body: JSON.stringify({ tags: ['smoke'], mode: 'replay' }),
      });
      expect(trigger.status).toBe(202);
      for (let tries = 0; ; tries++) {
        const running = (await (await fetch(`${runs}?state=RUNNING`, { headers })).json()) as {
          items: unknown[];
        };
        if (running.items.length > 0) break;
        if (tries > 600) throw new Error('no run started');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      browsers = descendantProcesses(demo.child.pid as number, /chrom/i);
      expect(browsers.length).toBeGreaterThan(0);
    } finally {
      demo.child.kill('SIGTERM');
    }
    const exit = await demo.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toContain('stopping');
    // Stopping closed the browsers and left no run RUNNING: each finished, or failed for a retry by the next start.
    expect(browsers.filter(isRunning)).toEqual([]);
    const database = await createDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'db') });
    try {
      if (database.kind !== 'pglite') throw new Error('expected the embedded database');
      const states = await database.pglite.query<{ state: string }>(
        'select distinct state from test_runs',
      );
      expect(states.rows.map((row) => row.state)).not.toContain('RUNNING');
    } finally {
      await database.close();
    }
  });
});
