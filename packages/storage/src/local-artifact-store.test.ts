import { mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeArtifactStoreContract } from './artifact-store.contract.ts';
import { ArtifactStoreError } from './artifact-store.ts';
import { createLocalArtifactStore } from './local-artifact-store.ts';

describeArtifactStoreContract('local directory', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'retrace-artifacts-'));
  return {
    store: createLocalArtifactStore({ dir }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('local artifact store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'retrace-artifacts-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lays files out as the keys say, so the directory can be browsed and backed up', async () => {
    const store = createLocalArtifactStore({ dir });
    await store.put('runs/r1/run.gif', Buffer.from('GIF89a'), { contentType: 'image/gif' });
    expect(await readFile(path.join(dir, 'runs', 'r1', 'run.gif'), 'utf8')).toBe('GIF89a');
  });

  it('leaves no temp files behind after successful and failed writes', async () => {
    const store = createLocalArtifactStore({ dir });
    await store.put('a/1.png', Buffer.from('x'), { contentType: 'image/png' });
    // A body that fails at once can fail before the temp file is even open: the write must still clean up once
    // the file exists. Many times, as the race it guards against does not lose every time.
    for (let i = 0; i < 30; i++) {
      const broken = new Readable({
        read() {
          this.destroy(new Error('boom'));
        },
      });
      await expect(store.put('a/2.png', broken, { contentType: 'image/png' })).rejects.toThrow(
        ArtifactStoreError,
      );
      expect(await readdir(path.join(dir, '.tmp'))).toEqual([]);
    }
  });

  it('falls back to the extension when the content-type sidecar is gone', async () => {
    const store = createLocalArtifactStore({ dir });
    await store.put('a/shot.jpg', Buffer.from('x'), { contentType: 'image/jpeg' });
    await unlink(path.join(dir, 'a', 'shot.jpg~meta.json'));
    const first = await store.get('a/shot.jpg');
    first?.body.destroy();
    expect(first?.contentType).toBe('image/jpeg');
    await writeFile(path.join(dir, 'a', 'shot.jpg~meta.json'), 'not json');
    const second = await store.get('a/shot.jpg');
    second?.body.destroy();
    expect(second?.contentType).toBe('image/jpeg');
  });

  it('removes folders left empty by deletes', async () => {
    const store = createLocalArtifactStore({ dir });
    await store.put('runs/r1/steps/001.png', Buffer.from('x'), { contentType: 'image/png' });
    await store.put('runs/r2/001.png', Buffer.from('x'), { contentType: 'image/png' });
    await store.delete('runs/r1/steps/001.png');
    expect(await stat(path.join(dir, 'runs', 'r1')).catch(() => null)).toBeNull();
    expect((await stat(path.join(dir, 'runs'))).isDirectory()).toBe(true);
  });

  it('reports a key that is both an object and a folder with ARTIFACT_KEY_CONFLICT', async () => {
    const store = createLocalArtifactStore({ dir });
    await store.put('runs/r1', Buffer.from('x'), { contentType: 'text/plain' });
    const error = await store
      .put('runs/r1/a.png', Buffer.from('x'), { contentType: 'image/png' })
      .catch((e: unknown) => e);
    expect((error as ArtifactStoreError).code).toBe('ARTIFACT_KEY_CONFLICT');
  });

  it('a body still being read survives the key being deleted', async () => {
    const store = createLocalArtifactStore({ dir });
    await store.put('a/big.bin', Buffer.alloc(1024 * 1024, 7), {
      contentType: 'application/octet-stream',
    });
    const found = await store.get('a/big.bin');
    await store.delete('a/big.bin');
    const chunks: Buffer[] = [];
    for await (const chunk of found!.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).length).toBe(1024 * 1024);
  });

  it('fails its access check when the directory cannot be created', async () => {
    await writeFile(path.join(dir, 'a-file'), 'x');
    const store = createLocalArtifactStore({ dir: path.join(dir, 'a-file', 'artifacts') });
    const error = await store.checkAccess().catch((e: unknown) => e);
    expect((error as ArtifactStoreError).code).toBe('ARTIFACT_STORE_UNAVAILABLE');
  });
});
