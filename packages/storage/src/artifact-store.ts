// The artifact store port (screenshots, run GIFs): one interface, key rules and error codes shared by every implementation.
import type { Readable } from 'node:stream';

/** Stable codes of every error an artifact store raises. */
export type ArtifactStoreErrorCode =
  | 'ARTIFACT_KEY_INVALID'
  | 'ARTIFACT_PREFIX_INVALID'
  | 'ARTIFACT_CONTENT_TYPE_INVALID'
  | 'ARTIFACT_KEY_CONFLICT'
  | 'ARTIFACT_STORE_CONFIG_INVALID'
  | 'ARTIFACT_STORE_UNAVAILABLE'
  | 'ARTIFACT_ACCESS_DENIED'
  | 'ARTIFACT_WRITE_FAILED'
  | 'ARTIFACT_READ_FAILED'
  | 'ARTIFACT_DELETE_FAILED'
  | 'ARTIFACT_ABORTED';

export class ArtifactStoreError extends Error {
  /** The key the operation was about, when there was one (keys are never secret). */
  readonly key: string | undefined;
  constructor(
    readonly code: ArtifactStoreErrorCode,
    message: string,
    options?: { cause?: unknown; key?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ArtifactStoreError';
    this.key = options?.key;
  }
}

export interface PutArtifactOptions {
  /** MIME type kept with the object and returned by `get`, e.g. `image/jpeg`. */
  contentType: string;
  signal?: AbortSignal;
}

export interface ArtifactOperationOptions {
  signal?: AbortSignal;
}

export interface StoredArtifact {
  body: Readable;
  contentType: string;
  /** Size in bytes. */
  size: number;
}

export interface ArtifactListing {
  key: string;
  size: number;
}

/**
 * Where runs keep their screenshots and GIFs. Keys are relative paths (`runs/<runId>/steps/003.jpg`) checked by
 * `assertArtifactKey`; every write is all-or-nothing (a reader never sees half an object); deleting what is not
 * there is not an error.
 */
export interface ArtifactStore {
  readonly kind: 'local' | 's3';
  put(
    key: string,
    body: Uint8Array | Readable,
    options: PutArtifactOptions,
  ): Promise<{ key: string; size: number }>;
  /** The object, or null when there is none under that key. The caller must consume or destroy `body`. */
  get(key: string, options?: ArtifactOperationOptions): Promise<StoredArtifact | null>;
  exists(key: string, options?: ArtifactOperationOptions): Promise<boolean>;
  delete(key: string, options?: ArtifactOperationOptions): Promise<void>;
  deleteMany(keys: readonly string[], options?: ArtifactOperationOptions): Promise<void>;
  /** Deletes every key under a folder-like prefix (it must end with `/`); returns how many objects went. */
  deletePrefix(prefix: string, options?: ArtifactOperationOptions): Promise<number>;
  /** Every key under a folder-like prefix (ending with `/`; `''` for the whole store), in no guaranteed order. */
  list(prefix: string, options?: ArtifactOperationOptions): AsyncIterable<ArtifactListing>;
  /** Fails fast (at start-up) when the store cannot be reached or written. */
  checkAccess(options?: ArtifactOperationOptions): Promise<void>;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Longest key accepted: S3's limit is 1024 bytes, and a prefix may be prepended. */
export const MAX_ARTIFACT_KEY_LENGTH = 512;
const SEGMENT = /^[a-z0-9_-][a-z0-9_.-]*$/;
const CONTENT_TYPE =
  /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;\s*[a-z0-9_.-]+=[a-z0-9_.+-]+)*$/i;

function describeKeyProblem(key: string): string | null {
  if (typeof key !== 'string' || key.length === 0) return 'it is empty';
  if (key.length > MAX_ARTIFACT_KEY_LENGTH)
    return `it is longer than ${MAX_ARTIFACT_KEY_LENGTH} characters`;
  if (key.startsWith('/')) return 'it starts with "/" (keys are relative)';
  if (key.includes('..')) return 'it contains ".."';
  if (!/^[a-z0-9/_.-]+$/.test(key))
    return 'it has characters outside [a-z0-9/_.-] (lower case only)';
  for (const segment of key.split('/')) {
    if (segment === '') return 'it has an empty path segment ("//" or a trailing "/")';
    if (!SEGMENT.test(segment)) return `its segment "${segment}" starts with "."`;
  }
  return null;
}

/** Throws ARTIFACT_KEY_INVALID unless `key` is a relative path of `[a-z0-9/_.-]`, without `..` or empty segments. */
export function assertArtifactKey(key: string): void {
  const problem = describeKeyProblem(key);
  if (problem !== null) {
    throw new ArtifactStoreError(
      'ARTIFACT_KEY_INVALID',
      `artifact key ${JSON.stringify(String(key).slice(0, 80))} is invalid: ${problem}`,
      { key: String(key) },
    );
  }
}

export function isValidArtifactKey(key: string): boolean {
  return describeKeyProblem(key) === null;
}

/** A prefix is a key followed by `/`: deleting `runs/a` must never take `runs/ab/...` with it. */
export function assertArtifactPrefix(prefix: string): void {
  const problem =
    typeof prefix !== 'string' || !prefix.endsWith('/')
      ? 'it must end with "/" (a folder)'
      : describeKeyProblem(prefix.slice(0, -1));
  if (problem !== null) {
    throw new ArtifactStoreError(
      'ARTIFACT_PREFIX_INVALID',
      `artifact prefix ${JSON.stringify(String(prefix).slice(0, 80))} is invalid: ${problem}`,
    );
  }
}

export function assertContentType(contentType: string): void {
  if (
    typeof contentType !== 'string' ||
    contentType.length > 200 ||
    !CONTENT_TYPE.test(contentType)
  ) {
    throw new ArtifactStoreError(
      'ARTIFACT_CONTENT_TYPE_INVALID',
      `content type ${JSON.stringify(String(contentType).slice(0, 80))} is not a MIME type like "image/png"`,
    );
  }
}

const CONTENT_TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  zip: 'application/zip',
  webm: 'video/webm',
  mp4: 'video/mp4',
};

/** The content type an extension implies, for objects whose recorded type was lost. */
export function contentTypeForKey(key: string): string {
  const extension = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

export function throwIfAborted(signal: AbortSignal | undefined, key?: string): void {
  if (signal?.aborted) {
    throw new ArtifactStoreError('ARTIFACT_ABORTED', 'the artifact operation was aborted', {
      cause: signal.reason,
      ...(key === undefined ? {} : { key }),
    });
  }
}
