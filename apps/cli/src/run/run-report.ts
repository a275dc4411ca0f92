// The outcome of one `retrace run`: a result per test case × browser config, and the exit code it maps to.
import type { FailureKind, RunState } from '../client/api-types.ts';
import { EXIT_PASSED, EXIT_TESTS_FAILED, EXIT_USAGE_OR_INFRA } from '../cli-error.ts';

/** Bumped only when a field changes meaning or goes away (docs/cli.md documents the shape). */
export const REPORT_FORMAT_VERSION = 1;

export interface RunResult {
  runId: string;
  /** The run's page in the dashboard. */
  url: string;
  testCaseId: string;
  testCaseName: string;
  tags: string[];
  browserConfigId: string;
  browserConfigName: string;
  status: 'passed' | 'failed';
  /** The run's final state; a run the CLI gave up on is reported FAILED with kind `timeout`. */
  state: RunState;
  runType: 'AGENTIC' | 'REPLAY' | null;
  repairWasNeeded: boolean;
  failureKind: FailureKind | null;
  failureMessage: string | null;
  /** The goal of the step that failed, when one did. */
  failedStep: string | null;
  /** Attempt number (infrastructure failures are retried as new attempts). */
  attempt: number;
  durationMs: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  costInDollars: number | null;
}

export interface RunReport {
  version: typeof REPORT_FORMAT_VERSION;
  batchId: string;
  organizationId: string;
  project: { id: string; name: string };
  /** Base URL of the dashboard the links point to. */
  dashboardUrl: string;
  /** The runs of this batch in the dashboard. */
  batchUrl: string;
  mode: 'auto' | 'agentic' | 'replay';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  summary: { total: number; passed: number; failed: number };
  results: RunResult[];
  /** Things the user should know that are not failures (e.g. a test skipped because no model is configured). */
  notes: string[];
}

/** Where the dashboard shows one run (apps/web's paths.run). */
export function dashboardRunUrl(
  dashboardUrl: string,
  scope: { organizationId: string; projectId: string },
  runId: string,
): string {
  return `${projectUrl(dashboardUrl, scope)}/runs/${encodeURIComponent(runId)}`;
}

/** Where the dashboard lists the runs of one batch (apps/web's runs page, filtered by batch). */
export function dashboardBatchUrl(
  dashboardUrl: string,
  scope: { organizationId: string; projectId: string },
  batchId: string,
): string {
  return `${projectUrl(dashboardUrl, scope)}/runs?batch=${encodeURIComponent(batchId)}`;
}

function projectUrl(dashboardUrl: string, scope: { organizationId: string; projectId: string }) {
  return `${dashboardUrl.replace(/\/+$/, '')}/orgs/${encodeURIComponent(scope.organizationId)}/projects/${encodeURIComponent(scope.projectId)}`;
}

export function summarize(results: readonly RunResult[]): RunReport['summary'] {
  const passed = results.filter((r) => r.status === 'passed').length;
  return { total: results.length, passed, failed: results.length - passed };
}

/**
 * 0 when every run passed; 1 when a test failed (an assertion, a missing element, a timeout, …); 2 when the
 * only failures are infrastructure ones: the tests could not be run, which says nothing about the app.
 */
export function exitCodeOf(report: Pick<RunReport, 'results'>): number {
  const failed = report.results.filter((r) => r.status === 'failed');
  if (failed.length === 0) return EXIT_PASSED;
  if (failed.every((r) => r.failureKind === 'infrastructure')) return EXIT_USAGE_OR_INFRA;
  return EXIT_TESTS_FAILED;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1_000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${String(Math.round((ms % 60_000) / 1_000)).padStart(2, '0')}s`;
}

/** "Filter the catalog [Desktop Chromium 1280×720]": how a result is named everywhere. */
export function resultTitle(result: Pick<RunResult, 'testCaseName' | 'browserConfigName'>): string {
  return `${result.testCaseName} [${result.browserConfigName}]`;
}
