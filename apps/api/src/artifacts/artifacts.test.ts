// Artifacts behind signed URLs: right bytes and type, HEAD and ranges, and refusal of unsigned, forged or old links.
import { openPgliteTestDatabase } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  openApiHarness,
  PUBLIC_URL,
  SIGNING_KEY,
} from '../test-support/api-harness.ts';
import { type ApiWorld, createApiWorld, PNG_BYTES } from '../test-support/api-world.ts';
import { createArtifactUrls } from './artifact-urls.ts';

describe('artifacts', () => {
  let harness: ApiHarness;
  let world: ApiWorld;
  let signed: URL;

  beforeAll(async () => {
    harness = await openApiHarness({ name: 'pglite', open: openPgliteTestDatabase });
    world = await createApiWorld(harness);
    const detail = await harness.call(
      'GET',
      `/api/orgs/${world.orgId}/runs/${world.ids.finishedRunId}`,
      world.users.guest.token,
    );
    const body = (await detail.json()) as { history: { screenshotUrl: string }[] };
    signed = new URL(body.history[0]?.screenshotUrl ?? '');
  });
  afterAll(async () => harness.close());

  const fetchPath = (path: string, init: RequestInit = {}) => harness.app.request(path, init);
  const codeOf = async (response: Response) => ((await response.json()) as { code: string }).code;

  it('serves the bytes with their content type, privately cached and never sniffed', async () => {
    const response = await fetchPath(`${signed.pathname}${signed.search}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG_BYTES);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-length')).toBe(String(PNG_BYTES.length));
    expect(response.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    expect(signed.origin).toBe(PUBLIC_URL);
  });

  it('answers HEAD with the headers only', async () => {
    const response = await fetchPath(`${signed.pathname}${signed.search}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(PNG_BYTES.length));
    expect(await response.text()).toBe('');
  });

  it('serves byte ranges and refuses ranges past the end', async () => {
    const url = `${signed.pathname}${signed.search}`;
    const head = await fetchPath(url, { headers: { Range: 'bytes=0-3' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 0-3/${PNG_BYTES.length}`);
    expect(Buffer.from(await head.arrayBuffer())).toEqual(PNG_BYTES.subarray(0, 4));
    const tail = await fetchPath(url, { headers: { Range: 'bytes=-5' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(PNG_BYTES.subarray(PNG_BYTES.length - 5));
    const past = await fetchPath(url, { headers: { Range: 'bytes=5000-' } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${PNG_BYTES.length}`);
  });

  it('refuses unsigned, tampered and borrowed signatures with 403', async () => {
    const unsigned = await fetchPath(signed.pathname);
    expect(unsigned.status).toBe(403);
    expect(await codeOf(unsigned)).toBe('ARTIFACT_URL_INVALID');
    const tampered = new URL(signed);
    const sig = tampered.searchParams.get('sig') ?? '';
    // Change the first character to a different one (a fixed 'A' is a no-op for 1 signature in 64).
    tampered.searchParams.set('sig', `${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`);
    expect((await fetchPath(`${tampered.pathname}${tampered.search}`)).status).toBe(403);
    const later = new URL(signed);
    later.searchParams.set('exp', String(Number(later.searchParams.get('exp')) + 3600));
    expect((await fetchPath(`${later.pathname}${later.search}`)).status).toBe(403);
    const borrowed = `/api/artifacts/${world.gifKey}${signed.search}`;
    expect((await fetchPath(borrowed)).status).toBe(403);
  });

  it('refuses an expired link with ARTIFACT_URL_EXPIRED', async () => {
    const later = harness.appWith({ clock: () => new Date(Date.now() + 3 * 3600_000) });
    const response = await later.request(`${signed.pathname}${signed.search}`);
    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe('ARTIFACT_URL_EXPIRED');
  });

  it('never reads a key the store would refuse, even one this server signed', async () => {
    const urls = createArtifactUrls({
      signingKey: Buffer.from(SIGNING_KEY),
      publicUrl: PUBLIC_URL,
      ttlSeconds: 3600,
      clock: () => new Date(),
    });
    const bad = new URL(urls.urlFor('runs/UPPER/~x.png') ?? '');
    const response = await fetchPath(`${bad.pathname}${bad.search}`);
    expect(response.status).toBe(404);
    expect(await codeOf(response)).toBe('ARTIFACT_NOT_FOUND');
  });

  it('answers 404 once the artifact is gone', async () => {
    await harness.artifacts.delete(world.screenshotKey);
    const response = await fetchPath(`${signed.pathname}${signed.search}`);
    expect(response.status).toBe(404);
    expect(await codeOf(response)).toBe('ARTIFACT_NOT_FOUND');
  });
});
