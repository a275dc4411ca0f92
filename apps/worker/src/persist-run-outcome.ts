// Records what a run produced, in dependency order: traversal, screenshots, history, GIF, cost, then the verdict.
import {
  type HistoryElementInput,
  type TraversalDetail,
  finishRun,
  recordCost,
  recordHistoryElements,
  saveTraversal,
} from '@retrace/domain';
import {
  type ExecutedStep,
  type FailureKind,
  type RecordedTraversal,
  type SecretValues,
  redactSecrets,
} from '@retrace/engine';
import type { RunPlan } from './load-run-plan.ts';
import { priceRunUsage } from './run-cost.ts';
import { type StepArtifacts, runGifKey } from './step-artifacts.ts';
import type { WorkerContext } from './worker-context.ts';

/** What the run comes to: the engine's outcome, possibly overridden by a cancel or the run's time limit. */
export interface RunVerdict {
  status: 'passed' | 'failed';
  failure: { kind: FailureKind; message: string } | null;
}

export interface RunResult {
  steps: readonly ExecutedStep[];
  producedTraversal: RecordedTraversal | null;
  repairWasNeeded: boolean;
  usage: Parameters<typeof priceRunUsage>[0];
  gif: Uint8Array | null;
  /** No GIF yet, but the run has screenshots: the API renders it when it is first requested. */
  gifOnDemand?: boolean;
}

const HISTORY_BATCH = 500;

/** (brain state idx, action idx) → action id, for the traversal as stored. */
type ActionIds = Map<string, string>;
const positionKey = (brainStateIdx: number, actionIdx: number): string =>
  `${brainStateIdx}:${actionIdx}`;

function storedActionIds(detail: TraversalDetail): ActionIds {
  const ids: ActionIds = new Map();
  for (const state of detail.brainStates) {
    for (const action of state.actions)
      ids.set(positionKey(state.idxInTraversal, action.idxInBrainState), action.id);
  }
  return ids;
}

/**
 * The engine addresses a produced action by its recorded positions; the domain stores brain states and actions
 * by their order in the saved list. Map one onto the other by order, whatever the recorded numbers are.
 */
function producedActionIds(recorded: RecordedTraversal, saved: TraversalDetail): ActionIds {
  const ids: ActionIds = new Map();
  recorded.brainStates.forEach((state, statePos) => {
    const savedState = saved.brainStates[statePos];
    state.actions.forEach((action, actionPos) => {
      const id = savedState?.actions[actionPos]?.id;
      if (id !== undefined) ids.set(positionKey(state.idx, action.idx), id);
    });
  });
  return ids;
}

function secretUses(
  recorded: RecordedTraversal,
  plan: RunPlan,
): { name: string; version: number }[] {
  return recorded.secretNames.flatMap((name) => {
    const secret = plan.secrets.get(name);
    return secret ? [{ name, version: secret.version }] : [];
  });
}

/**
 * Persists a finished run. Order matters: the produced traversal first (history elements point at its
 * actions), then the screenshots (already uploading during the run), the history (only while RUNNING), the
 * GIF and the cost, and last `finishRun`, so a run seen as PASSED or FAILED is complete. Returns the id of the
 * produced traversal, if one was saved. Errors propagate: the caller decides between retry and failure.
 */
export async function persistRunOutcome(
  ctx: WorkerContext,
  plan: RunPlan,
  result: RunResult,
  verdict: RunVerdict,
  uploads: StepArtifacts,
  secretValues: SecretValues,
): Promise<{ producedTraversalId: string | null }> {
  const { domain, artifacts } = ctx.deps;
  const { actor, run } = plan;
  const redact = (text: string): string => redactSecrets(text, secretValues);

  let produced: TraversalDetail | null = null;
  const recorded = result.producedTraversal;
  if (recorded !== null && recorded.brainStates.length > 0) {
    produced = await saveTraversal(domain, actor, {
      testCaseId: run.testCaseId,
      browserConfigId: run.browserConfigId,
      expectedOutcome: recorded.expectedOutcome,
      // An agentic recording becomes replayable only once its outcome was verified; a repair likewise.
      verified: verdict.status === 'passed',
      source: plan.runType === 'AGENTIC' ? 'agentic' : 'repair',
      createdByRunId: run.id,
      brainStates: recorded.brainStates.map((state) => ({
        evaluationPreviousGoal: state.evaluationPreviousGoal,
        memory: state.memory,
        nextGoal: state.nextGoal,
        valid: state.valid,
        actions: state.actions.map((a) => ({
          action: a.action as unknown as Record<string, unknown>,
          domElementData: a.domElementData,
        })),
      })),
      secrets: secretUses(recorded, plan),
    });
  }

  for (const step of result.steps) uploads.upload(step);
  const screenshots = await uploads.settle();

  const replayedIds = plan.traversal ? storedActionIds(plan.traversal) : new Map<string, string>();
  const producedIds =
    produced && recorded ? producedActionIds(recorded, produced) : new Map<string, string>();
  const history: HistoryElementInput[] = [];
  let unmapped = 0;
  for (const step of result.steps) {
    const ids = step.traversal === 'replayed' ? replayedIds : producedIds;
    const actionId = ids.get(positionKey(step.brainStateIdx, step.actionIdx));
    if (actionId === undefined) {
      unmapped++;
      continue;
    }
    history.push({
      idx: step.idx,
      actionId,
      actionStartedAt: step.startedAt,
      actionFinishedAt: step.finishedAt,
      state: step.passed ? 'PASSED' : 'FAILED',
      screenshot: screenshots.get(step.idx) ?? null,
      locateMethod: step.locateMethod,
      healScore: step.healScore === null ? null : Math.min(1, Math.max(0, step.healScore)),
      error: step.error === null ? null : redact(step.error).slice(0, 10_000),
      elementBox: step.screenshotBox,
      caption: redact(step.caption).slice(0, 2_000),
    });
  }
  if (unmapped > 0) {
    ctx.log.warn('executed steps without a stored action were left out of the history', {
      runId: run.id,
      steps: unmapped,
    });
  }
  for (let i = 0; i < history.length; i += HISTORY_BATCH) {
    await recordHistoryElements(domain, actor, {
      runId: run.id,
      elements: history.slice(i, i + HISTORY_BATCH),
    });
  }

  let gifKey: string | null = null;
  if (result.gif !== null && result.gif.length > 0) {
    gifKey = runGifKey(run.id);
    await artifacts.put(gifKey, result.gif, { contentType: 'image/gif' });
  } else if (result.gifOnDemand === true && screenshots.size > 0) {
    gifKey = runGifKey(run.id);
  }

  const cost = priceRunUsage(result.usage, ctx.options.llm?.prices);
  if (cost !== null) await recordCost(domain, actor, { runId: run.id, ...cost });

  const common = {
    runId: run.id,
    workerId: ctx.instanceId,
    repairWasNeeded: result.repairWasNeeded,
    ...(gifKey === null ? {} : { runGif: gifKey }),
    ...(plan.runType === 'AGENTIC' && produced !== null ? { testTraversalId: produced.id } : {}),
  };
  await finishRun(
    domain,
    actor,
    verdict.status === 'passed' || verdict.failure === null
      ? { ...common, state: 'PASSED' }
      : {
          ...common,
          state: 'FAILED',
          failureKind: verdict.failure.kind,
          failureMessage: redact(verdict.failure.message).slice(0, 10_000) || verdict.failure.kind,
        },
  );
  return { producedTraversalId: produced?.id ?? null };
}
