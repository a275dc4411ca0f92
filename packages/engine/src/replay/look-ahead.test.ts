import { describe, expect, it } from 'vitest';
import { actionSchema, type ActionInput } from '../actions/action-schema.ts';
import { useActionTestBed } from '../actions/action-test-bed.ts';
import { captureFingerprint } from '../fingerprint/capture-fingerprint.ts';
import type { RecordedAction } from '../run/run-record.ts';
import { startLookAhead, takeLookAhead } from './look-ahead.ts';
import { replayTraversal } from './replay-traversal.ts';
import { readPage } from './settle-step.ts';
import { oneStateTraversal } from './testing/one-state-traversal.ts';

// A fixture server and a browser for the file, a fresh session per test.
const bed = useActionTestBed();

/**
 * A Start button that shows a Pay button. With `swap`, 40 ms after the Pay button appears the page turns it into
 * "Cancel order" and adds another Pay button: a change after a look ahead has already found the first one.
 * Every click is logged in `window.clicks`.
 */
function checkoutPage(swap: boolean): string {
  return `<!doctype html><title>Checkout</title>
<body style="margin:0;font:20px sans-serif;height:3000px">
  <button id="start">Start</button>
  <div id="area"></div>
  <script>
    (() => {
    window.clicks = [];
    const log = (what) => () => window.clicks.push(what);
    document.getElementById('start').addEventListener('click', () => {
      const pay = document.createElement('button');
      pay.id = 'go';
      pay.textContent = 'Pay';
      pay.onclick = () => window.clicks.push(pay.textContent);
      document.getElementById('area').append(pay);
      if (${swap}) {
        setTimeout(() => {
          pay.textContent = 'Cancel order';
          const other = document.createElement('button');
          other.id = 'pay-now';
          other.textContent = 'Pay';
          other.onclick = log('Pay (new)');
          document.getElementById('area').append(other);
        }, 40);
      }
    });
    })();
  </script>
</body>`;
}

/** The Pay button's recorded action: a click with its locator and the fingerprint taken on the page as it is. */
async function recordPayClick(): Promise<RecordedAction> {
  await bed.session.page.setContent(checkoutPage(false));
  await bed.session.page.locator('#start').click();
  const fingerprint = await captureFingerprint(bed.session.page.locator('#go'));
  return {
    idx: 1,
    action: actionSchema.parse({ type: 'click', target: { locator: "locator('#go')" } }),
    domElementData: fingerprint,
  };
}

const options = { secrets: new Map<string, string>(), policy: undefined };

describe('look ahead: the next element found while the page settles', () => {
  it('holds while the page reads as it did during the look up, and for that action and page only', async () => {
    const pay = await recordPayClick();
    const ahead = startLookAhead(bed.session.page, pay, options);
    expect(ahead).not.toBeNull();
    const found = await takeLookAhead(
      ahead,
      pay,
      bed.session.page,
      await readPage(bed.session.page),
    );
    expect(found).toMatchObject({ kind: 'found', method: 'locator' });
    expect(found?.fingerprint?.text).toBe('Pay');
    // Another action (even an equal one), another page, or no reading of the page: relocation as usual.
    expect(
      await takeLookAhead(ahead, { ...pay }, bed.session.page, await readPage(bed.session.page)),
    ).toBeNull();
    const other = await bed.session.page.context().newPage();
    expect(await takeLookAhead(ahead, pay, other, await readPage(bed.session.page))).toBeNull();
    await other.close();
    expect(await takeLookAhead(ahead, pay, bed.session.page, null)).toBeNull();
  });

  it('is dropped when the DOM, the scroll position or the document size changed after it', async () => {
    const pay = await recordPayClick();
    const changes = [
      () => bed.session.page.evaluate(() => document.body.append(document.createElement('span'))),
      () => bed.session.page.evaluate(() => window.scrollTo(0, 200)),
      () => bed.session.page.evaluate(() => void (document.body.style.height = '4000px')),
    ];
    for (const change of changes) {
      const ahead = startLookAhead(bed.session.page, pay, options);
      await ahead?.checked;
      await change();
      expect(
        await takeLookAhead(ahead, pay, bed.session.page, await readPage(bed.session.page)),
      ).toBeNull();
    }
  });

  it('looks nothing up for checks, waits and actions recorded without a fingerprint', async () => {
    const pay = await recordPayClick();
    const actions: ActionInput[] = [
      { type: 'assert_element', target: { locator: "locator('#go')" }, state: 'visible' },
      { type: 'wait_for', until: { kind: 'element', target: { locator: "locator('#go')" } } },
    ];
    for (const action of actions) {
      const recorded = { ...pay, action: actionSchema.parse(action) };
      expect(startLookAhead(bed.session.page, recorded, options)).toBeNull();
    }
    expect(startLookAhead(bed.session.page, { ...pay, domElementData: null }, options)).toBeNull();
  });

  it('never acts on what it found when the page changed before the action: the replay relocates again', async () => {
    const pay = await recordPayClick();
    const start = {
      action: actionSchema.parse({ type: 'click', target: { locator: "locator('#start')" } }),
      domElementData: await captureFingerprint(bed.session.page.locator('#start')),
    };
    const traversal = oneStateTraversal([start, pay], { expectedOutcome: 'paid', nextGoal: 'pay' });
    // Looked up right after Start was clicked, #go is still the Pay button; 40 ms later it is "Cancel order".
    await bed.session.page.setContent(checkoutPage(true));
    const outcome = await replayTraversal({
      session: bed.session,
      traversal,
      settings: { settleQuietMs: 100, relocationWaitMs: 200 },
    });
    const clicks = await bed.session.page.evaluate(
      () => (window as unknown as { clicks: string[] }).clicks,
    );
    // The recorded locator #go now finds an element that is no longer the recorded one; relocation finds the
    // button that is (by the fingerprint's own locator), never the one the look ahead saw.
    expect(clicks).toEqual(['Pay (new)']);
    expect(outcome.steps[1]).toMatchObject({ passed: true });
  });
});
