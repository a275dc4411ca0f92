// Test support: an organization with a project on the fixture server, test cases with recorded traversals, runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type Actor,
  DEFAULT_BROWSER_CONFIG_ID,
  DEFAULT_TEST_CONFIG_NAME,
  type DomainDeps,
  type RunView,
  type TestCaseView,
  createOrganization,
  createProject,
  createRuns,
  createSecret,
  createSecretKeyring,
  createTestCase,
  generateSecretKey,
  getRun,
  getTestConfig,
  saveTraversal,
  systemActor,
  updateTestConfig,
  upsertUserFromAuth,
} from '@retrace/domain';
import {
  type LaunchedBrowser,
  type RecordedTraversal,
  launchBrowser,
  openBrowserSession,
} from '@retrace/engine';
import { parseStepsFile, recordTraversalFromSteps } from '@retrace/engine';
import { oneStateTraversal, TEST_CHROMIUM_PATH } from '@retrace/engine/testing';
import { type FixtureServer, startFixtureServer } from '@retrace/fixtures';
import type { JobQueue } from '@retrace/queue';
import { type ArtifactStore, createLocalArtifactStore } from '@retrace/storage';
import { LOGIN_PASSWORD, LOGIN_STEPS, SHOP_CARD_NUMBER, SHOP_JOURNEY } from './journeys.ts';

/** The Chromium a worker launches by default on this machine (the headless shell when installed). */
export { TEST_CHROMIUM_PATH };

/** Everything a worker test needs besides the database and the queue. */
export interface WorkerWorld {
  domain: DomainDeps;
  /** Base64 secret key of the deployment (child worker processes get it). */
  secretKey: string;
  organizationId: string;
  actor: Actor;
  projectId: string;
  fixture: FixtureServer;
  artifacts: ArtifactStore;
  artifactDir: string;
  /** A browser for recording traversals from steps files (the worker launches its own). */
  recorder: LaunchedBrowser;
  close(): Promise<void>;
}

export async function createWorkerWorld(
  db: DomainDeps['db'],
  options: { secretKey?: string; fixture?: FixtureServer } = {},
): Promise<WorkerWorld> {
  const secretKey = options.secretKey ?? generateSecretKey();
  const domain: DomainDeps = { db, secretKey: createSecretKeyring([secretKey]) };
  const userId = `owner-${Math.random().toString(36).slice(2)}`;
  await upsertUserFromAuth(domain, { sub: userId, email: `${userId}@example.com` });
  const { organization } = await createOrganization(domain, { userId }, { name: `Org ${userId}` });
  const actor = systemActor(organization.id);
  const fixture = options.fixture ?? (await startFixtureServer());
  const project = await createProject(domain, actor, {
    name: 'Fixtures',
    defaultUrlRoute: fixture.origin,
  });
  await createSecret(domain, actor, {
    projectId: project.id,
    name: 'password',
    value: LOGIN_PASSWORD,
  });
  await createSecret(domain, actor, {
    projectId: project.id,
    name: 'card_number',
    value: SHOP_CARD_NUMBER,
  });
  const artifactDir = await mkdtemp(path.join(tmpdir(), 'retrace-worker-artifacts-'));
  const recorder = await launchBrowser({ executablePath: TEST_CHROMIUM_PATH });
  return {
    domain,
    secretKey,
    organizationId: organization.id,
    actor,
    projectId: project.id,
    fixture,
    artifacts: createLocalArtifactStore({ dir: artifactDir }),
    artifactDir,
    recorder,
    async close() {
      await recorder.close();
      if (options.fixture === undefined) await fixture.close();
      await rm(artifactDir, { recursive: true, force: true });
    },
  };
}

/** The values of the secrets the world's project holds from the start (recordSteps types them). */
const WORLD_SECRETS: ReadonlyMap<string, string> = new Map([
  ['password', LOGIN_PASSWORD],
  ['card_number', SHOP_CARD_NUMBER],
]);

/**
 * Runs a steps file once in the recorder browser, as `retrace import` does, capturing fingerprints; `secrets`
 * are more project secrets the steps use (create them in the project too).
 */
export async function recordSteps(
  world: WorkerWorld,
  steps: string,
  secrets: ReadonlyMap<string, string> = new Map(),
): Promise<RecordedTraversal> {
  const session = await openBrowserSession({
    browser: world.recorder,
    config: { viewport: { width: 1280, height: 720 } },
  });
  try {
    return await recordTraversalFromSteps(parseStepsFile(steps), {
      session,
      baseUrl: world.fixture.origin,
      secrets: new Map([...WORLD_SECRETS, ...secrets]),
    });
  } finally {
    await session.close();
  }
}

/** Saves a traversal for a test case on the desktop preset as version N+1, verified. */
export async function saveRecorded(
  world: WorkerWorld,
  testCaseId: string,
  traversal: RecordedTraversal,
  source: 'steps_file' | 'import' = 'steps_file',
): Promise<void> {
  await saveTraversal(world.domain, world.actor, {
    testCaseId,
    browserConfigId: DEFAULT_BROWSER_CONFIG_ID,
    expectedOutcome: traversal.expectedOutcome,
    verified: true,
    source,
    brainStates: traversal.brainStates.map((state) => ({
      evaluationPreviousGoal: state.evaluationPreviousGoal,
      memory: state.memory,
      nextGoal: state.nextGoal,
      valid: state.valid,
      actions: state.actions.map((a) => ({
        action: a.action as unknown as Record<string, unknown>,
        domElementData: a.domElementData,
      })),
    })),
    secrets: traversal.secretNames.map((name) => ({ name, version: 1 })),
  });
}

export async function addTestCase(
  world: WorkerWorld,
  fields: { name: string; urlRoute: string; description?: string; expectedOutcome?: string },
): Promise<TestCaseView> {
  return createTestCase(world.domain, world.actor, {
    projectId: world.projectId,
    name: fields.name,
    testDescription: fields.description ?? `Test ${fields.name}`,
    expectedOutcome: fields.expectedOutcome ?? `${fields.name} works`,
    urlRoute: fields.urlRoute,
  });
}

/** The login journey, recorded once per world and saved for each new test case that asks for it. */
export async function addLoginTestCase(
  world: WorkerWorld,
  name: string,
  recorded?: RecordedTraversal,
): Promise<{ testCase: TestCaseView; traversal: RecordedTraversal }> {
  const traversal = recorded ?? (await recordSteps(world, LOGIN_STEPS));
  const testCase = await addTestCase(world, {
    name,
    urlRoute: `/login/?case=${encodeURIComponent(name)}`,
    description: 'Sign in as alice',
    expectedOutcome: 'The welcome page greets alice',
  });
  await saveRecorded(world, testCase.id, traversal);
  return { testCase, traversal };
}

/** The shop journey recorded on the base shop, saved for a test case that opens the shop in `variant`. */
export async function addShopTestCase(
  world: WorkerWorld,
  variant: string,
  recorded?: RecordedTraversal,
): Promise<{ testCase: TestCaseView; traversal: RecordedTraversal }> {
  const traversal = recorded ?? (await recordSteps(world, SHOP_JOURNEY));
  const testCase = await addTestCase(world, {
    name: `shop ${variant}`,
    urlRoute: `/shop/?variant=${variant}`,
    description: 'Buy a backpack and two lanterns',
    expectedOutcome: traversal.expectedOutcome,
  });
  await saveRecorded(world, testCase.id, traversal);
  return { testCase, traversal };
}

/**
 * A test case whose replay waits `delayMs` for a report the page fetches slowly: a run that stays RUNNING
 * that long without a model, for cancellation, time limits and killed workers.
 */
export async function addSlowTestCase(
  world: WorkerWorld,
  name: string,
  delayMs: number,
): Promise<TestCaseView> {
  const testCase = await addTestCase(world, {
    name,
    urlRoute: `/slow/?delay=${delayMs}&case=${encodeURIComponent(name)}`,
    expectedOutcome: 'The report is ready',
  });
  await saveRecorded(
    world,
    testCase.id,
    oneStateTraversal(
      [
        {
          action: {
            type: 'assert_text_visible',
            text: 'Report ready: 3 new sign-ups',
            exact: false,
            timeoutMs: 120_000,
          },
          domElementData: null,
        },
      ],
      { expectedOutcome: 'The report is ready', nextGoal: 'Wait for the report' },
    ),
    'import',
  );
  return testCase;
}

export async function setTestConfig(
  world: WorkerWorld,
  fields: Omit<Parameters<typeof updateTestConfig>[2], 'testConfigId'>,
): Promise<void> {
  const config = await getTestConfig(world.domain, world.actor, {
    projectId: world.projectId,
    name: DEFAULT_TEST_CONFIG_NAME,
  });
  await updateTestConfig(world.domain, world.actor, { ...fields, testConfigId: config.id });
}

/** Queues one run per test case (desktop preset) and enqueues their jobs, as the API does. */
export async function queueRuns(
  world: WorkerWorld,
  queue: Pick<JobQueue, 'enqueueRun'>,
  testCaseIds: string[],
  mode: 'auto' | 'agentic' | 'replay' = 'auto',
): Promise<RunView[]> {
  const runs = await createRuns(world.domain, world.actor, {
    projectId: world.projectId,
    selection: { kind: 'test_cases', testCaseIds },
    mode,
  });
  for (const run of runs) await queue.enqueueRun({ runId: run.id });
  return runs;
}

/** Polls the run until `done(run)`; fails with the run's last state after `timeoutMs`. */
export async function waitForRun(
  world: WorkerWorld,
  runId: string,
  done: (run: RunView) => boolean,
  timeoutMs = 60_000,
): Promise<RunView> {
  const until = Date.now() + timeoutMs;
  let run = await getRun(world.domain, world.actor, { runId });
  while (!done(run)) {
    if (Date.now() > until) {
      throw new Error(
        `run ${runId} is still ${run.state} after ${timeoutMs} ms (${run.failureKind ?? ''} ${run.failureMessage ?? ''})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    run = await getRun(world.domain, world.actor, { runId });
  }
  return run;
}

export const isFinished = (run: RunView): boolean =>
  run.state === 'PASSED' || run.state === 'FAILED';
