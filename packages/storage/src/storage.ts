// Public surface of @retrace/storage: the artifact store port, its local and S3-compatible implementations, and their config.
export * from './artifact-store.ts';
export * from './artifact-store-config.ts';
export * from './local-artifact-store.ts';
export * from './s3-artifact-store.ts';
