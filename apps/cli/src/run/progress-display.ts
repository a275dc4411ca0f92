// Shows runs as they go: one line per run redrawn in place on a terminal, plain lines when piped or in CI.
import type { RunProgress } from './follow-runs.ts';
import { formatDuration } from './run-report.ts';

export interface ProgressDisplay {
  update(progress: readonly RunProgress[]): void;
  /** Leaves the last frame on screen (a terminal) and stops redrawing. */
  finish(): void;
}

export interface ProgressOutput {
  write(text: string): void;
}

export type TitleOf = (entry: RunProgress) => string;

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

function statusText(entry: RunProgress, spinner: string): string {
  const run = entry.run;
  switch (run.state) {
    case 'QUEUED':
      return '· queued';
    case 'RUNNING': {
      const step = entry.step
        ? ` step ${entry.step.idx + 1}${entry.step.goal ? `: ${entry.step.goal}` : ''}`
        : '';
      return `${spinner} running${run.runType === 'AGENTIC' ? ' (agent)' : ''}${step}`;
    }
    case 'PASSED':
      return `✓ passed ${formatDuration(run.durationMs)}${run.repairWasNeeded ? ' (repaired)' : ''}`;
    case 'FAILED':
      return `✗ failed ${run.failureKind ?? ''}`.trimEnd();
  }
}

/** Redraws the block of lines in place with ANSI cursor movement; at most every 100 ms. */
export function createTerminalProgress(
  output: ProgressOutput,
  titleOf: TitleOf,
  columns = 100,
): ProgressDisplay {
  let drawn = 0;
  let frame = 0;
  let latest: readonly RunProgress[] = [];
  let timer: NodeJS.Timeout | null = null;
  let finished = false;
  const width = Math.max(40, columns - 1);
  const draw = () => {
    frame++;
    const spinner = SPINNER[frame % SPINNER.length] as string;
    const lines = latest.map((entry) => {
      const line = `${statusText(entry, spinner).padEnd(12)}  ${titleOf(entry)}`;
      return line.length > width ? `${line.slice(0, width - 1)}…` : line;
    });
    let text = drawn > 0 ? `\u001b[${drawn}A` : '';
    for (const line of lines) text += `\u001b[2K${line}\n`;
    output.write(text);
    drawn = lines.length;
  };
  return {
    update(progress) {
      if (finished) return;
      latest = progress;
      timer ??= setInterval(draw, 100);
      timer.unref();
    },
    finish() {
      if (finished) return;
      finished = true;
      if (timer) clearInterval(timer);
      if (latest.length > 0) draw();
    },
  };
}

/** A line when a run starts and when it ends; nothing redrawn (CI logs, pipes). */
export function createPlainProgress(output: ProgressOutput, titleOf: TitleOf): ProgressDisplay {
  const seen = new Map<string, string>();
  let total = 0;
  let done = 0;
  return {
    update(progress) {
      total = progress.length;
      for (const entry of progress) {
        const state = `${entry.run.id}:${entry.run.state}`;
        if (seen.get(entry.key) === state) continue;
        const previous = seen.get(entry.key);
        seen.set(entry.key, state);
        if (entry.run.state === 'QUEUED' && previous === undefined) continue;
        if (entry.run.state === 'RUNNING') output.write(`started  ${titleOf(entry)}\n`);
        else if (entry.run.state === 'PASSED' || entry.run.state === 'FAILED') {
          done++;
          output.write(`[${done}/${total}] ${statusText(entry, '')}  ${titleOf(entry)}\n`);
        }
      }
    },
    finish() {},
  };
}
