// The artifact store's configuration (validated once by the entry point) and the factory that picks the implementation.
import { z } from 'zod';
import { type ArtifactStore, ArtifactStoreError } from './artifact-store.ts';
import { createLocalArtifactStore } from './local-artifact-store.ts';
import { createS3ArtifactStore } from './s3-artifact-store.ts';

const localConfigSchema = z
  .object({
    kind: z.literal('local'),
    dir: z.string().min(1, 'the local artifact directory is required'),
  })
  .strict();

const s3ConfigSchema = z
  .object({
    kind: z.literal('s3'),
    endpoint: z.url({ protocol: /^https?$/ }).optional(),
    region: z.string().min(1).default('us-east-1'),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3-63 of [a-z0-9.-]'),
    accessKeyId: z.string().min(1),
    secretAccessKey: z.string().min(1),
    sessionToken: z.string().min(1).optional(),
    forcePathStyle: z.boolean().optional(),
    prefix: z
      .string()
      .regex(/^[a-z0-9_/.-]*$/, 'lower-case [a-z0-9/_.-]')
      .refine((p) => !p.includes('..'), 'must not contain ".."')
      .optional(),
    connectionTimeoutMs: z.number().int().positive().optional(),
    requestTimeoutMs: z.number().int().positive().optional(),
  })
  .strict();

/** `{ kind: 'local', dir }` (the default for one-machine installs) or `{ kind: 's3', ... }`. */
export const artifactStoreConfigSchema = z.discriminatedUnion('kind', [
  localConfigSchema,
  s3ConfigSchema,
]);

export type ArtifactStoreConfig = z.input<typeof artifactStoreConfigSchema>;

/** Validates `config` and creates the store it describes. Errors name the field, never a credential's value. */
export function createArtifactStore(config: ArtifactStoreConfig): ArtifactStore {
  const parsed = artifactStoreConfigSchema.safeParse(config);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`)
      .join('; ');
    throw new ArtifactStoreError(
      'ARTIFACT_STORE_CONFIG_INVALID',
      `artifact storage config is invalid: ${problems}`,
    );
  }
  const valid = parsed.data;
  switch (valid.kind) {
    case 'local':
      return createLocalArtifactStore({ dir: valid.dir });
    case 's3': {
      const { kind: _kind, ...options } = valid;
      return createS3ArtifactStore(options);
    }
  }
}

/** The config with its credentials masked, for logs and diagnostics. */
export function describeArtifactStoreConfig(config: ArtifactStoreConfig): Record<string, unknown> {
  if (config.kind === 'local') return { kind: 'local', dir: config.dir };
  const { secretAccessKey: _secret, sessionToken: _token, accessKeyId, ...rest } = config;
  return { ...rest, accessKeyId: `${accessKeyId.slice(0, 4)}…`, secretAccessKey: '[redacted]' };
}
