import { describe, expect, it } from 'vitest';
import {
  dashboardBatchUrl,
  dashboardRunUrl,
  exitCodeOf,
  formatDuration,
  type RunResult,
} from './run-report.ts';

const result = (status: 'passed' | 'failed', failureKind: RunResult['failureKind'] = null) =>
  ({ status, failureKind }) as RunResult;

describe('exitCodeOf', () => {
  it('is 0 when every run passed', () => {
    expect(exitCodeOf({ results: [result('passed'), result('passed')] })).toBe(0);
  });

  it('is 1 when a test failed, even next to infrastructure failures', () => {
    expect(exitCodeOf({ results: [result('passed'), result('failed', 'assertion_failed')] })).toBe(
      1,
    );
    expect(
      exitCodeOf({ results: [result('failed', 'infrastructure'), result('failed', 'timeout')] }),
    ).toBe(1);
  });

  it('is 2 when the only failures are infrastructure ones: nothing was learnt about the app', () => {
    expect(exitCodeOf({ results: [result('passed'), result('failed', 'infrastructure')] })).toBe(2);
  });
});

describe('dashboard links', () => {
  it('point at the run page and the batch-filtered runs list of the dashboard', () => {
    const scope = { organizationId: 'org1', projectId: 'p1' };
    expect(dashboardRunUrl('http://127.0.0.1:4700/', scope, 'run1')).toBe(
      'http://127.0.0.1:4700/orgs/org1/projects/p1/runs/run1',
    );
    expect(dashboardBatchUrl('https://retrace.example.com', scope, 'cli-1 2')).toBe(
      'https://retrace.example.com/orgs/org1/projects/p1/runs?batch=cli-1%202',
    );
  });
});

describe('formatDuration', () => {
  it('reads like a person would write it', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(3_250)).toBe('3.3s');
    expect(formatDuration(125_000)).toBe('2m05s');
  });
});
