// JUnit XML, as CI systems render it: one <testsuite> per browser config, one <testcase> per test case run there.
import { type RunReport, type RunResult, resultTitle } from '../run/run-report.ts';
import { escapeXmlText, xmlAttributes } from './xml-text.ts';

function seconds(ms: number | null): string {
  return ((ms ?? 0) / 1_000).toFixed(3);
}

/** `<project>.<tag>`: CI tools group test cases by class name, so a test's first tag becomes its group. */
function className(report: RunReport, result: RunResult): string {
  const tag = result.tags[0] ?? 'untagged';
  return `${report.project.name}.${tag}`;
}

function failureBody(result: RunResult): string {
  const lines = [result.failureMessage ?? 'the run failed'];
  if (result.failedStep) lines.push(`Failed step: ${result.failedStep}`);
  lines.push(`Run: ${result.url}`);
  return lines.join('\n');
}

function testcase(report: RunReport, result: RunResult): string {
  const attributes = xmlAttributes({
    name: resultTitle(result),
    classname: className(report, result),
    time: seconds(result.durationMs),
  });
  const properties = [
    ['retrace.runId', result.runId],
    ['retrace.runUrl', result.url],
    ['retrace.testCaseId', result.testCaseId],
    ['retrace.browserConfig', result.browserConfigName],
    ['retrace.runType', result.runType ?? ''],
    ['retrace.repairWasNeeded', String(result.repairWasNeeded)],
    ['retrace.attempt', String(result.attempt)],
  ]
    .map(
      ([name, value]) =>
        `        <property${xmlAttributes({ name: name as string, value: value as string })}/>`,
    )
    .join('\n');
  const failure =
    result.status === 'failed'
      ? `      <failure${xmlAttributes({
          message: (result.failureMessage ?? 'the run failed').slice(0, 2_000),
          type: result.failureKind ?? 'failed',
        })}>${escapeXmlText(failureBody(result))}</failure>\n`
      : '';
  const out = `Run ${result.runId}: ${result.url}${result.repairWasNeeded ? '\nThe recorded path was repaired by the agent (a new version was saved).' : ''}`;
  return (
    `    <testcase${attributes}>\n` +
    `      <properties>\n${properties}\n      </properties>\n` +
    failure +
    `      <system-out>${escapeXmlText(out)}</system-out>\n` +
    `    </testcase>`
  );
}

/** The whole report as a JUnit XML document (UTF-8). */
export function renderJunitReport(report: RunReport): string {
  const byConfig = new Map<string, RunResult[]>();
  for (const result of report.results) {
    const list = byConfig.get(result.browserConfigName) ?? [];
    list.push(result);
    byConfig.set(result.browserConfigName, list);
  }
  const suites = [...byConfig.entries()].map(([config, results], index) => {
    const failures = results.filter((r) => r.status === 'failed').length;
    const time = results.reduce((sum, r) => sum + (r.durationMs ?? 0), 0);
    const properties = [
      ['retrace.batchId', report.batchId],
      ['retrace.project', report.project.name],
      ['retrace.projectId', report.project.id],
      ['retrace.browserConfig', config],
      ['retrace.dashboard', report.dashboardUrl],
      ['retrace.batchUrl', report.batchUrl],
      ['retrace.mode', report.mode],
    ]
      .map(
        ([name, value]) =>
          `      <property${xmlAttributes({ name: name as string, value: value as string })}/>`,
      )
      .join('\n');
    return (
      `  <testsuite${xmlAttributes({
        name: `${report.project.name} [${config}]`,
        id: index,
        tests: results.length,
        failures,
        errors: 0,
        skipped: 0,
        time: seconds(time),
        timestamp: report.startedAt.replace(/\.\d+Z$/, '').replace(/Z$/, ''),
        hostname: 'retrace',
      })}>\n` +
      `    <properties>\n${properties}\n    </properties>\n` +
      results.map((result) => testcase(report, result)).join('\n') +
      `\n  </testsuite>`
    );
  });
  const total = report.summary;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites${xmlAttributes({
      name: `Retrace: ${report.project.name}`,
      tests: total.total,
      failures: total.failed,
      errors: 0,
      time: seconds(report.durationMs),
    })}>\n` +
    suites.join('\n') +
    `\n</testsuites>\n`
  );
}
