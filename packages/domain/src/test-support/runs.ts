// Test support: test cases and runs brought to a given state through the real operations.
import type { RetraceDatabase } from '@retrace/db';
import { createRuns } from '../runs/create-runs.ts';
import { finishRun } from '../runs/finish-run.ts';
import { getRun } from '../runs/get-run.ts';
import type { RunView } from '../runs/run-view.ts';
import { startRun } from '../runs/start-run.ts';
import { createTestCase } from '../test-cases/create-test-case.ts';
import type { World } from './world.ts';

export function addTestCase(
  db: RetraceDatabase,
  world: World,
  name: string,
  extra: { tagIds?: string[]; browserConfigIds?: string[] } = {},
) {
  return createTestCase({ db }, world.member, {
    projectId: world.project.id,
    name,
    testDescription: `do ${name}`,
    expectedOutcome: `${name} done`,
    urlRoute: '/',
    ...extra,
  });
}

export async function queuedRun(db: RetraceDatabase, world: World): Promise<RunView> {
  const testCase = await addTestCase(db, world, 'one');
  const [run] = await createRuns({ db }, world.member, {
    projectId: world.project.id,
    selection: { kind: 'test_cases', testCaseIds: [testCase.id] },
  });
  if (!run) throw new Error('no run');
  return run;
}

/** A run in `state`, started by worker `w1`; FAILED means an assertion failure. */
export async function runIn(
  db: RetraceDatabase,
  world: World,
  state: RunView['state'],
): Promise<RunView> {
  const run = await queuedRun(db, world);
  if (state === 'QUEUED') return run;
  await startRun({ db }, world.system, { runId: run.id, workerId: 'w1', runType: 'AGENTIC' });
  if (state === 'RUNNING') return getRun({ db }, world.system, { runId: run.id });
  return finishRun(
    { db },
    world.system,
    state === 'PASSED'
      ? { runId: run.id, state: 'PASSED' }
      : {
          runId: run.id,
          state: 'FAILED',
          failureKind: 'assertion_failed',
          failureMessage: 'total was 0',
        },
  );
}
