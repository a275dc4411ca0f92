import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_DEMO_PASSWORD,
  DEMO_ACCOUNT_EMAIL,
  type DemoApp,
  startDemoApp,
} from './start-demo-app.ts';

let healthy: DemoApp;
let broken: DemoApp;
beforeAll(async () => {
  healthy = await startDemoApp();
  broken = await startDemoApp({ variant: 'broken' });
});
afterAll(async () => {
  await healthy.close();
  await broken.close();
});

describe('startDemoApp', () => {
  it('serves the shop on a loopback port with a trailing-slash base URL', async () => {
    expect(healthy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(healthy.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('data-page="catalog"');
    const products = (await (
      await fetch(new URL('products.json', healthy.url))
    ).json()) as unknown[];
    expect(products).toHaveLength(9);
  });

  it('tells the pages which variant they are', async () => {
    expect(await (await fetch(new URL('variant.js', healthy.url))).text()).toContain('"healthy"');
    expect(await (await fetch(new URL('variant.js', broken.url))).text()).toContain('"broken"');
  });

  it('signs in the demo account with its password only', async () => {
    const login = (password: string) =>
      fetch(new URL('api/login', healthy.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: DEMO_ACCOUNT_EMAIL, password }),
      });
    expect((await login(DEFAULT_DEMO_PASSWORD)).status).toBe(200);
    const refused = await login('wrong');
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain(DEFAULT_DEMO_PASSWORD);
  });

  it('serves nothing outside its pages and refuses unknown variants and hosts', async () => {
    expect((await fetch(`${healthy.url}..%2Fsrc%2Fdemo.ts`)).status).toBe(404);
    expect((await fetch(new URL('nothing.html', healthy.url))).status).toBe(404);
    await expect(startDemoApp({ variant: 'weird' as 'healthy' })).rejects.toThrow(
      /unknown demo variant/,
    );
    await expect(startDemoApp({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/loopback/);
  });
});
