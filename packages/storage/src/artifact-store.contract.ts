// The one behaviour suite every artifact store must pass (run against the local directory and against S3).
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArtifactStore, ArtifactStoreError } from './artifact-store.ts';

export interface ContractSubject {
  store: ArtifactStore;
  cleanup(): Promise<void>;
}

async function readAll(store: ArtifactStore, key: string): Promise<Buffer | null> {
  const found = await store.get(key);
  return found === null ? null : buffer(found.body);
}

async function listKeys(store: ArtifactStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const { key } of store.list(prefix)) keys.push(key);
  return keys.sort();
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ArtifactStoreError);
    return (error as ArtifactStoreError).code;
  }
  throw new Error('expected the operation to fail');
}

/** A stream that yields `chunks` then fails, like a screenshot pipe whose producer crashed. */
function failingStream(chunks: Buffer[]): Readable {
  let index = 0;
  return new Readable({
    read() {
      if (index < chunks.length) this.push(chunks[index++]);
      else this.destroy(new Error('producer crashed'));
    },
  });
}

export interface ContractOptions {
  /**
   * Whether the server under test replaces objects atomically. S3, MinIO and Supabase Storage do, and so does
   * the local store; s3rver (the test stand-in) rewrites the object file in place, so a reader racing an
   * overwrite can see a cut-off body there. That is s3rver's limitation, not one of our S3 client.
   */
  atomicOverwrite: boolean;
}

export function describeArtifactStoreContract(
  name: string,
  createSubject: () => Promise<ContractSubject>,
  options: ContractOptions = { atomicOverwrite: true },
): void {
  describe(`artifact store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: ArtifactStore;
    beforeAll(async () => {
      subject = await createSubject();
      store = subject.store;
    });
    afterAll(async () => {
      await subject.cleanup();
    });

    it('returns the bytes, content type and size that were put', async () => {
      const body = randomBytes(70_000);
      const put = await store.put('runs/r1/steps/001.png', body, { contentType: 'image/png' });
      expect(put).toEqual({ key: 'runs/r1/steps/001.png', size: body.length });
      const found = await store.get('runs/r1/steps/001.png');
      expect(found?.contentType).toBe('image/png');
      expect(found?.size).toBe(body.length);
      expect(Buffer.compare(await buffer(found!.body), body)).toBe(0);
    });

    it('keeps a content type the extension does not imply', async () => {
      await store.put('runs/r1/notes.bin', Buffer.from('{"a":1}'), {
        contentType: 'application/vnd.retrace+json; charset=utf-8',
      });
      const found = await store.get('runs/r1/notes.bin');
      found?.body.destroy();
      expect(found?.contentType).toBe('application/vnd.retrace+json; charset=utf-8');
    });

    it('stores a stream of unknown length, including one larger than a multipart part', async () => {
      const chunks = Array.from({ length: 10 }, () => randomBytes(1024 * 1024));
      const put = await store.put('runs/r2/trace.zip', Readable.from(chunks), {
        contentType: 'application/zip',
      });
      expect(put.size).toBe(10 * 1024 * 1024);
      const back = await readAll(store, 'runs/r2/trace.zip');
      expect(back?.length).toBe(10 * 1024 * 1024);
      expect(Buffer.compare(back!, Buffer.concat(chunks))).toBe(0);
    });

    it('answers null and false for a key that was never written', async () => {
      expect(await store.get('runs/none/001.png')).toBeNull();
      expect(await store.exists('runs/none/001.png')).toBe(false);
      await store.put('runs/r3/a.gif', Buffer.from('GIF89a'), { contentType: 'image/gif' });
      expect(await store.exists('runs/r3/a.gif')).toBe(true);
      // A folder is not an object.
      expect(await store.exists('runs/r3')).toBe(false);
      expect(await store.get('runs/r3')).toBeNull();
    });

    it('replaces an object and its content type on a second put', async () => {
      await store.put('runs/r4/x.txt', Buffer.from('first'), { contentType: 'text/plain' });
      await store.put('runs/r4/x.txt', Buffer.from('second!'), { contentType: 'application/json' });
      const found = await store.get('runs/r4/x.txt');
      expect(found?.contentType).toBe('application/json');
      expect(found?.size).toBe(7);
      expect((await buffer(found!.body)).toString()).toBe('second!');
    });

    it('a write whose source stream fails stores nothing and keeps the previous version', async () => {
      const code = await codeOf(
        store.put('runs/r5/new.png', failingStream([randomBytes(1000)]), {
          contentType: 'image/png',
        }),
      );
      expect(code).toBe('ARTIFACT_WRITE_FAILED');
      expect(await store.exists('runs/r5/new.png')).toBe(false);

      await store.put('runs/r5/kept.png', Buffer.from('original'), { contentType: 'image/png' });
      await codeOf(
        store.put('runs/r5/kept.png', failingStream([randomBytes(1000)]), {
          contentType: 'image/png',
        }),
      );
      expect((await readAll(store, 'runs/r5/kept.png'))?.toString()).toBe('original');
    });

    it.runIf(options.atomicOverwrite)(
      'a reader sees either the old or the new object, never a mix',
      async () => {
        const a = Buffer.alloc(3 * 1024 * 1024, 'a');
        const b = Buffer.alloc(3 * 1024 * 1024, 'b');
        await store.put('runs/r6/big.bin', a, { contentType: 'application/octet-stream' });
        const writes = [b, a, b, a].map((body) =>
          store.put(
            'runs/r6/big.bin',
            Readable.from([body.subarray(0, 1_000_000), body.subarray(1_000_000)]),
            {
              contentType: 'application/octet-stream',
            },
          ),
        );
        const reads = Array.from({ length: 6 }, () => readAll(store, 'runs/r6/big.bin'));
        const [, results] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
        for (const read of results) {
          expect(read?.length).toBe(a.length);
          expect(read!.equals(a) || read!.equals(b)).toBe(true);
        }
      },
    );

    it('deleting removes the object, and deleting a missing key is not an error', async () => {
      await store.put('runs/r7/a.png', Buffer.from('x'), { contentType: 'image/png' });
      await store.delete('runs/r7/a.png');
      expect(await store.exists('runs/r7/a.png')).toBe(false);
      await expect(store.delete('runs/r7/a.png')).resolves.toBeUndefined();
    });

    it('deleteMany removes exactly the keys given, tolerating missing and repeated keys', async () => {
      for (const key of ['runs/r8/1.png', 'runs/r8/2.png', 'runs/r8/3.png']) {
        await store.put(key, Buffer.from(key), { contentType: 'image/png' });
      }
      await store.deleteMany([
        'runs/r8/1.png',
        'runs/r8/3.png',
        'runs/r8/3.png',
        'runs/r8/missing.png',
      ]);
      expect(await listKeys(store, 'runs/r8/')).toEqual(['runs/r8/2.png']);
      await expect(store.deleteMany([])).resolves.toBeUndefined();
    });

    it('deletePrefix removes a folder and nothing that merely shares its leading characters', async () => {
      const keys = [
        'runs/ab/1.png',
        'runs/ab/steps/2.png',
        'runs/ab/steps/deep/3.png',
        'runs/abc/1.png',
        'runs/ab.png',
      ];
      for (const key of keys) await store.put(key, Buffer.from(key), { contentType: 'image/png' });
      expect(await store.deletePrefix('runs/ab/')).toBe(3);
      expect(await store.exists('runs/ab/steps/2.png')).toBe(false);
      expect(await store.exists('runs/abc/1.png')).toBe(true);
      expect(await store.exists('runs/ab.png')).toBe(true);
      expect(await store.deletePrefix('runs/ab/')).toBe(0);
    });

    it('lists the keys under a folder with their sizes', async () => {
      await store.put('runs/r9/a.png', Buffer.alloc(10), { contentType: 'image/png' });
      await store.put('runs/r9/sub/b.png', Buffer.alloc(20), { contentType: 'image/png' });
      await store.put('runs/r90/c.png', Buffer.alloc(30), { contentType: 'image/png' });
      const listed: { key: string; size: number }[] = [];
      for await (const item of store.list('runs/r9/')) listed.push(item);
      expect(listed.sort((x, y) => x.key.localeCompare(y.key))).toEqual([
        { key: 'runs/r9/a.png', size: 10 },
        { key: 'runs/r9/sub/b.png', size: 20 },
      ]);
      expect(await listKeys(store, '')).toContain('runs/r90/c.png');
    });

    it('takes many concurrent writes to different keys', async () => {
      const keys = Array.from(
        { length: 40 },
        (_, i) => `runs/r10/${String(i).padStart(3, '0')}.png`,
      );
      await Promise.all(
        keys.map((key) => store.put(key, Buffer.from(key), { contentType: 'image/png' })),
      );
      expect(await listKeys(store, 'runs/r10/')).toEqual(keys);
      expect((await readAll(store, 'runs/r10/017.png'))?.toString()).toBe('runs/r10/017.png');
    });

    it.each([
      ['an empty key', ''],
      ['an absolute key', '/runs/a.png'],
      ['a parent reference', 'runs/../secret.png'],
      ['a bare ".."', '..'],
      ['upper case', 'Runs/a.png'],
      ['a space', 'runs/a b.png'],
      ['a backslash', 'runs\\a.png'],
      ['an empty segment', 'runs//a.png'],
      ['a trailing slash', 'runs/a/'],
      ['a hidden segment', 'runs/.tmp/a.png'],
      ['a tilde', 'runs/a.png~meta.json'],
      ['a too long key', `runs/${'a'.repeat(600)}.png`],
    ])('rejects %s with ARTIFACT_KEY_INVALID in every operation', async (_label, key) => {
      expect(await codeOf(store.put(key, Buffer.from('x'), { contentType: 'image/png' }))).toBe(
        'ARTIFACT_KEY_INVALID',
      );
      expect(await codeOf(store.get(key))).toBe('ARTIFACT_KEY_INVALID');
      expect(await codeOf(store.exists(key))).toBe('ARTIFACT_KEY_INVALID');
      expect(await codeOf(store.delete(key))).toBe('ARTIFACT_KEY_INVALID');
      expect(await codeOf(store.deleteMany(['runs/ok.png', key]))).toBe('ARTIFACT_KEY_INVALID');
    });

    it('rejects a prefix that is not a folder, so a typo cannot delete neighbours', async () => {
      for (const prefix of ['runs/a', '', '/', '../', 'runs//']) {
        expect(await codeOf(store.deletePrefix(prefix))).toBe('ARTIFACT_PREFIX_INVALID');
      }
      expect(() => store.list('runs/a')).toThrow(ArtifactStoreError);
    });

    it('rejects a content type that is not a MIME type', async () => {
      for (const contentType of ['png', 'image/png\r\nX-Injected: 1', '']) {
        expect(await codeOf(store.put('runs/r11/a.png', Buffer.from('x'), { contentType }))).toBe(
          'ARTIFACT_CONTENT_TYPE_INVALID',
        );
      }
      expect(await store.exists('runs/r11/a.png')).toBe(false);
    });

    it('an aborted write fails with ARTIFACT_ABORTED and stores nothing', async () => {
      const controller = new AbortController();
      controller.abort(new Error('run cancelled'));
      expect(
        await codeOf(
          store.put('runs/r12/a.png', Buffer.from('x'), {
            contentType: 'image/png',
            signal: controller.signal,
          }),
        ),
      ).toBe('ARTIFACT_ABORTED');

      const midway = new AbortController();
      const slow = new Readable({ read() {} });
      const writing = store.put('runs/r12/b.png', slow, {
        contentType: 'image/png',
        signal: midway.signal,
      });
      slow.push(randomBytes(64 * 1024));
      setImmediate(() => midway.abort(new Error('run cancelled')));
      expect(await codeOf(writing)).toBe('ARTIFACT_ABORTED');
      expect(await store.exists('runs/r12/a.png')).toBe(false);
      expect(await store.exists('runs/r12/b.png')).toBe(false);
    });

    it('passes its access check', async () => {
      await expect(store.checkAccess()).resolves.toBeUndefined();
    });
  });
}
