// Real Chromium for the end-to-end tests: one browser per file, a fresh context per test, console errors caught.
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Page,
  type ViewportSize,
} from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.RETRACE_CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

const FAILED_RESOURCE = /^Failed to load resource: the server responded with a status of (\d{3})/;

export interface DashboardPage {
  context: BrowserContext;
  page: Page;
  /** HTTP error statuses this test provokes on purpose (their "Failed to load resource" lines are fine). */
  expectHttpErrors(...statuses: number[]): void;
  /** console.error calls, uncaught exceptions and unexpected failed requests seen so far. */
  problems(): string[];
  close(): Promise<void>;
}

export async function openDashboardPage(
  browser: Browser,
  options: { viewport?: ViewportSize } = {},
): Promise<DashboardPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 720 },
    ...(options.viewport && options.viewport.width < 600
      ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
      : {}),
  });
  const page = await context.newPage();
  const expected = new Set<number>();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const failed = FAILED_RESOURCE.exec(text);
    if (failed && expected.has(Number(failed[1]))) return;
    problems.push(`console.error: ${text} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message} (${page.url()})`));
  return {
    context,
    page,
    expectHttpErrors: (...statuses) => statuses.forEach((status) => expected.add(status)),
    problems: () => [...problems],
    close: () => context.close(),
  };
}

/**
 * Signs in with an API key and waits for the dashboard. Call it right after opening any page: a signed-out
 * visitor is sent to the sign-in page (which remembers where they were going).
 */
export async function signInWithKey(page: Page, baseUrl: string, key: string): Promise<void> {
  if (!page.url().startsWith(baseUrl)) await page.goto(`${baseUrl}/sign-in`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('API key', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Sign in with key' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** True when the page is wider than the viewport (something overflows horizontally). */
export async function overflowsHorizontally(
  page: Page,
): Promise<{ overflow: boolean; culprit: string | null }> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    const overflow = root.scrollWidth > root.clientWidth + 1;
    let culprit: string | null = null;
    if (overflow) {
      for (const element of Array.from(document.body.querySelectorAll('*'))) {
        const box = element.getBoundingClientRect();
        if (box.right > root.clientWidth + 1 && box.width > 0) {
          const el = element as HTMLElement;
          culprit = `${el.tagName.toLowerCase()}.${el.className || '(no class)'} right=${Math.round(box.right)}`;
          break;
        }
      }
    }
    return { overflow, culprit };
  });
}
