// A run of the suite through the API: select test cases, trigger the batch, follow it, and build the report.
import { randomUUID } from 'node:crypto';
import { ApiRequestError, type ApiClient } from '../client/api-client.ts';
import type { ApiProject, ApiRun, ApiRunDetail, ApiTestCase } from '../client/api-types.ts';
import { CliError } from '../cli-error.ts';
import type { RunConfig } from '../config/command-configs.ts';
import { cancelRuns, followRuns, pairKey, type RunProgress } from './follow-runs.ts';
import type { ProgressDisplay } from './progress-display.ts';
import {
  loadScope,
  resolveBrowserConfigs,
  resolveOrganization,
  resolveProject,
  resolveTags,
  resolveTestCases,
  type Scope,
  tagNamesOf,
} from './resolve-scope.ts';
import {
  dashboardBatchUrl,
  dashboardRunUrl,
  REPORT_FORMAT_VERSION,
  type RunReport,
  type RunResult,
  summarize,
} from './run-report.ts';

/** The demo suite as the local process loaded it. */
export interface DemoSelection {
  projectId: string;
  /** What a plain `--demo` runs. */
  suiteTestCaseIds: string[];
  note: string | null;
}

export interface ExecuteRunsInput {
  client: ApiClient;
  config: RunConfig;
  /** Base of the dashboard links in the report. */
  dashboardUrl: string;
  /** Set when this process loaded the demo project; a server's demo is found by name instead. */
  demo?: DemoSelection | null;
  /** Name of the demo project on a server, for `--demo` against it. */
  demoProjectName: string;
  createProgress(titleOf: (entry: RunProgress) => string): ProgressDisplay;
  signal?: AbortSignal;
  /** One line of what is happening before the runs start (to stderr). */
  say?: (message: string) => void;
}

interface Selection {
  body: Record<string, unknown>;
  count: number;
  notes: string[];
}

/** The test cases to run, as the trigger endpoint's body (one of testCaseIds, tags or all). */
function selectTestCases(scope: Scope, input: ExecuteRunsInput): Selection {
  const { config } = input;
  const notes: string[] = [];
  if (config.tests.length > 0) {
    const cases = resolveTestCases(scope, config.tests);
    return {
      body: { testCaseIds: [...new Set(cases.map((c) => c.id))] },
      count: cases.length,
      notes,
    };
  }
  if (config.tags.length > 0) {
    const tags = resolveTags(scope, config.tags);
    const tagIds = new Set(tags.map((t) => t.id));
    const count = scope.testCases.filter((c) => c.tagIds.some((id) => tagIds.has(id))).length;
    return { body: { tagIds: tags.map((t) => t.id) }, count, notes };
  }
  if (config.demo) {
    let ids: string[];
    if (input.demo) {
      ids = input.demo.suiteTestCaseIds;
      if (input.demo.note) notes.push(input.demo.note);
    } else {
      // On a server, the description-only demo test needs the server's model: run it with --tag agentic.
      const agentic = scope.tags.find((t) => t.name === 'agentic');
      const skipped = scope.testCases.filter((c) => agentic && c.tagIds.includes(agentic.id));
      ids = scope.testCases.filter((c) => !skipped.includes(c)).map((c) => c.id);
      if (skipped.length > 0) {
        notes.push(
          `skipped ${skipped.map((c) => `"${c.name}"`).join(', ')}: it has no recorded path yet and needs a model; run it with --tag agentic when the server has an LLM key`,
        );
      }
    }
    return { body: { testCaseIds: ids }, count: ids.length, notes };
  }
  return { body: { all: true }, count: scope.testCases.length, notes };
}

async function triggerBatch(
  client: ApiClient,
  scope: Scope,
  body: Record<string, unknown>,
): Promise<{ batchId: string; runs: ApiRun[] }> {
  try {
    return await client.post<{ batchId: string; runs: ApiRun[] }>(
      `/api/orgs/${scope.organizationId}/projects/${scope.project.id}/runs`,
      { body },
    );
  } catch (error) {
    if (
      error instanceof ApiRequestError &&
      error.problem.status < 500 &&
      error.problem.status !== 401
    ) {
      // The server's message says what to fix (e.g. record before replaying); it is a usage problem here.
      throw new CliError('USAGE', `the server refused to start the runs: ${error.problem.detail}`, {
        cause: error,
      });
    }
    throw error;
  }
}

function failedStepOf(detail: ApiRunDetail | null): string | null {
  const failed = detail?.history.find((element) => element.state === 'FAILED');
  return failed ? (failed.caption ?? failed.stepGoal) : null;
}

async function toResult(
  input: ExecuteRunsInput,
  scope: Scope,
  entry: RunProgress,
  timedOut: boolean,
): Promise<RunResult> {
  const run = entry.run;
  const testCase = scope.testCases.find((c) => c.id === run.testCaseId) as ApiTestCase | undefined;
  const config = scope.browserConfigs.find((c) => c.id === run.browserConfigId);
  const detail =
    run.state === 'FAILED' || run.state === 'PASSED'
      ? await input.client
          .get<ApiRunDetail>(`/api/orgs/${scope.organizationId}/runs/${run.id}`)
          .catch(() => null)
      : null;
  const failed = timedOut || run.state !== 'PASSED';
  return {
    runId: run.id,
    url: dashboardRunUrl(
      input.dashboardUrl,
      { organizationId: scope.organizationId, projectId: scope.project.id },
      run.id,
    ),
    testCaseId: run.testCaseId,
    testCaseName: testCase?.name ?? run.testCaseId,
    tags: testCase ? tagNamesOf(scope, testCase) : [],
    browserConfigId: run.browserConfigId,
    browserConfigName: config?.name ?? run.browserConfigId,
    status: failed ? 'failed' : 'passed',
    state: timedOut ? 'FAILED' : run.state,
    runType: run.runType,
    repairWasNeeded: run.repairWasNeeded,
    failureKind: timedOut ? 'timeout' : run.failureKind,
    failureMessage: timedOut
      ? `did not finish within --timeout (${Math.round(input.config.timeoutMs / 1000)}s): cancelled`
      : failed
        ? (run.failureMessage ?? `the run ended ${run.state}`)
        : null,
    failedStep: failed ? failedStepOf(detail) : null,
    attempt: run.attempt,
    durationMs: run.durationMs,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    costInDollars: detail?.cost?.costInDollars ?? null,
  };
}

async function resolveRunProject(
  input: ExecuteRunsInput,
  organizationId: string,
): Promise<ApiProject> {
  const { client, config } = input;
  if (config.demo) {
    if (input.demo) return resolveProject(client, organizationId, input.demo.projectId);
    return resolveProject(
      client,
      organizationId,
      input.demoProjectName,
      ' on this server: start the server with `retrace demo` to load it',
    );
  }
  return resolveProject(client, organizationId, config.project);
}

export async function executeRuns(input: ExecuteRunsInput): Promise<RunReport> {
  const { client, config } = input;
  const startedAt = new Date();
  const organizationId = await resolveOrganization(client, config.org);
  const project = await resolveRunProject(input, organizationId);
  const scope = await loadScope(client, organizationId, project);
  const selection = selectTestCases(scope, input);
  if (selection.count === 0) {
    throw new CliError(
      'NOTHING_SELECTED',
      config.tags.length > 0
        ? `no test case of project "${project.name}" has the tag(s) ${config.tags.map((t) => `"${t}"`).join(', ')}: tag some, or choose other tags`
        : `project "${project.name}" has no test cases to run: create some in the dashboard or import them with \`retrace import\``,
    );
  }
  const browserConfigs = resolveBrowserConfigs(scope, config.browserConfigs);
  const body = {
    ...selection.body,
    mode: config.mode,
    batchId: `cli-${randomUUID()}`,
    ...(browserConfigs.length > 0 ? { browserConfigIds: browserConfigs.map((c) => c.id) } : {}),
  };
  input.say?.(
    `running ${selection.count} test case(s) of "${project.name}" (mode ${config.mode})…`,
  );
  const { batchId, runs } = await triggerBatch(client, scope, body);

  const titleOf = (entry: RunProgress) => {
    const testCase = scope.testCases.find((c) => c.id === entry.run.testCaseId);
    const browserConfig = scope.browserConfigs.find((c) => c.id === entry.run.browserConfigId);
    return `${testCase?.name ?? entry.run.testCaseId} [${browserConfig?.name ?? entry.run.browserConfigId}]`;
  };
  const progress = input.createProgress(titleOf);
  let followed;
  try {
    followed = await followRuns({
      client,
      organizationId,
      projectId: project.id,
      batchId,
      runs,
      deadline: startedAt.getTime() + config.timeoutMs,
      ...(input.signal ? { signal: input.signal } : {}),
      onProgress: (entries) => progress.update(entries),
    });
  } finally {
    progress.finish();
  }
  if (input.signal?.aborted) {
    await cancelRuns(
      client,
      organizationId,
      followed.progress.map((p) => p.run),
    );
    throw new CliError('CANCELLED', 'interrupted: the unfinished runs were cancelled');
  }
  const order = new Map(runs.map((run, index) => [pairKey(run), index]));
  const entries = [...followed.progress].sort(
    (a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0),
  );
  const results = await Promise.all(
    entries.map((entry) => toResult(input, scope, entry, followed.timedOut.has(entry.key))),
  );
  const finishedAt = new Date();
  return {
    version: REPORT_FORMAT_VERSION,
    batchId,
    organizationId,
    project: { id: project.id, name: project.name },
    dashboardUrl: input.dashboardUrl,
    batchUrl: dashboardBatchUrl(
      input.dashboardUrl,
      { organizationId, projectId: project.id },
      batchId,
    ),
    mode: config.mode,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    summary: summarize(results),
    results,
    notes: selection.notes,
  };
}
