// Test support: an organization with one of everything, made through the domain, and its people's tokens.
import { randomBytes } from 'node:crypto';
import {
  type Actor,
  addMember,
  createApiKey,
  createBrowserConfig,
  createDocument,
  createInvitation,
  createOrganization,
  createProject,
  createRuns,
  createSecret,
  createTag,
  createTestCase,
  createTestConfig,
  DEFAULT_BROWSER_CONFIG_ID,
  finishRun,
  listMembers,
  recordCost,
  recordHistoryElements,
  saveTraversal,
  startRun,
  systemActor,
  upsertUserFromAuth,
} from '@retrace/domain';
import type { ApiHarness, TokenUser } from './api-harness.ts';

/** A 1×1 PNG and a 1×1 GIF: real images, so content types and ranges are checked on real bytes. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
export const GIF_BYTES = Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64');

export interface WorldUser extends TokenUser {
  token: string;
}

export interface WorldIds {
  orgId: string;
  projectId: string;
  /** A tag of the project not yet on the test case. */
  tagId: string;
  attachedTagId: string;
  documentId: string;
  testCaseId: string;
  secretId: string;
  browserConfigId: string;
  testConfigId: string;
  traversalId: string;
  /** A queued run. */
  runId: string;
  finishedRunId: string;
  /** A run failed as `infrastructure`, which can be retried. */
  lostRunId: string;
  apiKeyId: string;
  invitationId: string;
  /** The second admin's membership. */
  memberId: string;
}

export interface ApiWorld {
  orgId: string;
  users: { admin: WorldUser; admin2: WorldUser; member: WorldUser; guest: WorldUser };
  keys: { admin: string; member: string; guest: string };
  /** Path ids by parameter name, as the routes name them. */
  ids: WorldIds;
  canary: string;
  screenshotKey: string;
  gifKey: string;
}

function uniqueLabel(): string {
  return randomBytes(5).toString('hex');
}

export async function createUserWithToken(harness: ApiHarness, label: string): Promise<WorldUser> {
  const sub = `${label}-${uniqueLabel()}`;
  const email = `${sub}@example.com`;
  await upsertUserFromAuth(harness.domain, { sub, email });
  return { sub, email, token: await harness.tokenFor({ sub, email }) };
}

async function apiKey(harness: ApiHarness, admin: Actor, role: Actor['role']): Promise<string> {
  const { token } = await createApiKey(harness.domain, admin, { name: `${role} key`, role });
  return token;
}

/** A finished run with two history elements (screenshots), a GIF and a cost. */
async function finishedRun(
  harness: ApiHarness,
  member: Actor,
  projectId: string,
  testCaseId: string,
  actionIds: string[],
) {
  const domain = harness.domain;
  const system = systemActor(member.organizationId);
  const [run] = await createRuns(domain, member, {
    projectId,
    selection: { kind: 'test_cases', testCaseIds: [testCaseId] },
  });
  if (!run) throw new Error('no run');
  await startRun(domain, system, { runId: run.id, workerId: 'w1', runType: 'REPLAY' });
  const screenshotKey = `runs/${run.id.toLowerCase()}/steps/000.png`;
  const gifKey = `runs/${run.id.toLowerCase()}/run.gif`;
  await harness.artifacts.put(screenshotKey, PNG_BYTES, { contentType: 'image/png' });
  await harness.artifacts.put(gifKey, GIF_BYTES, { contentType: 'image/gif' });
  const started = new Date();
  await recordHistoryElements(domain, system, {
    runId: run.id,
    elements: actionIds.slice(0, 2).map((actionId, idx) => ({
      idx,
      actionId,
      actionStartedAt: started,
      actionFinishedAt: new Date(started.getTime() + 250),
      state: 'PASSED' as const,
      screenshot: idx === 0 ? screenshotKey : null,
      locateMethod: idx === 0 ? ('locator' as const) : ('healed' as const),
      healScore: idx === 0 ? null : 0.91,
      caption: 'open the cart',
    })),
  });
  await finishRun(domain, system, { runId: run.id, state: 'PASSED', runGif: gifKey });
  await recordCost(domain, system, {
    runId: run.id,
    modelType: 'gpt-test',
    inputTokens: 1000,
    completionTokens: 100,
    inputPricePerToken: 0.000001,
    outputPricePerToken: 0.000004,
  });
  return { runId: run.id, screenshotKey, gifKey };
}

export interface WorldOptions {
  /** Skip the finished run with its history, artifacts and cost (only reads need it). */
  light?: boolean;
}

export async function createApiWorld(
  harness: ApiHarness,
  options: WorldOptions = {},
): Promise<ApiWorld> {
  const domain = harness.domain;
  const users = {
    admin: await createUserWithToken(harness, 'admin'),
    admin2: await createUserWithToken(harness, 'admin2'),
    member: await createUserWithToken(harness, 'member'),
    guest: await createUserWithToken(harness, 'guest'),
  };
  const { organization } = await createOrganization(
    domain,
    { userId: users.admin.sub },
    { name: `Org ${uniqueLabel()}` },
  );
  const orgId = organization.id;
  const admin: Actor = {
    kind: 'user',
    userId: users.admin.sub,
    organizationId: orgId,
    role: 'admin',
  };
  const member: Actor = { ...admin, userId: users.member.sub, role: 'member' };
  await addMember(domain, admin, { userId: users.admin2.sub, role: 'admin' });
  await addMember(domain, admin, { userId: users.member.sub, role: 'member' });
  await addMember(domain, admin, { userId: users.guest.sub, role: 'guest' });
  const members = await listMembers(domain, admin);
  const admin2Member = members.items.find((m) => m.userId === users.admin2.sub);

  const project = await createProject(domain, member, {
    name: 'Shop',
    defaultUrlRoute: 'http://shop.test',
  });
  const tag = await createTag(domain, member, {
    projectId: project.id,
    name: 'smoke',
    color: '#00aa00',
  });
  const spareTag = await createTag(domain, member, {
    projectId: project.id,
    name: 'spare',
    color: '#aa0000',
  });
  const document = await createDocument(domain, member, {
    projectId: project.id,
    name: 'Cart spec',
    content: '# Cart',
  });
  const testCase = await createTestCase(domain, member, {
    projectId: project.id,
    name: 'Add to cart',
    testDescription: 'Add the first product to the cart.',
    expectedOutcome: 'The cart shows one item.',
    urlRoute: '/',
    tagIds: [tag.id],
    browserConfigIds: [DEFAULT_BROWSER_CONFIG_ID],
  });
  const canary = `canary-${uniqueLabel()}-${uniqueLabel()}`;
  const secret = await createSecret(domain, admin, {
    projectId: project.id,
    name: 'CANARY',
    value: canary,
  });
  const browserConfig = await createBrowserConfig(domain, member, {
    name: 'Narrow',
    browserConfig: { viewport: { width: 400, height: 800 } },
  });
  const testConfig = await createTestConfig(domain, member, {
    projectId: project.id,
    name: 'nightly',
  });
  const traversal = await saveTraversal(domain, member, {
    testCaseId: testCase.id,
    browserConfigId: DEFAULT_BROWSER_CONFIG_ID,
    expectedOutcome: 'The cart shows one item.',
    verified: true,
    source: 'agentic',
    secrets: [{ name: 'CANARY', version: 1 }],
    brainStates: [
      {
        nextGoal: 'open the cart',
        actions: [
          { action: { type: 'navigate', url: '/cart' } },
          { action: { type: 'input_text', ref: 'e3', text: '<secret>CANARY</secret>' } },
        ],
      },
    ],
  });
  const actionIds = traversal.brainStates.flatMap((s) => s.actions.map((a) => a.id));
  const finished = options.light
    ? { runId: '', screenshotKey: '', gifKey: '' }
    : await finishedRun(harness, member, project.id, testCase.id, actionIds);
  const [queued] = await createRuns(domain, member, {
    projectId: project.id,
    selection: { kind: 'test_cases', testCaseIds: [testCase.id] },
  });
  const [lost] = await createRuns(domain, member, {
    projectId: project.id,
    selection: { kind: 'test_cases', testCaseIds: [testCase.id] },
  });
  if (!queued || !lost || !admin2Member) throw new Error('world setup failed');
  await finishRun(domain, systemActor(orgId), {
    runId: lost.id,
    state: 'FAILED',
    failureKind: 'infrastructure',
    failureMessage: 'worker lost',
  });
  const spareKey = await createApiKey(domain, admin, { name: 'spare' });
  const { invitation } = await createInvitation(domain, admin, {
    email: `invitee-${uniqueLabel()}@example.com`,
    role: 'guest',
  });
  return {
    orgId,
    users,
    keys: {
      admin: await apiKey(harness, admin, 'admin'),
      member: await apiKey(harness, admin, 'member'),
      guest: await apiKey(harness, admin, 'guest'),
    },
    ids: {
      orgId,
      projectId: project.id,
      tagId: spareTag.id,
      documentId: document.id,
      testCaseId: testCase.id,
      secretId: secret.id,
      browserConfigId: browserConfig.id,
      testConfigId: testConfig.id,
      traversalId: traversal.id,
      runId: queued.id,
      finishedRunId: finished.runId,
      lostRunId: lost.id,
      apiKeyId: spareKey.apiKey.id,
      invitationId: invitation.id,
      memberId: admin2Member.id,
      attachedTagId: tag.id,
    },
    canary,
    screenshotKey: finished.screenshotKey,
    gifKey: finished.gifKey,
  };
}
