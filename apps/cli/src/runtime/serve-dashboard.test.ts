import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/spawn-retrace.ts';
import { PLACEHOLDER_MARKER, serveDashboard } from './serve-dashboard.ts';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let dist: string;

beforeAll(async () => {
  temp = await makeTempDir('dashboard');
  dist = path.join(temp.dir, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Retrace dashboard</title>');
  await writeFile(path.join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(path.join(temp.dir, 'secret.txt'), 'outside');
});
afterAll(() => temp.remove());

const get = (url: string, dir: string, method = 'GET') =>
  serveDashboard(new Request(`http://127.0.0.1${url}`, { method }), dir);

describe('serveDashboard', () => {
  it('serves built files with their content type, fingerprinted assets cached for good', async () => {
    const response = await get('/assets/app-1234.js', dist);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers client-side routes with index.html (SPA fallback)', async () => {
    for (const route of ['/', '/runs/abc', '/projects/p1/test-cases']) {
      const response = await get(route, dist);
      expect(response.status, route).toBe(200);
      expect(await response.text()).toContain('Retrace dashboard');
    }
  });

  it('answers a missing asset with 404 rather than the page', async () => {
    expect((await get('/assets/missing.js', dist)).status).toBe(404);
  });

  it('never serves a file outside the build folder', async () => {
    for (const route of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await get(route, dist);
      expect(await response.text(), route).not.toContain('outside');
    }
  });

  it('shows how to build the dashboard when it is not built', async () => {
    const response = await get('/', path.join(temp.dir, 'nothing-here'));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(PLACEHOLDER_MARKER);
    expect(html).toContain('npm run build --workspace @retrace/web');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('/', dist, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('/', dist, 'POST')).status).toBe(405);
  });
});
