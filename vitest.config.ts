// Root Vitest config: every workspace under packages/ and apps/ is its own project.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'scripts'],
    // Vitest's default is one worker per core minus one — a single worker on a 2-core CI machine. Most files wait on
    // Chromium, PostgreSQL or a child process rather than compute, so two at a time finish far sooner; more would
    // starve the browser-driven files of CPU.
    maxWorkers: 2,
  },
});
