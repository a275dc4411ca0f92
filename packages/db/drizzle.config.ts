// drizzle-kit configuration: `npm run db:generate -w @retrace/db` writes SQL migrations from the schema.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/schema.ts',
  out: './migrations',
  strict: true,
  verbose: true,
});
