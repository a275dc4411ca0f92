import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../page-state/token-count.ts';
import { describeAction, renderHistory, type HistoryEntry } from './agent-history.ts';

function entry(n: number): HistoryEntry {
  return {
    label: `step ${n}`,
    evaluationPreviousGoal: `evaluation of step ${n} `.repeat(5),
    memory: `memory after step ${n} `.repeat(5),
    nextGoal: `goal number ${n}`,
    actions: [`click [${n}] button "Next" → ok`],
    outcome: 'ok',
  };
}

describe('renderHistory', () => {
  it('shows every step in full when the budget allows', () => {
    const text = renderHistory([entry(1), entry(2)], 10_000, estimateTokens);
    expect(text).toContain('step 1 (ok):\n  evaluation: evaluation of step 1');
    expect(text).toContain('    - click [2] button "Next" → ok');
  });

  it('shortens older steps, then omits the oldest, to stay within the budget; the latest stays in full', () => {
    const entries = Array.from({ length: 30 }, (_, i) => entry(i + 1));
    const budget = 600;
    const text = renderHistory(entries, budget, estimateTokens);
    expect(estimateTokens(text)).toBeLessThanOrEqual(budget);
    expect(text).toMatch(/^\(\d+ earlier steps omitted; your memory carries what matters\)/);
    expect(text).toContain('step 30 (ok):\n  evaluation: evaluation of step 30');
    expect(text).toMatch(/step 2\d \(ok\): goal number 2\d/);
    expect(text).not.toContain('step 1 (ok)');
  });

  it('says so when there is no history yet', () => {
    expect(renderHistory([], 100, estimateTokens)).toBe('No steps yet: this is the first step.');
  });
});

describe('describeAction', () => {
  it('describes actions briefly, with placeholders kept', () => {
    expect(
      describeAction(
        {
          type: 'input_text',
          target: { ref: '7' },
          text: '<secret>pw</secret>',
          clear: true,
          pressEnter: true,
        },
        'textbox "Password"',
      ),
    ).toBe('input_text [7] textbox "Password" "<secret>pw</secret>" + Enter');
    expect(describeAction({ type: 'assert_url', url: '/done', match: 'contains' })).toBe(
      'assert_url contains /done',
    );
  });
});
