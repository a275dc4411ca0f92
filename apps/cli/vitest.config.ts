// Vitest project of the CLI: unit tests, and end-to-end tests that spawn `retrace` with Chromium and temp data dirs.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'cli',
    include: ['src/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
