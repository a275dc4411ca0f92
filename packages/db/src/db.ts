// Public surface of @retrace/db: the schema, the database factory and its types.
export * from './schema/schema.ts';
export * from './create-database.ts';
export * from './database-types.ts';
export * from './database-error.ts';
export * from './query-rows.ts';
export { MIGRATIONS_FOLDER, MIGRATION_LOCK_KEY } from './migrate-database.ts';
export { createId } from '@paralleldrive/cuid2';
