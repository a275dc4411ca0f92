import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionSchema, type ActionInput } from '../actions/action-schema.ts';
import { openBrowserSession } from '../browser/browser-session.ts';
import { launchBrowser, type LaunchedBrowser } from '../browser/launch-browser.ts';
import { TEST_CHROMIUM_PATH } from '../browser/test-helpers.ts';
import type { RecordedTraversal, RunOutcome } from '../run/run-record.ts';
import { captureScreenshot } from '../browser/capture-screenshot.ts';
import { REPLAY_SETTING_DEFAULTS, type ReplaySettings } from './replay-options.ts';
import { replayTraversal } from './replay-traversal.ts';
import { oneStateTraversal } from './testing/one-state-traversal.ts';

let browser: LaunchedBrowser;

beforeAll(async () => {
  browser = await launchBrowser({ executablePath: TEST_CHROMIUM_PATH });
});
afterAll(async () => {
  await browser?.close();
});

const PAGE = `<!doctype html><title>Counter</title>
<body style="margin:0;font:20px sans-serif">
  <button id="add" style="margin:20px">Add one</button>
  <button id="later" style="margin:20px">Add one later</button>
  <button id="twice" style="margin:20px">Add two</button>
  <p id="count">Count: 0</p>
  <script>
    let count = 0;
    const show = () => { document.getElementById('count').textContent = 'Count: ' + count; };
    document.getElementById('add').addEventListener('click', () => { count++; show(); });
    document.getElementById('later').addEventListener('click', () => setTimeout(() => { count++; show(); }, 400));
    // Changes the page at once, and again a moment later, before the page counts as settled.
    document.getElementById('twice').addEventListener('click', () => {
      count++; show();
      setTimeout(() => { count++; show(); }, 150);
    });
  </script>
</body>`;

function traversalOf(actions: ActionInput[]): RecordedTraversal {
  return oneStateTraversal(
    actions.map((action) => ({ action: actionSchema.parse(action), domElementData: null })),
    { expectedOutcome: 'the count goes up', nextGoal: 'count' },
  );
}

/** Replays the actions on PAGE; `final` is a screenshot of the page as the replay left it, taken the same way. */
async function replayAndShoot(
  actions: ActionInput[],
  settings: Partial<ReplaySettings> = {},
): Promise<{ outcome: RunOutcome; final: Buffer }> {
  const session = await openBrowserSession({
    browser,
    config: { viewport: { width: 640, height: 360 } },
  });
  try {
    await session.page.setContent(PAGE);
    const outcome = await replayTraversal({ session, traversal: traversalOf(actions), settings });
    const final = await captureScreenshot(session.page, {
      quality: REPLAY_SETTING_DEFAULTS.screenshotQuality,
    });
    return { outcome, final: final.bytes };
  } finally {
    await session.close();
  }
}

async function replay(actions: ActionInput[]): Promise<RunOutcome> {
  return (await replayAndShoot(actions)).outcome;
}

const shotOf = (outcome: RunOutcome, idx: number): Buffer => {
  const bytes = outcome.steps[idx]?.screenshot;
  if (!bytes) throw new Error(`step ${idx} has no screenshot`);
  return Buffer.from(bytes);
};

describe('replay screenshots', () => {
  it('reuses the previous image for a check that found the page unchanged, with its own element box', async () => {
    const outcome = await replay([
      { type: 'click', target: { locator: "locator('#add')" } },
      { type: 'assert_text_visible', text: 'Count: 1' },
      { type: 'assert_element', target: { locator: "locator('#count')" }, state: 'visible' },
      { type: 'click', target: { locator: "locator('#add')" } },
      { type: 'assert_text_visible', text: 'Count: 2' },
    ]);
    expect(outcome.status).toBe('passed');
    expect(outcome.steps).toHaveLength(5);
    // The checks changed nothing: the same picture as the click before them.
    expect(shotOf(outcome, 1).equals(shotOf(outcome, 0))).toBe(true);
    expect(shotOf(outcome, 2).equals(shotOf(outcome, 0))).toBe(true);
    // Their boxes are their own: none for a page-wide text check, the paragraph for the element check.
    expect(outcome.steps[1]?.screenshotBox).toBeNull();
    expect(outcome.steps[2]?.screenshotBox).toMatchObject({ x: 0, width: 640 });
    // The second click changed the count: a new picture.
    expect(shotOf(outcome, 3).equals(shotOf(outcome, 2))).toBe(false);
    expect(shotOf(outcome, 4).equals(shotOf(outcome, 3))).toBe(true);
  });

  it('takes a new image for a check that waited for the page to change', async () => {
    const outcome = await replay([
      { type: 'click', target: { locator: "locator('#later')" } },
      { type: 'assert_text_visible', text: 'Count: 1' },
    ]);
    expect(outcome.status).toBe('passed');
    // The click settled before the delayed update; the check saw "Count: 1" appear and pictures it.
    expect(shotOf(outcome, 1).equals(shotOf(outcome, 0))).toBe(false);
  });

  // A click that changes only the DOM starts its screenshot while the DOM settles; the picture is kept only when
  // the DOM did not change again before it settled. The quiet window is long here, so the second change of
  // #twice (150 ms after the click, inside the window) comes after that early picture was taken.
  it('pictures the settled page after a click that changed it, at once or again a moment later', async () => {
    for (const [button, count] of [
      ['#add', 1],
      ['#twice', 2],
    ] as const) {
      const { outcome, final } = await replayAndShoot(
        [
          { type: 'click', target: { locator: `locator('${button}')` } },
          { type: 'assert_text_visible', text: `Count: ${count}` },
        ],
        { settleQuietMs: 300 },
      );
      expect(outcome.status).toBe('passed');
      expect(shotOf(outcome, 0).equals(final), button).toBe(true);
    }
  });
});
