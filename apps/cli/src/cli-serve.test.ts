import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT, runRetrace, startRetrace } from './test-support/spawn-retrace.ts';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  temp = await makeTempDir('serve');
});
afterAll(() => temp.remove());

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('retrace serve', () => {
  it('serves the API and the dashboard, prints the local key once, and stops cleanly on SIGTERM', async () => {
    const dataDir = path.join(temp.dir, 'data');
    const serve = startRetrace(['serve', '--port', '0', '--data-dir', dataDir], { cwd: temp.dir });
    let url: string;
    let apiKey: string;
    try {
      [, url = ''] = await serve.waitFor(/Retrace is serving (http:\/\/127\.0\.0\.1:\d+)/);
      [, apiKey = ''] = await serve.waitFor(/Local admin API key[^\n]*\n\s+(\S+)/);
      await serve.waitFor(/Press Ctrl-C to stop/);
      const health = await fetch(`${url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });

      const page = await fetch(`${url}/runs/some-run`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      // The dashboard when it is built (SPA fallback to its index.html), else the page saying how to build it.
      const built = path.join(REPO_ROOT, 'apps', 'web', 'dist', 'index.html');
      if (await exists(built)) expect(html).toBe(await readFile(built, 'utf8'));
      else expect(html).toContain('retrace-dashboard-not-built');

      const me = await fetch(`${url}/api/me`, { headers: { Authorization: `Bearer ${apiKey}` } });
      expect(me.status).toBe(200);
      expect((await fetch(`${url}/api/me`)).status).toBe(401);
      expect(await readFile(path.join(dataDir, 'local-api-key'), 'utf8')).toContain(apiKey);

      const lock = JSON.parse(await readFile(path.join(dataDir, 'retrace.lock'), 'utf8'));
      expect(lock).toMatchObject({ command: 'serve', url });
      // A second server on the same directory is refused, naming the first.
      const second = await runRetrace(['serve', '--port', '0', '--data-dir', dataDir], {
        cwd: temp.dir,
      });
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(
        new RegExp(`in use by \`retrace serve\` \\(pid ${serve.child.pid}\\) serving ${url}`),
      );
    } finally {
      serve.child.kill('SIGTERM');
    }
    const exit = await serve.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toContain('stopped');
    expect(await exists(path.join(dataDir, 'retrace.lock'))).toBe(false);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();

    // Started again on the same data: the key is not printed again, the database is the same.
    const again = startRetrace(['serve', '--port', '0', '--data-dir', dataDir], { cwd: temp.dir });
    try {
      await again.waitFor(/Press Ctrl-C to stop/);
      expect(again.stdout).not.toContain(apiKey);
      expect(again.stdout).toContain('sign in with the local admin API key stored in');
    } finally {
      again.child.kill('SIGINT');
    }
    expect((await again.exited).code).toBe(0);
  });

  it('migrate applies the migrations and prints the version', async () => {
    const result = await runRetrace(['migrate', '--data-dir', path.join(temp.dir, 'migrate')], {
      cwd: temp.dir,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/database is at migration \d{4}_\w+ \((\d+) of \1 applied\)/);
  });
});
