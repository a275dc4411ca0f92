// Root Vitest config: every workspace under packages/ and apps/ is its own project.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'scripts'],
    // Vitest's default is one worker per core minus one — a single worker on a 2-core CI machine. Most files wait on
    // Chromium, PostgreSQL, a child process or a recovery window rather than compute: with 2 workers the suite kept
    // only ≈ 1.05 of 2 cores busy (10 min 47 s); one file more than cores brought it to 8 min 53 s (≈ 1.2 cores),
    // while 4 on 2 cores gained only 20 s more and stretched the slowest file by half.
    maxWorkers: availableParallelism() + 1,
  },
});
