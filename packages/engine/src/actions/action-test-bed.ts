// Test support for action tests: a fixture server and one browser per test file, a fresh session per test.
import { startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import type { Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../browser/browser-session.ts';
import { launchBrowser, type LaunchedBrowser } from '../browser/launch-browser.ts';
import { TEST_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import type { ElementRefs } from '../page-state/element-refs.ts';

export interface ActionTestBed {
  server: FixtureServer;
  session: BrowserSession;
}

/** Registers hooks and returns a live view of the server and the current test's session. */
export function useActionTestBed(): ActionTestBed {
  let browser: LaunchedBrowser | undefined;
  const bed = {} as ActionTestBed;
  beforeAll(async () => {
    bed.server = await startFixtureServer();
    browser = await launchBrowser({ executablePath: TEST_CHROMIUM_PATH });
  });
  afterAll(async () => {
    await browser?.close();
    await bed.server?.close();
  });
  beforeEach(async () => {
    bed.session = await openBrowserSession({
      browser,
      config: { viewport: { width: 1280, height: 720 } },
    });
  });
  afterEach(async () => {
    await bed.session?.close();
  });
  return bed;
}

/** A minimal ElementRefs (the page-state engine provides the real one): refs named by the test. */
export function refsOf(entries: Record<string, Locator>): ElementRefs {
  return { locatorFor: (ref) => entries[ref] };
}
