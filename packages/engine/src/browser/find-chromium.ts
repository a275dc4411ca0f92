// Finds a Chromium-family executable on this machine when no path was configured.
import { accessSync, constants, statSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where Chromium usually lives, most likely first (Debian's chromium is what the project's images use). */
export const CHROMIUM_CANDIDATE_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/** True when path is an existing regular file this process may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Playwright's own downloaded Chromium, if `npx playwright install chromium` was run. */
function playwrightManagedChromium(): string | null {
  try {
    return chromium.executablePath();
  } catch {
    return null;
  }
}

export interface FindChromiumOptions {
  candidates?: readonly string[];
  /** Also accept Playwright's downloaded Chromium (default true). */
  includePlaywrightManaged?: boolean;
}

/** The first executable candidate, then Playwright's managed Chromium; null when there is none. */
export function findChromiumExecutable(options: FindChromiumOptions = {}): string | null {
  for (const candidate of options.candidates ?? CHROMIUM_CANDIDATE_PATHS)
    if (isExecutableFile(candidate)) return candidate;
  if (options.includePlaywrightManaged === false) return null;
  const managed = playwrightManagedChromium();
  return managed !== null && isExecutableFile(managed) ? managed : null;
}
