// The JSON report: the RunReport object as it is (its shape is versioned and documented in docs/cli.md).
import type { RunReport } from '../run/run-report.ts';

export function renderJsonReport(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
