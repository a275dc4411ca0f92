// Artifact store on S3-compatible object storage (AWS S3, MinIO, Supabase Storage's S3 endpoint).
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { PassThrough, Readable } from 'node:stream';
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

export interface S3ArtifactStoreOptions {
  /** Omit for AWS; e.g. `http://127.0.0.1:9000` for MinIO, `https://<ref>.supabase.co/storage/v1/s3` for Supabase. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Path-style URLs (`endpoint/bucket/key`): needed by MinIO and Supabase. */
  forcePathStyle?: boolean;
  /** Folder inside the bucket under which every key is stored, e.g. `retrace/prod`. */
  prefix?: string;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** S3 accepts at most 1000 keys per DeleteObjects call. */
const DELETE_BATCH = 1000;
/** Streams larger than one part go multipart; below it a single PUT is cheaper. */
const PART_SIZE = 8 * 1024 * 1024;

interface S3ErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

function statusOf(error: unknown): number | undefined {
  return (error as S3ErrorShape | null)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as S3ErrorShape | null)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}

/** Maps an SDK error to a stable code. The SDK's messages never carry the credentials, and neither do ours. */
function wrapS3Error(
  fallback: ArtifactStoreErrorCode,
  action: string,
  key: string,
  error: unknown,
): ArtifactStoreError {
  if (error instanceof ArtifactStoreError) return error;
  const shape = (error ?? {}) as S3ErrorShape;
  const status = statusOf(error);
  const label = shape.name ?? shape.code ?? 'error';
  if (shape.name === 'AbortError') {
    return new ArtifactStoreError('ARTIFACT_ABORTED', `${action} ${key} was aborted`, {
      cause: error,
      key,
    });
  }
  if (status === 401 || status === 403) {
    return new ArtifactStoreError(
      'ARTIFACT_ACCESS_DENIED',
      `${action} ${key}: the object store refused the credentials or the permission (${label}, HTTP ${status})`,
      { cause: error, key },
    );
  }
  if (
    status === undefined ||
    status >= 500 ||
    shape.name === 'NoSuchBucket' ||
    ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'TimeoutError'].includes(label)
  ) {
    return new ArtifactStoreError(
      'ARTIFACT_STORE_UNAVAILABLE',
      `${action} ${key}: the object store is unavailable (${label}${status ? `, HTTP ${status}` : ''})`,
      { cause: error, key },
    );
  }
  return new ArtifactStoreError(fallback, `${action} ${key} failed (${label}, HTTP ${status})`, {
    cause: error,
    key,
  });
}

function normalisePrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') return '';
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  try {
    assertArtifactKey(trimmed);
  } catch (error) {
    throw new ArtifactStoreError(
      'ARTIFACT_STORE_CONFIG_INVALID',
      `the S3 prefix ${JSON.stringify(prefix)} is invalid: use lower-case [a-z0-9/_.-] segments`,
      { cause: error },
    );
  }
  return `${trimmed}/`;
}

/** An AbortController that follows `signal`, so a multipart upload can be stopped from outside. */
function linkedController(signal: AbortSignal | undefined): {
  controller: AbortController;
  unlink: () => void;
} {
  const controller = new AbortController();
  if (!signal) return { controller, unlink: () => undefined };
  const onAbort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return { controller, unlink: () => signal.removeEventListener('abort', onAbort) };
}

export function createS3ArtifactStore(options: S3ArtifactStoreOptions): ArtifactStore {
  const bucket = options.bucket;
  const base = normalisePrefix(options.prefix);
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: {
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      ...(options.sessionToken === undefined ? {} : { sessionToken: options.sessionToken }),
    },
    // Only checksums S3 requires: several S3-compatible stores reject the newer default CRC headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 5_000,
      requestTimeout: options.requestTimeoutMs ?? 120_000,
    },
  });
  const objectKey = (key: string): string => base + key;
  const withSignal = (signal: AbortSignal | undefined) => (signal ? { abortSignal: signal } : {});

  async function putStream(
    key: string,
    body: Readable,
    contentType: string,
    signal?: AbortSignal,
  ): Promise<number> {
    let size = 0;
    let sourceError: unknown;
    const counter = new PassThrough();
    counter.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    body.on('error', (error) => {
      sourceError = error;
      counter.destroy(error);
    });
    body.pipe(counter);
    const { controller, unlink } = linkedController(signal);
    const upload = new Upload({
      client,
      params: { Bucket: bucket, Key: objectKey(key), Body: counter, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
      abortController: controller,
    });
    try {
      await upload.done();
      return size;
    } catch (error) {
      // Nothing will read the rest of the caller's stream now: release it instead of leaving it paused.
      body.unpipe(counter);
      counter.destroy();
      body.destroy();
      if (sourceError !== undefined) {
        throw new ArtifactStoreError(
          'ARTIFACT_WRITE_FAILED',
          `writing ${key} failed: the source stream broke`,
          { cause: sourceError, key },
        );
      }
      throw error;
    } finally {
      unlink();
    }
  }

  async function* listObjects(
    prefix: string,
    signal?: AbortSignal,
  ): AsyncGenerator<ArtifactListing> {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: base + prefix,
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
          withSignal(signal),
        );
      } catch (error) {
        throw wrapS3Error('ARTIFACT_READ_FAILED', 'listing', prefix, error);
      }
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        yield { key: item.Key.slice(base.length), size: item.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async function deleteBatch(keys: readonly string[], signal?: AbortSignal): Promise<void> {
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      let result;
      try {
        result = await client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: batch.map((key) => ({ Key: objectKey(key) })), Quiet: true },
          }),
          withSignal(signal),
        );
      } catch (error) {
        throw wrapS3Error('ARTIFACT_DELETE_FAILED', 'deleting', `${batch.length} keys`, error);
      }
      const failed = (result.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      if (failed.length > 0) {
        const sample = failed
          .slice(0, 5)
          .map((e) => `${(e.Key ?? '?').slice(base.length)} (${e.Code ?? 'error'})`);
        throw new ArtifactStoreError(
          'ARTIFACT_DELETE_FAILED',
          `deleting ${failed.length} of ${batch.length} keys failed: ${sample.join(', ')}`,
        );
      }
    }
  }

  return {
    kind: 's3',

    async put(
      key: string,
      body: Uint8Array | Readable,
      { contentType, signal }: PutArtifactOptions,
    ) {
      assertArtifactKey(key);
      assertContentType(contentType);
      throwIfAborted(signal, key);
      try {
        if (body instanceof Uint8Array) {
          await client.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: objectKey(key),
              Body: body,
              ContentType: contentType,
              ContentLength: body.byteLength,
            }),
            withSignal(signal),
          );
          return { key, size: body.byteLength };
        }
        return { key, size: await putStream(key, body, contentType, signal) };
      } catch (error) {
        if (signal?.aborted) throwIfAborted(signal, key);
        throw wrapS3Error('ARTIFACT_WRITE_FAILED', 'writing', key, error);
      }
    },

    async get(key: string, opts?: ArtifactOperationOptions): Promise<StoredArtifact | null> {
      assertArtifactKey(key);
      throwIfAborted(opts?.signal, key);
      let result;
      try {
        result = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }),
          withSignal(opts?.signal),
        );
      } catch (error) {
        if (isNotFound(error)) return null;
        throw wrapS3Error('ARTIFACT_READ_FAILED', 'reading', key, error);
      }
      if (!(result.Body instanceof Readable)) {
        throw new ArtifactStoreError(
          'ARTIFACT_READ_FAILED',
          `reading ${key}: the object store returned no readable body`,
          { key },
        );
      }
      return {
        body: result.Body,
        contentType: result.ContentType ?? contentTypeForKey(key),
        size: result.ContentLength ?? 0,
      };
    },

    async exists(key: string, opts?: ArtifactOperationOptions): Promise<boolean> {
      assertArtifactKey(key);
      throwIfAborted(opts?.signal, key);
      try {
        await client.send(
          new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }),
          withSignal(opts?.signal),
        );
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw wrapS3Error('ARTIFACT_READ_FAILED', 'checking', key, error);
      }
    },

    async delete(key: string, opts?: ArtifactOperationOptions): Promise<void> {
      assertArtifactKey(key);
      throwIfAborted(opts?.signal, key);
      try {
        await client.send(
          new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }),
          withSignal(opts?.signal),
        );
      } catch (error) {
        if (isNotFound(error)) return;
        throw wrapS3Error('ARTIFACT_DELETE_FAILED', 'deleting', key, error);
      }
    },

    async deleteMany(keys: readonly string[], opts?: ArtifactOperationOptions): Promise<void> {
      keys.forEach(assertArtifactKey);
      throwIfAborted(opts?.signal);
      await deleteBatch([...new Set(keys)], opts?.signal);
    },

    async deletePrefix(prefix: string, opts?: ArtifactOperationOptions): Promise<number> {
      assertArtifactPrefix(prefix);
      throwIfAborted(opts?.signal);
      let count = 0;
      let pending: string[] = [];
      for await (const { key } of listObjects(prefix, opts?.signal)) {
        pending.push(key);
        if (pending.length === DELETE_BATCH) {
          await deleteBatch(pending, opts?.signal);
          count += pending.length;
          pending = [];
        }
      }
      await deleteBatch(pending, opts?.signal);
      return count + pending.length;
    },

    list(prefix: string, opts?: ArtifactOperationOptions): AsyncIterable<ArtifactListing> {
      if (prefix !== '') assertArtifactPrefix(prefix);
      throwIfAborted(opts?.signal);
      return listObjects(prefix, opts?.signal);
    },

    async checkAccess(opts?: ArtifactOperationOptions): Promise<void> {
      throwIfAborted(opts?.signal);
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }), withSignal(opts?.signal));
      } catch (error) {
        const wrapped = wrapS3Error('ARTIFACT_STORE_UNAVAILABLE', 'checking bucket', bucket, error);
        if (isNotFound(error)) {
          throw new ArtifactStoreError(
            'ARTIFACT_STORE_UNAVAILABLE',
            `the bucket ${bucket} does not exist (create it first)`,
            { cause: error },
          );
        }
        throw wrapped;
      }
    },

    async close(): Promise<void> {
      client.destroy();
    },
  };
}
