// Artifact store on a local directory: the file tree mirrors the keys; writes go through a temp file and a rename.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type ArtifactListing,
  type ArtifactOperationOptions,
  type ArtifactStore,
  ArtifactStoreError,
  type ArtifactStoreErrorCode,
  type PutArtifactOptions,
  type StoredArtifact,
  assertArtifactKey,
  assertArtifactPrefix,
  assertContentType,
  contentTypeForKey,
  throwIfAborted,
} from './artifact-store.ts';

export interface LocalArtifactStoreOptions {
  /** Root directory; created when missing. */
  dir: string;
}

/**
 * Sidecar beside each object holding its content type. `~` is not allowed in keys, so a sidecar can never
 * collide with an object, and listing tells them apart by that character.
 */
const META_SUFFIX = '~meta.json';
/** Temp files live under the root (same filesystem, so rename is atomic); keys cannot start with `.`. */
const TEMP_DIR = '.tmp';
const DELETE_CONCURRENCY = 16;

interface ObjectMeta {
  contentType: string;
}

function errorCodeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

function wrapFsError(
  fallback: ArtifactStoreErrorCode,
  action: string,
  key: string,
  error: unknown,
): ArtifactStoreError {
  if (error instanceof ArtifactStoreError) return error;
  const code = errorCodeOf(error);
  if (code === 'ABORT_ERR' || (error instanceof Error && error.name === 'AbortError')) {
    return new ArtifactStoreError('ARTIFACT_ABORTED', `${action} ${key} was aborted`, {
      cause: error,
      key,
    });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ArtifactStoreError(
      'ARTIFACT_ACCESS_DENIED',
      `${action} ${key}: permission denied (${code})`,
      { cause: error, key },
    );
  }
  if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') {
    return new ArtifactStoreError(
      'ARTIFACT_KEY_CONFLICT',
      `${action} ${key}: a key is both an object and a folder in the local store (${code})`,
      { cause: error, key },
    );
  }
  return new ArtifactStoreError(fallback, `${action} ${key} failed (${code ?? 'error'})`, {
    cause: error,
    key,
  });
}

async function removeQuietly(file: string): Promise<void> {
  await rm(file, { force: true }).catch(() => undefined);
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  });
  await Promise.all(runners);
}

export function createLocalArtifactStore(options: LocalArtifactStoreOptions): ArtifactStore {
  const root = path.resolve(options.dir);
  const tempRoot = path.join(root, TEMP_DIR);
  const fileOf = (key: string): string => path.join(root, ...key.split('/'));

  async function writeTemp(body: Uint8Array | Readable, signal?: AbortSignal): Promise<string> {
    await mkdir(tempRoot, { recursive: true });
    const temp = path.join(tempRoot, `${randomUUID()}.part`);
    const sink = createWriteStream(temp, { flags: 'wx' });
    try {
      const source = body instanceof Uint8Array ? Readable.from([body]) : body;
      await pipeline(source, sink, signal ? { signal } : {});
      // The rename is only atomic for readers; fsync makes the content durable before it becomes visible.
      const handle = await open(temp, 'r+');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
      return temp;
    } catch (error) {
      // A body that fails at once can fail the pipeline while the file is still being opened: removing it before
      // the stream has closed would leave the file it creates a moment later behind.
      if (!sink.closed) await once(sink, 'close').catch(() => undefined);
      await removeQuietly(temp);
      throw error;
    }
  }

  async function pruneEmptyParents(file: string): Promise<void> {
    let dir = path.dirname(file);
    while (dir.startsWith(root + path.sep)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
      dir = path.dirname(dir);
    }
  }

  async function readMeta(file: string, key: string): Promise<ObjectMeta> {
    try {
      const parsed: unknown = JSON.parse(await readFile(file + META_SUFFIX, 'utf8'));
      if (
        parsed !== null &&
        typeof parsed === 'object' &&
        'contentType' in parsed &&
        typeof parsed.contentType === 'string'
      ) {
        return { contentType: parsed.contentType };
      }
    } catch {
      // A missing or damaged sidecar only loses the recorded type; the extension still tells it.
    }
    return { contentType: contentTypeForKey(key) };
  }

  async function deleteOne(key: string): Promise<void> {
    const file = fileOf(key);
    try {
      await unlink(file);
    } catch (error) {
      const code = errorCodeOf(error);
      if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'ENOTDIR' && code !== 'EPERM') {
        throw wrapFsError('ARTIFACT_DELETE_FAILED', 'deleting', key, error);
      }
    }
    await removeQuietly(file + META_SUFFIX);
    await pruneEmptyParents(file);
  }

  async function* walk(dir: string, keyPrefix: string): AsyncGenerator<ArtifactListing> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = errorCodeOf(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw wrapFsError('ARTIFACT_READ_FAILED', 'listing', keyPrefix, error);
    }
    for (const entry of entries) {
      if (entry.name.includes('~') || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      const key = keyPrefix + entry.name;
      if (entry.isDirectory()) {
        yield* walk(full, `${key}/`);
      } else if (entry.isFile()) {
        const info = await stat(full).catch(() => null);
        if (info?.isFile()) yield { key, size: info.size };
      }
    }
  }

  return {
    kind: 'local',

    async put(
      key: string,
      body: Uint8Array | Readable,
      { contentType, signal }: PutArtifactOptions,
    ) {
      assertArtifactKey(key);
      assertContentType(contentType);
      throwIfAborted(signal, key);
      const file = fileOf(key);
      let dataTemp: string | undefined;
      let metaTemp: string | undefined;
      try {
        dataTemp = await writeTemp(body, signal);
        const meta: ObjectMeta = { contentType };
        metaTemp = await writeTemp(Buffer.from(JSON.stringify(meta)), signal);
        throwIfAborted(signal, key);
        await mkdir(path.dirname(file), { recursive: true });
        const { size } = await stat(dataTemp);
        await rename(metaTemp, file + META_SUFFIX);
        metaTemp = undefined;
        await rename(dataTemp, file);
        dataTemp = undefined;
        return { key, size };
      } catch (error) {
        throw wrapFsError('ARTIFACT_WRITE_FAILED', 'writing', key, error);
      } finally {
        if (dataTemp !== undefined) await removeQuietly(dataTemp);
        if (metaTemp !== undefined) await removeQuietly(metaTemp);
      }
    },

    async get(key: string, opts?: ArtifactOperationOptions): Promise<StoredArtifact | null> {
      assertArtifactKey(key);
      throwIfAborted(opts?.signal, key);
      const file = fileOf(key);
      let handle;
      try {
        handle = await open(file, 'r');
      } catch (error) {
        const code = errorCodeOf(error);
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
        throw wrapFsError('ARTIFACT_READ_FAILED', 'reading', key, error);
      }
      try {
        const info = await handle.stat();
        if (!info.isFile()) {
          await handle.close();
          return null;
        }
        const { contentType } = await readMeta(file, key);
        // The open handle keeps the bytes readable even if the key is overwritten or deleted meanwhile.
        const body = handle.createReadStream({ autoClose: true });
        return { body, contentType, size: info.size };
      } catch (error) {
        await handle.close().catch(() => undefined);
        throw wrapFsError('ARTIFACT_READ_FAILED', 'reading', key, error);
      }
    },

    async exists(key: string, opts?: ArtifactOperationOptions): Promise<boolean> {
      assertArtifactKey(key);
      throwIfAborted(opts?.signal, key);
      const info = await stat(fileOf(key)).catch(() => null);
      return info?.isFile() ?? false;
    },

    async delete(key: string, opts?: ArtifactOperationOptions): Promise<void> {
      assertArtifactKey(key);
      throwIfAborted(opts?.signal, key);
      await deleteOne(key);
    },

    async deleteMany(keys: readonly string[], opts?: ArtifactOperationOptions): Promise<void> {
      keys.forEach(assertArtifactKey);
      await forEachLimited([...new Set(keys)], DELETE_CONCURRENCY, async (key) => {
        throwIfAborted(opts?.signal, key);
        await deleteOne(key);
      });
    },

    async deletePrefix(prefix: string, opts?: ArtifactOperationOptions): Promise<number> {
      assertArtifactPrefix(prefix);
      throwIfAborted(opts?.signal);
      let count = 0;
      for await (const _ of walk(fileOf(prefix.slice(0, -1)), prefix)) count++;
      const dir = fileOf(prefix.slice(0, -1));
      const info = await stat(dir).catch(() => null);
      if (info?.isDirectory()) {
        try {
          await rm(dir, { recursive: true, force: true });
        } catch (error) {
          throw wrapFsError('ARTIFACT_DELETE_FAILED', 'deleting', prefix, error);
        }
        await pruneEmptyParents(dir);
      }
      return count;
    },

    list(prefix: string, opts?: ArtifactOperationOptions): AsyncIterable<ArtifactListing> {
      if (prefix !== '') assertArtifactPrefix(prefix);
      throwIfAborted(opts?.signal);
      return walk(prefix === '' ? root : fileOf(prefix.slice(0, -1)), prefix);
    },

    async checkAccess(opts?: ArtifactOperationOptions): Promise<void> {
      throwIfAborted(opts?.signal);
      try {
        const probe = await writeTemp(Buffer.from('probe'), opts?.signal);
        await removeQuietly(probe);
      } catch (error) {
        const wrapped = wrapFsError('ARTIFACT_STORE_UNAVAILABLE', 'checking', root, error);
        if (wrapped.code === 'ARTIFACT_ACCESS_DENIED' || wrapped.code === 'ARTIFACT_ABORTED') {
          throw wrapped;
        }
        throw new ArtifactStoreError(
          'ARTIFACT_STORE_UNAVAILABLE',
          `the artifact directory ${root} cannot be written (${errorCodeOf(error) ?? 'error'})`,
          { cause: error },
        );
      }
    },

    async close(): Promise<void> {},
  };
}
