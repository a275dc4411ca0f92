// Vitest project of the dashboard: unit tests of its logic, and end-to-end tests in Chromium against `retrace demo`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts'],
    environment: 'node',
    // One `retrace demo` process serves every end-to-end file (started once, stopped at the end).
    globalSetup: ['e2e/test-support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // The files share one server and each drives Chromium: one at a time keeps a 2-core machine responsive.
    fileParallelism: false,
    // Its own group, after every other project: the shared server then has the machine to itself.
    sequence: { groupOrder: 1 },
  },
});
