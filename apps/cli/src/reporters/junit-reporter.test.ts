import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { RunReport, RunResult } from '../run/run-report.ts';
import { renderJunitReport } from './junit-reporter.ts';

function result(overrides: Partial<RunResult>): RunResult {
  return {
    runId: 'run_1',
    url: 'http://127.0.0.1:4700/runs/run_1',
    testCaseId: 'tc_1',
    testCaseName: 'Filter the catalog',
    tags: ['smoke'],
    browserConfigId: 'builtin-desktop-chromium',
    browserConfigName: 'Desktop Chromium 1280×720',
    status: 'passed',
    state: 'PASSED',
    runType: 'REPLAY',
    repairWasNeeded: false,
    failureKind: null,
    failureMessage: null,
    failedStep: null,
    attempt: 1,
    durationMs: 3_250,
    startedAt: '2026-01-01T10:00:00.000Z',
    finishedAt: '2026-01-01T10:00:03.250Z',
    costInDollars: null,
    ...overrides,
  };
}

const HOSTILE = 'Total <b>"$97"</b> & \'quotes\' ]]> \u0001bell\ttab\nline';

function report(results: RunResult[]): RunReport {
  const failed = results.filter((r) => r.status === 'failed').length;
  return {
    version: 1,
    batchId: 'cli-batch',
    organizationId: 'org_1',
    project: { id: 'p_1', name: 'Shop & <Co>' },
    dashboardUrl: 'http://127.0.0.1:4700',
    batchUrl: 'http://127.0.0.1:4700/orgs/org_1/projects/p_1/runs?batch=cli-batch',
    mode: 'auto',
    startedAt: '2026-01-01T10:00:00.000Z',
    finishedAt: '2026-01-01T10:00:10.000Z',
    durationMs: 10_000,
    summary: { total: results.length, passed: results.length - failed, failed },
    results,
    notes: [],
  };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase', 'property', 'failure'].includes(name),
});

type Node = Record<string, unknown>;

describe('renderJunitReport', () => {
  const xml = renderJunitReport(
    report([
      result({}),
      result({
        runId: 'run_2',
        url: 'http://127.0.0.1:4700/runs/run_2',
        testCaseName: `Cart ${HOSTILE}`,
        status: 'failed',
        state: 'FAILED',
        failureKind: 'assertion_failed',
        failureMessage: `expected "Subtotal: $97.00" but the page showed ${HOSTILE}`,
        failedStep: 'Check the subtotal',
        tags: [],
      }),
      result({
        runId: 'run_3',
        browserConfigId: 'builtin-phone-pixel-7',
        browserConfigName: 'Pixel 7 (emulated in Chromium)',
      }),
    ]),
  );

  it('is well-formed XML even with markup, quotes and control characters in names and messages', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('\u0001');
  });

  it('has the JUnit shape CI systems read: testsuites > testsuite per browser config > testcase', () => {
    const doc = parser.parse(xml) as { testsuites: Node & { testsuite: Node[] } };
    const root = doc.testsuites;
    expect(root).toMatchObject({ tests: '3', failures: '1', errors: '0', time: '10.000' });
    expect(root.testsuite.map((s) => s.name)).toEqual([
      'Shop & <Co> [Desktop Chromium 1280×720]',
      'Shop & <Co> [Pixel 7 (emulated in Chromium)]',
    ]);
    for (const suite of root.testsuite) {
      for (const attribute of [
        'name',
        'tests',
        'failures',
        'errors',
        'skipped',
        'time',
        'timestamp',
      ]) {
        expect(suite[attribute], attribute).toBeDefined();
      }
      expect(suite.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      const properties = (suite.properties as { property: Node[] }).property;
      expect(properties.map((p) => p.name)).toContain('retrace.batchId');
      for (const testcase of suite.testcase as Node[]) {
        expect(
          Object.keys(testcase)
            .filter((k) => !['properties', 'failure', 'system-out'].includes(k))
            .sort(),
        ).toEqual(['classname', 'name', 'time']);
      }
    }
    const desktop = root.testsuite[0] as Node & { testcase: Node[] };
    expect(desktop).toMatchObject({ tests: '2', failures: '1' });
    const [passed, failed] = desktop.testcase;
    expect(passed).toMatchObject({
      name: 'Filter the catalog [Desktop Chromium 1280×720]',
      classname: 'Shop & <Co>.smoke',
      time: '3.250',
    });
    expect(passed?.failure).toBeUndefined();
    expect(failed?.classname).toBe('Shop & <Co>.untagged');
    expect(failed?.name).toBe(`Cart ${HOSTILE.replace('\u0001', '')} [Desktop Chromium 1280×720]`);
    const failure = (failed?.failure as Node[])[0] as Node;
    expect(failure.type).toBe('assertion_failed');
    expect(failure.message).toBe(
      `expected "Subtotal: $97.00" but the page showed ${HOSTILE.replace('\u0001', '')}`,
    );
    expect(failure['#text']).toContain('Failed step: Check the subtotal');
    expect(failure['#text']).toContain('Run: http://127.0.0.1:4700/runs/run_2');
  });

  it("gives every test case its run's id and dashboard link", () => {
    const doc = parser.parse(xml) as { testsuites: { testsuite: (Node & { testcase: Node[] })[] } };
    const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase);
    for (const testcase of cases) {
      const properties = Object.fromEntries(
        (testcase.properties as { property: Node[] }).property.map((p) => [p.name, p.value]),
      );
      expect(properties['retrace.runUrl']).toMatch(/^http:\/\/127\.0\.0\.1:4700\/runs\/run_\d$/);
      expect(properties['retrace.runId']).toMatch(/^run_\d$/);
      expect(testcase['system-out']).toContain(properties['retrace.runUrl'] as string);
    }
  });
});
