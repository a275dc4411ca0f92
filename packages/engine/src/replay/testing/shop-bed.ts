// Test support: the shop fixture journey — its steps file, one recording on the base shop per test file, variant sessions.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE_PAGES_DIR, startFixtureServer, type FixtureServer } from '@retrace/fixtures';
import { afterAll, beforeAll } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../../browser/browser-session.ts';
import { launchBrowser, type LaunchedBrowser } from '../../browser/launch-browser.ts';
import { waitForSettledPage } from '../../browser/settle-page.ts';
import { TEST_CHROMIUM_PATH } from '../../browser/test-helpers.ts';
import type { RecordedTraversal } from '../../run/run-record.ts';
import { parseStepsFile, type StepsFile } from '../../steps/parse-steps-file.ts';
import { recordTraversalFromSteps } from '../../steps/record-traversal-from-steps.ts';

/** The card number the journey types through `<secret>card_number</secret>`. */
export const SHOP_CARD_NUMBER = '4242 4242 4242 4242';
export const SHOP_SECRETS: ReadonlyMap<string, string> = new Map([
  ['card_number', SHOP_CARD_NUMBER],
]);
export const SHOP_VIEWPORT = { width: 1280, height: 720 } as const;
export const SHOP_JOURNEY_PATH = path.join(FIXTURE_PAGES_DIR, 'shop', 'shop-journey.steps.yaml');

/** Variants that only change how the shop is built or worded: a replay must pass on each. */
export const COSMETIC_VARIANTS = [
  'base',
  'ids',
  'classes',
  'wrappers',
  'order',
  'wording',
  'layout',
  'restyled',
] as const;

export function readShopJourney(): StepsFile {
  return parseStepsFile(readFileSync(SHOP_JOURNEY_PATH, 'utf8'), {
    fileName: 'shop-journey.steps.yaml',
  });
}

export interface ShopBed {
  server: FixtureServer;
  browser: LaunchedBrowser;
  /** The journey recorded once on the base shop. */
  traversal: RecordedTraversal;
  /** A new session (desktop 1280×720) on the shop's start page in the variant, settled. */
  openShop(variant: string): Promise<BrowserSession>;
}

/** Registers beforeAll/afterAll: a fixture server, one Chromium, and the journey recorded on the base shop. */
export function useShopBed(): ShopBed {
  const bed = {} as ShopBed;
  const sessions: BrowserSession[] = [];
  beforeAll(async () => {
    bed.server = await startFixtureServer();
    bed.browser = await launchBrowser({ executablePath: TEST_CHROMIUM_PATH });
    bed.openShop = async (variant) => {
      const session = await openBrowserSession({
        browser: bed.browser,
        config: { viewport: SHOP_VIEWPORT },
      });
      sessions.push(session);
      await session.page.goto(bed.server.url(`/shop/?variant=${encodeURIComponent(variant)}`));
      await waitForSettledPage(session.page);
      return session;
    };
    const session = await openBrowserSession({
      browser: bed.browser,
      config: { viewport: SHOP_VIEWPORT },
    });
    try {
      bed.traversal = await recordTraversalFromSteps(readShopJourney(), {
        session,
        baseUrl: bed.server.origin,
        secrets: SHOP_SECRETS,
      });
    } finally {
      await session.close();
    }
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await bed.browser?.close();
    await bed.server?.close();
  });
  return bed;
}
