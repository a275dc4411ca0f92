// Child process of the throughput bench's baseline: the hand-written Playwright script of the shop journey, run
// back to back in one browser, one context per journey (as a worker opens one per run). No Retrace, no database.
//
// Env RETRACE_BENCH_SCRIPT = {"origin": "http://127.0.0.1:port", "chromium": "/path", "journeys": 8}. Prints
// READY after a warm-up journey, starts on a line "GO" on stdin, prints DONE <failed> and exits.
import { createInterface } from 'node:readline';
import { openBrowserSession } from '../../packages/engine/src/browser/browser-session.ts';
import { launchBrowser } from '../../packages/engine/src/browser/launch-browser.ts';
import { SHOP_VIEWPORT } from '../../packages/engine/src/replay/testing/shop-bed.ts';
import { handWrittenJourney } from '../replay/hand-written-journey.ts';

const { origin, chromium, journeys } = JSON.parse(process.env.RETRACE_BENCH_SCRIPT ?? '{}') as {
  origin: string;
  chromium: string;
  journeys: number;
};
const server = { url: (pathname: string) => new URL(pathname, origin).toString() };
const browser = await launchBrowser({ executablePath: chromium });

/** One journey in a fresh context; false when it failed (the failure goes to stderr). */
async function journey(): Promise<boolean> {
  const session = await openBrowserSession({ browser, config: { viewport: SHOP_VIEWPORT } });
  try {
    await handWrittenJourney(session.page, server);
    return true;
  } catch (error) {
    console.error(error);
    return false;
  } finally {
    await session.close();
  }
}

try {
  if (!(await journey())) throw new Error('the warm-up journey failed');
  const lines = createInterface({ input: process.stdin });
  const go = new Promise<void>((resolve) => lines.on('line', (line) => line === 'GO' && resolve()));
  console.log('READY');
  await go;
  lines.close();
  let failed = 0;
  for (let i = 0; i < journeys; i++) if (!(await journey())) failed += 1;
  console.log(`DONE ${failed}`);
} finally {
  await browser.close();
}
