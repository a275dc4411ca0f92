// Builds the dashboard into dist/ when the build is missing or older than its sources (what `retrace serve` serves).
import { type Dirent, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

export const WEB_DIR = path.resolve(import.meta.dirname, '..', '..');

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newestIn(dir: string): number {
  let newest = 0;
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : mtime(full));
  }
  return newest;
}

export function isDashboardBuildStale(): boolean {
  const built = mtime(path.join(WEB_DIR, 'dist', 'index.html'));
  const sources = Math.max(
    newestIn(path.join(WEB_DIR, 'src')),
    newestIn(path.join(WEB_DIR, 'public')),
    mtime(path.join(WEB_DIR, 'index.html')),
    mtime(path.join(WEB_DIR, 'vite.config.ts')),
    mtime(path.join(WEB_DIR, 'package.json')),
  );
  return built < sources;
}

/**
 * Vite builds React's development bundle when NODE_ENV says so, and Vitest sets it to `test`: build what
 * `retrace serve` ships (the production bundle) whoever calls this.
 */
export async function ensureDashboardBuild(): Promise<void> {
  if (!isDashboardBuildStale()) return;
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: WEB_DIR,
      configFile: path.join(WEB_DIR, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
