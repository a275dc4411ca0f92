import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeArtifactStoreContract } from './artifact-store.contract.ts';
import { ArtifactStoreError } from './artifact-store.ts';
import { createArtifactStore, describeArtifactStoreConfig } from './artifact-store-config.ts';
import { createS3ArtifactStore } from './s3-artifact-store.ts';
import {
  S3RVER_CREDENTIALS,
  type S3TestServer,
  startS3TestServer,
} from './test-support/s3-test-server.ts';

/** s3rver rewrites objects in place (real S3 replaces them atomically): see ContractOptions. */
const S3RVER_CONTRACT_OPTIONS = { atomicOverwrite: false };

describeArtifactStoreContract(
  'S3-compatible (s3rver on loopback)',
  async () => {
    const server = await startS3TestServer();
    const store = createS3ArtifactStore({
      endpoint: server.endpoint,
      region: 'us-east-1',
      bucket: server.bucket,
      forcePathStyle: true,
      ...S3RVER_CREDENTIALS,
    });
    return {
      store,
      async cleanup() {
        await store.close();
        await server.stop();
      },
    };
  },
  S3RVER_CONTRACT_OPTIONS,
);

describeArtifactStoreContract(
  'S3-compatible with a key prefix, made from config',
  async () => {
    const server = await startS3TestServer();
    const store = createArtifactStore({
      kind: 's3',
      endpoint: server.endpoint,
      region: 'us-east-1',
      bucket: server.bucket,
      forcePathStyle: true,
      prefix: 'retrace/prod',
      ...S3RVER_CREDENTIALS,
    });
    return {
      store,
      async cleanup() {
        await store.close();
        await server.stop();
      },
    };
  },
  S3RVER_CONTRACT_OPTIONS,
);

describe('S3 artifact store', () => {
  let server: S3TestServer;
  beforeAll(async () => {
    server = await startS3TestServer();
  });
  afterAll(async () => {
    await server.stop();
  });
  const options = () => ({
    endpoint: server.endpoint,
    region: 'us-east-1',
    bucket: server.bucket,
    forcePathStyle: true,
    ...S3RVER_CREDENTIALS,
  });

  it('keeps stores with different prefixes apart in one bucket', async () => {
    const a = createS3ArtifactStore({ ...options(), prefix: 'tenant-a' });
    const b = createS3ArtifactStore({ ...options(), prefix: 'tenant-b/' });
    const whole = createS3ArtifactStore(options());
    await a.put('runs/r1/a.png', Buffer.from('a'), { contentType: 'image/png' });
    expect(await b.exists('runs/r1/a.png')).toBe(false);
    expect(await whole.exists('tenant-a/runs/r1/a.png')).toBe(true);
    expect(await b.deletePrefix('runs/')).toBe(0);
    expect(await a.exists('runs/r1/a.png')).toBe(true);
    await Promise.all([a.close(), b.close(), whole.close()]);
  });

  it('reports refused credentials as ARTIFACT_ACCESS_DENIED without the secret in the error', async () => {
    // s3rver checks the access key id of a V4 signature (not the signature itself), so an unknown key id is
    // what it refuses; the secret canary still proves no credential reaches the error.
    const secret = 'wrong-secret-canary-9f3a';
    const store = createS3ArtifactStore({
      ...options(),
      accessKeyId: 'UNKNOWNKEYID',
      secretAccessKey: secret,
    });
    const error = await store
      .put('runs/r1/a.png', Buffer.from('a'), { contentType: 'image/png' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactStoreError);
    expect((error as ArtifactStoreError).code).toBe('ARTIFACT_ACCESS_DENIED');
    expect(String(error)).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
    await store.close();
  });

  it('reports a bucket that does not exist from its access check', async () => {
    const store = createS3ArtifactStore({ ...options(), bucket: 'no-such-bucket' });
    const error = await store.checkAccess().catch((e: unknown) => e);
    expect((error as ArtifactStoreError).code).toBe('ARTIFACT_STORE_UNAVAILABLE');
    await store.close();
  });

  it('reports an endpoint nobody listens on as ARTIFACT_STORE_UNAVAILABLE', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');
    const store = createS3ArtifactStore({ ...options(), endpoint: `http://127.0.0.1:${port}` });
    const error = await store.exists('runs/a.png').catch((e: unknown) => e);
    expect((error as ArtifactStoreError).code).toBe('ARTIFACT_STORE_UNAVAILABLE');
    await store.close();
  });
});

describe('artifact store config', () => {
  it('creates the local store by default shape and rejects an incomplete S3 config by field', () => {
    expect(createArtifactStore({ kind: 'local', dir: '/tmp/retrace-x' }).kind).toBe('local');
    const error = (() => {
      try {
        createArtifactStore({ kind: 's3', bucket: 'B', accessKeyId: 'k' } as never);
      } catch (e) {
        return e as ArtifactStoreError;
      }
      return null;
    })();
    expect(error?.code).toBe('ARTIFACT_STORE_CONFIG_INVALID');
    expect(error?.message).toContain('bucket');
    expect(error?.message).toContain('secretAccessKey');
  });

  it('never echoes a secret it rejects, and masks credentials when described', () => {
    const secret = 'super-secret-canary-77';
    try {
      createArtifactStore({
        kind: 's3',
        bucket: 'ok-bucket',
        accessKeyId: 'AKIAEXAMPLE',
        secretAccessKey: secret,
        endpoint: 'ftp://x',
      });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(secret);
    }
    const described = describeArtifactStoreConfig({
      kind: 's3',
      region: 'eu-west-1',
      bucket: 'ok-bucket',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: secret,
    });
    expect(JSON.stringify(described)).not.toContain(secret);
    expect(JSON.stringify(described)).not.toContain('AKIAEXAMPLE');
  });
});
