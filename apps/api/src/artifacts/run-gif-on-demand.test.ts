// A passed run's GIF, left for later by the worker, is rendered from its screenshots on first request and stored.
import { openPgliteTestDatabase } from '@retrace/db/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, openApiHarness } from '../test-support/api-harness.ts';
import { type ApiWorld, createApiWorld } from '../test-support/api-world.ts';
import { createRunGifOnDemand } from './run-gif-on-demand.ts';

async function bytesOf(artifact: { body: AsyncIterable<Buffer> } | null): Promise<Buffer | null> {
  if (artifact === null) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of artifact.body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('run GIFs rendered on first request', () => {
  let harness: ApiHarness;
  let world: ApiWorld;
  let gifPath: string;
  let screenshot: Buffer;

  beforeAll(async () => {
    harness = await openApiHarness({ name: 'pglite', open: openPgliteTestDatabase });
    world = await createApiWorld(harness);
    // The worker stored the step screenshot and recorded the GIF's key, but not the GIF itself.
    screenshot = await sharp({
      create: { width: 640, height: 360, channels: 3, background: '#2a6df4' },
    })
      .jpeg()
      .toBuffer();
    await harness.artifacts.put(world.screenshotKey, screenshot, { contentType: 'image/jpeg' });
    await harness.artifacts.delete(world.gifKey);
    const detail = await harness.call(
      'GET',
      `/api/orgs/${world.orgId}/runs/${world.ids.finishedRunId}`,
      world.users.guest.token,
    );
    const { run } = (await detail.json()) as { run: { gifUrl: string | null } };
    const url = new URL(run.gifUrl ?? '');
    gifPath = `${url.pathname}${url.search}`;
  });
  afterAll(async () => harness.close());

  it('renders the GIF from the stored screenshots, stores it and serves the stored one next time', async () => {
    expect(await harness.artifacts.exists(world.gifKey)).toBe(false);
    const first = await harness.app.request(gifPath);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/gif');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(first.headers.get('content-length')).toBe(String(bytes.length));
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    // One frame: the run's one history element with a screenshot, at the GIF's default width.
    const meta = await sharp(bytes, { animated: true }).metadata();
    expect(meta.pages).toBe(1);
    expect(meta.width).toBe(960);

    expect(await harness.artifacts.exists(world.gifKey)).toBe(true);
    const again = await harness.app.request(gifPath, { headers: { Range: 'bytes=0-5' } });
    expect(again.status).toBe(206);
    expect(Buffer.from(await again.arrayBuffer()).toString('latin1')).toBe('GIF89a');
    expect(await bytesOf(await harness.artifacts.get(world.gifKey))).toEqual(bytes);
  });

  it('renders once for concurrent requests and never for a key no finished run points to', async () => {
    await harness.artifacts.delete(world.gifKey);
    let puts = 0;
    const store = {
      get: (key: string) => harness.artifacts.get(key),
      put: (...args: Parameters<ApiHarness['artifacts']['put']>) => {
        puts++;
        return harness.artifacts.put(...args);
      },
    };
    const gifs = createRunGifOnDemand(harness.domain, store);
    const [a, b] = await Promise.all([gifs.render(world.gifKey), gifs.render(world.gifKey)]);
    expect(a?.contentType).toBe('image/gif');
    expect(a?.size).toBe(b?.size);
    expect(gifs.rendered).toBe(1);
    expect(puts).toBe(1);

    const runId = world.ids.finishedRunId.toLowerCase();
    expect(await gifs.render(`runs/${runId}/steps/000.png`)).toBeNull();
    expect(await gifs.render('runs/nosuchrun0000000000000000/run.gif')).toBeNull();
    // A run whose record names no GIF (still running, or without screenshots) has none to render.
    expect(await gifs.render(`runs/${world.ids.lostRunId.toLowerCase()}/run.gif`)).toBeNull();
    expect(gifs.rendered).toBe(1);
  });

  it('answers 404 when the run has no screenshot left to draw', async () => {
    await harness.artifacts.delete(world.gifKey);
    await harness.artifacts.delete(world.screenshotKey);
    const response = await harness.app.request(gifPath);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('ARTIFACT_NOT_FOUND');
  });

  it('leaves nothing behind for a run deleted while its GIF was drawn', async () => {
    await harness.artifacts.put(world.screenshotKey, screenshot, { contentType: 'image/jpeg' });
    const store = {
      get: (key: string) => harness.artifacts.get(key),
      delete: (key: string) => harness.artifacts.delete(key),
      put: async (...args: Parameters<ApiHarness['artifacts']['put']>) => {
        const deleted = await harness.call(
          'DELETE',
          `/api/orgs/${world.orgId}/runs/${world.ids.finishedRunId}`,
          world.users.admin.token,
        );
        expect(deleted.status).toBe(204);
        return harness.artifacts.put(...args);
      },
    };
    const gifs = createRunGifOnDemand(harness.domain, store);
    expect(await gifs.render(world.gifKey)).toBeNull();
    expect(await harness.artifacts.exists(world.gifKey)).toBe(false);
    const response = await harness.app.request(gifPath);
    expect(response.status).toBe(404);
  });
});
