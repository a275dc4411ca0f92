// The human summary: one line per run, then each failure with its reason, its step and its link.
import { formatDuration, type RunReport, resultTitle } from '../run/run-report.ts';

export interface LineStyle {
  green(text: string): string;
  red(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export const PLAIN_STYLE: LineStyle = {
  green: (t) => t,
  red: (t) => t,
  dim: (t) => t,
  bold: (t) => t,
};

export const ANSI_STYLE: LineStyle = {
  green: (t) => `\u001b[32m${t}\u001b[39m`,
  red: (t) => `\u001b[31m${t}\u001b[39m`,
  dim: (t) => `\u001b[2m${t}\u001b[22m`,
  bold: (t) => `\u001b[1m${t}\u001b[22m`,
};

export function renderLineReport(report: RunReport, style: LineStyle = PLAIN_STYLE): string {
  const lines: string[] = [];
  lines.push(
    style.bold(
      `Retrace — ${report.project.name} (${report.summary.total} run${report.summary.total === 1 ? '' : 's'}, mode ${report.mode})`,
    ),
  );
  for (const result of report.results) {
    const mark = result.status === 'passed' ? style.green('✓ PASS') : style.red('✗ FAIL');
    const extra = [
      formatDuration(result.durationMs),
      result.runType === 'AGENTIC' ? 'agentic' : null,
      result.repairWasNeeded ? 'repaired' : null,
      result.attempt > 1 ? `attempt ${result.attempt}` : null,
    ].filter((part): part is string => part !== null);
    lines.push(`  ${mark}  ${resultTitle(result)} ${style.dim(`(${extra.join(', ')})`)}`);
  }
  const failures = report.results.filter((r) => r.status === 'failed');
  if (failures.length > 0) {
    lines.push('', style.bold('Failures:'));
    for (const failure of failures) {
      lines.push(
        `  ${style.red('✗')} ${resultTitle(failure)} — ${failure.failureKind ?? 'failed'}`,
      );
      lines.push(`      ${failure.failureMessage ?? 'the run failed'}`);
      if (failure.failedStep) lines.push(`      failed step: ${failure.failedStep}`);
      lines.push(`      ${style.dim(failure.url)}`);
    }
  }
  for (const note of report.notes) lines.push('', `Note: ${note}`);
  const { passed, failed } = report.summary;
  const verdict =
    failed === 0
      ? style.green(`${passed} passed`)
      : `${style.red(`${failed} failed`)}, ${style.green(`${passed} passed`)}`;
  lines.push(
    '',
    `${verdict} in ${formatDuration(report.durationMs)} · results: ${report.batchUrl}`,
  );
  return `${lines.join('\n')}\n`;
}
