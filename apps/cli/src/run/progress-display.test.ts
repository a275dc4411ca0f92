import { describe, expect, it } from 'vitest';
import type { ApiRun } from '../client/api-types.ts';
import type { RunProgress } from './follow-runs.ts';
import { createPlainProgress, createTerminalProgress } from './progress-display.ts';

function entry(
  key: string,
  state: ApiRun['state'],
  extra: Partial<ApiRun> = {},
  step: RunProgress['step'] = null,
): RunProgress {
  return {
    key,
    step,
    run: {
      id: `run-${key}`,
      state,
      runType: 'REPLAY',
      durationMs: 1_500,
      failureKind: null,
      repairWasNeeded: false,
      ...extra,
    } as ApiRun,
  };
}

function collect() {
  let text = '';
  return { output: { write: (chunk: string) => void (text += chunk) }, text: () => text };
}

describe('plain progress (CI, pipes)', () => {
  it('prints one line when a run starts and one when it ends, never redrawing', () => {
    const sink = collect();
    const progress = createPlainProgress(sink.output, (e) => `Test ${e.key}`);
    progress.update([entry('a', 'QUEUED'), entry('b', 'QUEUED')]);
    progress.update([entry('a', 'RUNNING'), entry('b', 'QUEUED')]);
    progress.update([
      entry('a', 'RUNNING', {}, { idx: 1, goal: 'Open the cart' }),
      entry('b', 'RUNNING'),
    ]);
    progress.update([
      entry('a', 'PASSED'),
      entry('b', 'FAILED', { failureKind: 'assertion_failed' }),
    ]);
    progress.finish();
    expect(sink.text()).toBe(
      'started  Test a\nstarted  Test b\n[1/2] ✓ passed 1.5s  Test a\n[2/2] ✗ failed assertion_failed  Test b\n',
    );
    expect(sink.text()).not.toContain('\u001b[');
  });
});

describe('terminal progress', () => {
  it('redraws one line per run in place, with the current step', async () => {
    const sink = collect();
    const progress = createTerminalProgress(sink.output, (e) => `Test ${e.key}`, 80);
    progress.update([
      entry('a', 'RUNNING', {}, { idx: 2, goal: 'Check the subtotal' }),
      entry('b', 'QUEUED'),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    progress.update([entry('a', 'PASSED'), entry('b', 'RUNNING')]);
    progress.finish();
    const frames = sink.text();
    expect(frames).toContain('running step 3: Check the subtotal');
    expect(frames).toContain('\u001b[2A'); // moved back up over the two lines it drew
    const last = frames.slice(frames.lastIndexOf('\u001b[2A'));
    expect(last).toContain('✓ passed 1.5s');
    expect(last).toContain('Test b');
  });
});
