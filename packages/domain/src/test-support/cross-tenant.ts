// Test support: an organization full of rows, and every operation that takes an id, to try across tenants.
import type { RetraceDatabase } from '@retrace/db';
import { createApiKey } from '../api-keys/create-api-key.ts';
import { revokeApiKey } from '../api-keys/revoke-api-key.ts';
import { DEFAULT_BROWSER_CONFIG_ID } from '../browser-configs/builtin-browser-configs.ts';
import { createBrowserConfig } from '../browser-configs/create-browser-config.ts';
import { deleteBrowserConfig } from '../browser-configs/delete-browser-config.ts';
import { getBrowserConfig } from '../browser-configs/get-browser-config.ts';
import { updateBrowserConfig } from '../browser-configs/update-browser-config.ts';
import { getCostTotals } from '../costs/get-cost-totals.ts';
import { recordCost } from '../costs/record-cost.ts';
import type { Actor, SecretDeps } from '../deps.ts';
import { createDocument } from '../documents/create-document.ts';
import { deleteDocument } from '../documents/delete-document.ts';
import { getDocument } from '../documents/get-document.ts';
import { listDocuments } from '../documents/list-documents.ts';
import { updateDocument } from '../documents/update-document.ts';
import { createInvitation } from '../invitations/create-invitation.ts';
import { revokeInvitation } from '../invitations/revoke-invitation.ts';
import { listMembers } from '../members/list-members.ts';
import { removeMember } from '../members/remove-member.ts';
import { updateMemberRole } from '../members/update-member-role.ts';
import { deleteProject } from '../projects/delete-project.ts';
import { getProject } from '../projects/get-project.ts';
import { updateProject } from '../projects/update-project.ts';
import { createRetryRun } from '../runs/create-retry-run.ts';
import { createRuns } from '../runs/create-runs.ts';
import { deleteRun } from '../runs/delete-run.ts';
import { finishRun } from '../runs/finish-run.ts';
import { getRun } from '../runs/get-run.ts';
import { getRunDetail } from '../runs/get-run-detail.ts';
import { heartbeatRun } from '../runs/heartbeat-run.ts';
import { listRuns } from '../runs/list-runs.ts';
import { recordHistoryElement } from '../runs/record-history-elements.ts';
import { requestCancelRun } from '../runs/request-cancel-run.ts';
import { setRunGif } from '../runs/set-run-gif.ts';
import { startRun } from '../runs/start-run.ts';
import { createSecret } from '../secrets/create-secret.ts';
import type { SecretKeyring } from '../secrets/secret-cipher.ts';
import { deleteSecret } from '../secrets/delete-secret.ts';
import { getSecret } from '../secrets/get-secret.ts';
import { listSecrets } from '../secrets/list-secrets.ts';
import { renameSecret } from '../secrets/rename-secret.ts';
import { resolveSecretValues } from '../secrets/resolve-secret-values.ts';
import { updateSecretValue } from '../secrets/update-secret-value.ts';
import { createTag } from '../tags/create-tag.ts';
import { deleteTag } from '../tags/delete-tag.ts';
import { getTag } from '../tags/get-tag.ts';
import { listTags } from '../tags/list-tags.ts';
import { updateTag } from '../tags/update-tag.ts';
import { attachBrowserConfig } from '../test-cases/attach-browser-config.ts';
import { attachTag } from '../test-cases/attach-tag.ts';
import { createTestCase } from '../test-cases/create-test-case.ts';
import { deleteTestCase } from '../test-cases/delete-test-case.ts';
import { detachTag } from '../test-cases/detach-tag.ts';
import { getTestCase } from '../test-cases/get-test-case.ts';
import { listTestCases } from '../test-cases/list-test-cases.ts';
import { updateTestCase } from '../test-cases/update-test-case.ts';
import { createTestConfig } from '../test-configs/create-test-config.ts';
import { deleteTestConfig } from '../test-configs/delete-test-config.ts';
import { getTestConfig } from '../test-configs/get-test-config.ts';
import { updateTestConfig } from '../test-configs/update-test-config.ts';
import { traversalInput } from './traversal-input.ts';
import { createWorld, type World } from './world.ts';
import { getLatestVerifiedTraversal } from '../traversals/get-latest-verified-traversal.ts';
import { getTraversal } from '../traversals/get-traversal.ts';
import { listTraversals } from '../traversals/list-traversals.ts';
import { saveTraversal } from '../traversals/save-traversal.ts';

export interface Victim {
  world: World;
  documentId: string;
  testCaseId: string;
  tagId: string;
  secretId: string;
  browserConfigId: string;
  testConfigId: string;
  traversalId: string;
  actionId: string;
  queuedRunId: string;
  runningRunId: string;
  failedRunId: string;
  memberId: string;
  invitationId: string;
  apiKeyId: string;
}

export async function seedVictim(db: RetraceDatabase, secretKey: SecretKeyring): Promise<Victim> {
  const world = await createWorld(db);
  const d = { db, secretKey };
  const projectId = world.project.id;
  const document = await createDocument(d, world.member, { projectId, name: 'doc' });
  const tag = await createTag(d, world.member, { projectId, name: 'smoke', color: '#ff0000' });
  const testCase = await createTestCase(d, world.member, {
    projectId,
    name: 'secret flow',
    testDescription: 'd',
    expectedOutcome: 'o',
    urlRoute: '/',
    tagIds: [tag.id],
  });
  const secret = await createSecret(d, world.admin, {
    projectId,
    name: 'PW',
    value: 'victim-password',
  });
  const browserConfig = await createBrowserConfig(d, world.member, {
    name: 'mine',
    browserConfig: {},
  });
  const testConfig = await createTestConfig(d, world.member, { projectId, name: 'staging' });
  const traversal = await saveTraversal(
    d,
    world.system,
    traversalInput(testCase.id, DEFAULT_BROWSER_CONFIG_ID),
  );
  const runs = await createRuns(d, world.member, {
    projectId,
    selection: { kind: 'test_cases', testCaseIds: [testCase.id] },
    browserConfigIds: [DEFAULT_BROWSER_CONFIG_ID],
  });
  const [queued] = runs;
  const [running] = await createRuns(d, world.member, {
    projectId,
    selection: { kind: 'project' },
  });
  const [failed] = await createRuns(d, world.member, {
    projectId,
    selection: { kind: 'project' },
  });
  if (!queued || !running || !failed) throw new Error('seed');
  await startRun(d, world.system, { runId: running.id, workerId: 'w', runType: 'AGENTIC' });
  await startRun(d, world.system, { runId: failed.id, workerId: 'w', runType: 'AGENTIC' });
  await finishRun(d, world.system, {
    runId: failed.id,
    state: 'FAILED',
    failureKind: 'infrastructure',
    failureMessage: 'x',
  });
  const members = await listMembers(d, world.admin);
  const invitation = await createInvitation(d, world.admin, {
    email: 'someone@example.com',
    role: 'guest',
  });
  const apiKey = await createApiKey(d, world.admin, { name: 'ci' });
  return {
    world,
    documentId: document.id,
    testCaseId: testCase.id,
    tagId: tag.id,
    secretId: secret.id,
    browserConfigId: browserConfig.id,
    testConfigId: testConfig.id,
    traversalId: traversal.id,
    actionId: traversal.brainStates[0]?.actions[0]?.id ?? '',
    queuedRunId: queued.id,
    runningRunId: running.id,
    failedRunId: failed.id,
    memberId: members.items.find((m) => m.role === 'member')?.id ?? '',
    invitationId: invitation.invitation.id,
    apiKeyId: apiKey.apiKey.id,
  };
}

export type CrossTenantAttempt = [
  string,
  (d: SecretDeps, a: { admin: Actor; system: Actor; own: World }, v: Victim) => Promise<unknown>,
];

/** Every id-taking operation, aimed by organization A at organization B's rows. */
export const CROSS_TENANT_ATTEMPTS: CrossTenantAttempt[] = [
  ['read a project', (d, a, v) => getProject(d, a.admin, { projectId: v.world.project.id })],
  [
    'update a project',
    (d, a, v) => updateProject(d, a.admin, { projectId: v.world.project.id, name: 'pwned' }),
  ],
  ['delete a project', (d, a, v) => deleteProject(d, a.admin, { projectId: v.world.project.id })],
  [
    'list the documents of a project',
    (d, a, v) => listDocuments(d, a.admin, { projectId: v.world.project.id }),
  ],
  [
    'list the test cases of a project',
    (d, a, v) => listTestCases(d, a.admin, { projectId: v.world.project.id }),
  ],
  [
    'list the tags of a project',
    (d, a, v) => listTags(d, a.admin, { projectId: v.world.project.id }),
  ],
  [
    'list the secrets of a project',
    (d, a, v) => listSecrets(d, a.admin, { projectId: v.world.project.id }),
  ],
  [
    'list the runs of a project',
    (d, a, v) => listRuns(d, a.admin, { projectId: v.world.project.id }),
  ],
  [
    'create a document in a project',
    (d, a, v) => createDocument(d, a.admin, { projectId: v.world.project.id, name: 'x' }),
  ],
  [
    'create a tag in a project',
    (d, a, v) =>
      createTag(d, a.admin, { projectId: v.world.project.id, name: 'x', color: '#000000' }),
  ],
  [
    'create a secret in a project',
    (d, a, v) => createSecret(d, a.admin, { projectId: v.world.project.id, name: 'X', value: 'y' }),
  ],
  [
    'create a test config in a project',
    (d, a, v) => createTestConfig(d, a.admin, { projectId: v.world.project.id, name: 'x' }),
  ],
  [
    'create a test case in a project',
    (d, a, v) =>
      createTestCase(d, a.admin, {
        projectId: v.world.project.id,
        name: 'x',
        testDescription: 'd',
        expectedOutcome: 'o',
        urlRoute: '/',
      }),
  ],
  [
    'queue runs in a project',
    (d, a, v) =>
      createRuns(d, a.admin, { projectId: v.world.project.id, selection: { kind: 'project' } }),
  ],
  [
    'read cost totals of a project',
    (d, a, v) =>
      getCostTotals(d, a.admin, {
        projectId: v.world.project.id,
        from: new Date(0),
        to: new Date(),
        groupBy: 'model',
      }),
  ],
  ['read a document', (d, a, v) => getDocument(d, a.admin, { documentId: v.documentId })],
  [
    'update a document',
    (d, a, v) => updateDocument(d, a.admin, { documentId: v.documentId, content: 'pwned' }),
  ],
  ['delete a document', (d, a, v) => deleteDocument(d, a.admin, { documentId: v.documentId })],
  ['read a test case', (d, a, v) => getTestCase(d, a.admin, { testCaseId: v.testCaseId })],
  [
    'update a test case',
    (d, a, v) => updateTestCase(d, a.admin, { testCaseId: v.testCaseId, name: 'pwned' }),
  ],
  ['delete a test case', (d, a, v) => deleteTestCase(d, a.admin, { testCaseId: v.testCaseId })],
  [
    'link a document of its own to a test case',
    (d, a, v) => updateTestCase(d, a.admin, { testCaseId: v.testCaseId, documentId: v.documentId }),
  ],
  [
    'attach a tag to a test case',
    (d, a, v) => attachTag(d, a.admin, { testCaseId: v.testCaseId, tagId: v.tagId }),
  ],
  [
    'detach a tag from a test case',
    (d, a, v) => detachTag(d, a.admin, { testCaseId: v.testCaseId, tagId: v.tagId }),
  ],
  [
    'attach a foreign browser config to its own test case',
    async (d, a, v) => {
      const own = await createTestCase(d, a.admin, {
        projectId: a.own.project.id,
        name: 'own',
        testDescription: 'd',
        expectedOutcome: 'o',
        urlRoute: '/',
      });
      return attachBrowserConfig(d, a.admin, {
        testCaseId: own.id,
        browserConfigId: v.browserConfigId,
      });
    },
  ],
  ['read a tag', (d, a, v) => getTag(d, a.admin, { tagId: v.tagId })],
  ['update a tag', (d, a, v) => updateTag(d, a.admin, { tagId: v.tagId, name: 'pwned' })],
  ['delete a tag', (d, a, v) => deleteTag(d, a.admin, { tagId: v.tagId })],
  ['read a secret', (d, a, v) => getSecret(d, a.admin, { secretId: v.secretId })],
  [
    'change a secret value',
    (d, a, v) => updateSecretValue(d, a.admin, { secretId: v.secretId, value: 'pwned' }),
  ],
  [
    'rename a secret',
    (d, a, v) => renameSecret(d, a.admin, { secretId: v.secretId, name: 'PWNED' }),
  ],
  ['delete a secret', (d, a, v) => deleteSecret(d, a.admin, { secretId: v.secretId })],
  [
    'resolve secret values as its worker',
    (d, a, v) => resolveSecretValues(d, a.system, v.world.project.id),
  ],
  [
    'read a browser config',
    (d, a, v) => getBrowserConfig(d, a.admin, { browserConfigId: v.browserConfigId }),
  ],
  [
    'update a browser config',
    (d, a, v) =>
      updateBrowserConfig(d, a.admin, { browserConfigId: v.browserConfigId, name: 'pwned' }),
  ],
  [
    'delete a browser config',
    (d, a, v) =>
      deleteBrowserConfig(d, a.admin, { browserConfigId: v.browserConfigId, force: true }),
  ],
  ['read a test config', (d, a, v) => getTestConfig(d, a.admin, { testConfigId: v.testConfigId })],
  [
    'update a test config',
    (d, a, v) => updateTestConfig(d, a.admin, { testConfigId: v.testConfigId, maxSteps: 1 }),
  ],
  [
    'delete a test config',
    (d, a, v) => deleteTestConfig(d, a.admin, { testConfigId: v.testConfigId }),
  ],
  ['read a traversal', (d, a, v) => getTraversal(d, a.admin, { traversalId: v.traversalId })],
  ['list traversals', (d, a, v) => listTraversals(d, a.admin, { testCaseId: v.testCaseId })],
  [
    'read the latest verified traversal',
    (d, a, v) =>
      getLatestVerifiedTraversal(d, a.admin, {
        testCaseId: v.testCaseId,
        browserConfigId: DEFAULT_BROWSER_CONFIG_ID,
      }),
  ],
  [
    'save a traversal',
    (d, a, v) =>
      saveTraversal(d, a.system, traversalInput(v.testCaseId, DEFAULT_BROWSER_CONFIG_ID)),
  ],
  ['read a run', (d, a, v) => getRun(d, a.admin, { runId: v.queuedRunId })],
  ['read a run detail', (d, a, v) => getRunDetail(d, a.admin, { runId: v.runningRunId })],
  [
    'start a run',
    (d, a, v) =>
      startRun(d, a.system, { runId: v.queuedRunId, workerId: 'evil', runType: 'AGENTIC' }),
  ],
  ['finish a run', (d, a, v) => finishRun(d, a.system, { runId: v.runningRunId, state: 'PASSED' })],
  ['cancel a run', (d, a, v) => requestCancelRun(d, a.admin, { runId: v.queuedRunId })],
  [
    'heartbeat a run',
    (d, a, v) => heartbeatRun(d, a.system, { runId: v.runningRunId, workerId: 'w' }),
  ],
  [
    'record history on a run',
    (d, a, v) =>
      recordHistoryElement(d, a.system, {
        runId: v.runningRunId,
        idx: 0,
        actionId: v.actionId,
        actionStartedAt: new Date(),
        state: 'PASSED',
        locateMethod: 'locator',
      }),
  ],
  [
    'set the GIF of a run',
    (d, a, v) => setRunGif(d, a.system, { runId: v.runningRunId, runGif: 'x.gif' }),
  ],
  [
    'record a cost on a run',
    (d, a, v) =>
      recordCost(d, a.system, {
        runId: v.runningRunId,
        modelType: 'm',
        inputTokens: 1,
        completionTokens: 1,
        inputPricePerToken: 0,
        outputPricePerToken: 0,
      }),
  ],
  ['retry a run', (d, a, v) => createRetryRun(d, a.system, { runId: v.failedRunId })],
  ['delete a run', (d, a, v) => deleteRun(d, a.admin, { runId: v.failedRunId })],
  [
    'change a member’s role',
    (d, a, v) => updateMemberRole(d, a.admin, { memberId: v.memberId, role: 'admin' }),
  ],
  ['remove a member', (d, a, v) => removeMember(d, a.admin, { memberId: v.memberId })],
  [
    'revoke an invitation',
    (d, a, v) => revokeInvitation(d, a.admin, { invitationId: v.invitationId }),
  ],
  ['revoke an API key', (d, a, v) => revokeApiKey(d, a.admin, { apiKeyId: v.apiKeyId })],
];
