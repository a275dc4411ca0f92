// Reads everything one run needs through the domain (as the run's organization) and decides how it runs.
import {
  type Actor,
  type BrowserConfigView,
  type DomainDeps,
  type RunView,
  type TestCaseView,
  type TraversalDetail,
  getBrowserConfig,
  getLatestVerifiedTraversal,
  getProject,
  getRun,
  getTestCase,
  getTestConfig,
  isDomainError,
  listSecrets,
  resolveSecretValues,
} from '@retrace/domain';
import {
  type ElementFingerprint,
  type RecordedTraversal,
  actionSchema,
  secretNamesIn,
} from '@retrace/engine';
import { chooseRunType } from '@retrace/engine';
import {
  type CreateLanguageModel,
  type ResolvedModel,
  resolveLanguageModel,
} from './resolve-language-model.ts';
import { RunAbandonedError } from './worker-errors.ts';
import type { WorkerOptions } from './worker-options.ts';

export type ProjectView = Awaited<ReturnType<typeof getProject>>;
export type TestConfigView = Awaited<ReturnType<typeof getTestConfig>>;

export interface RunPlan {
  run: RunView;
  actor: Actor;
  testCase: TestCaseView;
  project: ProjectView;
  testConfig: TestConfigView | null;
  browserConfig: BrowserConfigView;
  runType: 'AGENTIC' | 'REPLAY';
  /** The latest verified traversal (replayed, or the base of a repair); null for an agentic run. */
  traversal: TraversalDetail | null;
  recordedTraversal: RecordedTraversal | null;
  /** The project's base URL, or the test config's environment override. */
  projectUrl: string;
  model: ResolvedModel;
  /** Secret values by name, with the version used (saved with a produced traversal). */
  secrets: Map<string, { value: string; version: number }>;
  timeoutMs: number;
}

export interface LoadRunPlanDeps {
  domain: DomainDeps;
  options: WorkerOptions;
  createLanguageModel?: CreateLanguageModel;
}

/** The stored traversal in the engine's shape; an action this version cannot read ends the run clearly. */
export function toRecordedTraversal(detail: TraversalDetail): RecordedTraversal {
  return {
    expectedOutcome: detail.expectedOutcome,
    secretNames: detail.secrets.map((s) => s.secretName),
    brainStates: detail.brainStates.map((state) => ({
      idx: state.idxInTraversal,
      valid: state.valid,
      evaluationPreviousGoal: state.evaluationPreviousGoal,
      memory: state.memory,
      nextGoal: state.nextGoal,
      actions: state.actions.map((row) => {
        const parsed = actionSchema.safeParse(row.action);
        if (!parsed.success) {
          throw new RunAbandonedError(
            'infrastructure',
            `traversal v${detail.version} holds an action this worker cannot read (step ${state.idxInTraversal + 1}, ` +
              `action ${row.idxInBrainState + 1}): record the test again or upgrade the worker`,
            false,
            { cause: parsed.error },
          );
        }
        return {
          idx: row.idxInBrainState,
          action: parsed.data,
          // Validated against the fingerprint schema when the traversal was saved.
          domElementData: row.domElementData as ElementFingerprint | null,
        };
      }),
    })),
  };
}

/** Secret names a replay types: the traversal's links and any placeholder in its actions. */
function secretNamesOf(detail: TraversalDetail): string[] {
  const names = new Set(detail.secrets.map((s) => s.secretName));
  for (const state of detail.brainStates) {
    for (const action of state.actions) {
      for (const name of secretNamesIn(JSON.stringify(action.action))) names.add(name);
    }
  }
  return [...names].sort();
}

function refusal(
  mode: RunView['modeRequested'],
  browserConfig: BrowserConfigView,
  model: ResolvedModel,
): string {
  const where = `browser config "${browserConfig.name}"`;
  const modelProblem = model.kind === 'ready' ? '' : model.reason;
  switch (mode) {
    case 'replay':
      return (
        `this test case has no verified traversal on ${where} to replay: record it first ` +
        '(run it in agentic mode or import a steps file), then replay'
      );
    case 'agentic':
      return `an agentic run needs a language model, and ${modelProblem}`;
    case 'auto':
      return (
        `this test case has no verified traversal on ${where} yet, and no language model can record one ` +
        `(${modelProblem}): import a steps file, or configure a model`
      );
  }
}

async function loadSecrets(
  deps: LoadRunPlanDeps,
  actor: Actor,
  projectId: string,
  names: string[] | 'all',
): Promise<Map<string, { value: string; version: number }>> {
  if (names !== 'all' && names.length === 0) return new Map();
  if (names === 'all') {
    // Without secrets there is nothing to decrypt, and a worker without a secret key still runs the test.
    const page = await listSecrets(deps.domain, actor, { projectId, limit: 1 });
    if (page.items.length === 0) return new Map();
  }
  try {
    return await resolveSecretValues(
      deps.domain,
      actor,
      projectId,
      names === 'all' ? undefined : names,
    );
  } catch (error) {
    if (isDomainError(error, 'NOT_FOUND')) {
      const missing = (error.details?.missing as string[] | undefined) ?? [];
      throw new RunAbandonedError(
        'infrastructure',
        `the traversal types secret(s) ${missing.join(', ')} that the project no longer has: add them under ` +
          'the project’s secrets, then run again',
        false,
        { cause: error },
      );
    }
    if (isDomainError(error, 'SECRET_KEY_MISSING') || isDomainError(error, 'SECRET_UNREADABLE')) {
      throw new RunAbandonedError(
        'infrastructure',
        'this worker cannot decrypt the project’s secrets: start it with the deployment’s secret key ' +
          '(the same key as the API server)',
        false,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Loads the run and its test case, project, test config, browser config and (for replay) the latest verified
 * traversal, chooses AGENTIC or REPLAY, and decrypts the secrets the run may type: a replay without repair
 * gets only those its traversal uses; a run where the agent may act gets every secret of the project.
 * Throws RunAbandonedError (not retryable) when the run cannot be carried out as configured.
 */
export async function loadRunPlan(
  deps: LoadRunPlanDeps,
  actor: Actor,
  runId: string,
): Promise<RunPlan> {
  const { domain, options } = deps;
  const run = await getRun(domain, actor, { runId });
  const [testCase, project, browserConfig, testConfig] = await Promise.all([
    getTestCase(domain, actor, { testCaseId: run.testCaseId }),
    getProject(domain, actor, { projectId: run.projectId }),
    getBrowserConfig(domain, actor, { browserConfigId: run.browserConfigId }),
    run.testConfigId === null
      ? Promise.resolve(null)
      : getTestConfig(domain, actor, { testConfigId: run.testConfigId }),
  ]);
  const model = resolveLanguageModel(testConfig, options.llm, deps.createLanguageModel);
  const traversal =
    run.modeRequested === 'agentic'
      ? null
      : await getLatestVerifiedTraversal(domain, actor, {
          testCaseId: run.testCaseId,
          browserConfigId: run.browserConfigId,
        });
  const recordedTraversal = traversal === null ? null : toRecordedTraversal(traversal);
  const chosen = chooseRunType({
    mode: run.modeRequested,
    traversal: recordedTraversal,
    model: model.kind === 'ready' ? model.model : null,
  });
  if (typeof chosen !== 'string') {
    throw new RunAbandonedError(
      'infrastructure',
      refusal(run.modeRequested, browserConfig, model),
      false,
    );
  }
  const agentMayAct =
    chosen === 'AGENTIC' || (model.kind === 'ready' && testConfig?.repairPolicy !== 'never');
  const secrets = await loadSecrets(
    deps,
    actor,
    run.projectId,
    agentMayAct || traversal === null ? 'all' : secretNamesOf(traversal),
  );
  return {
    run,
    actor,
    testCase,
    project,
    testConfig,
    browserConfig,
    runType: chosen,
    traversal: chosen === 'REPLAY' ? traversal : null,
    recordedTraversal: chosen === 'REPLAY' ? recordedTraversal : null,
    projectUrl: testConfig?.baseUrlOverride ?? project.defaultUrlRoute,
    model,
    secrets,
    timeoutMs: testConfig?.runTimeoutMs ?? options.runTimeoutMs,
  };
}
