// Security: no operation reaches another organization's rows by id, and roles limit what each actor does.
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from './api-keys/create-api-key.ts';
import { authenticateApiKey } from './api-keys/authenticate-api-key.ts';
import { deleteBrowserConfig } from './browser-configs/delete-browser-config.ts';
import { getBrowserConfig } from './browser-configs/get-browser-config.ts';
import { deleteDocument } from './documents/delete-document.ts';
import { getDocument } from './documents/get-document.ts';
import { isDomainError } from './errors/domain-error.ts';
import { deleteProject } from './projects/delete-project.ts';
import { getProject } from './projects/get-project.ts';
import { updateProject } from './projects/update-project.ts';
import { createRuns } from './runs/create-runs.ts';
import { getRun } from './runs/get-run.ts';
import { getRunDetail } from './runs/get-run-detail.ts';
import { resolveSecretValues } from './secrets/resolve-secret-values.ts';
import { createTag } from './tags/create-tag.ts';
import { deleteTag } from './tags/delete-tag.ts';
import { createTestCase } from './test-cases/create-test-case.ts';
import { deleteTestCase } from './test-cases/delete-test-case.ts';
import { getTestCase } from './test-cases/get-test-case.ts';
import { deleteTestConfig } from './test-configs/delete-test-config.ts';
import { createWorld, expectDomainError, testKeyring, type World } from './test-support/world.ts';
import { CROSS_TENANT_ATTEMPTS, seedVictim, type Victim } from './test-support/cross-tenant.ts';

describe.each(testDatabaseDrivers(process.env))('security [$name]', (driver) => {
  let database: TestDatabase;
  const secretKey = testKeyring();
  const deps = () => ({ db: database.db, secretKey });
  let attacker: World;
  let victim: Victim;
  const d = () => deps();

  beforeAll(async () => {
    database = await driver.open();
    attacker = await createWorld(database.db);
    victim = await seedVictim(database.db, secretKey);
  });
  afterAll(async () => database.dispose());

  it.each(CROSS_TENANT_ATTEMPTS)(
    'admin of org A cannot %s of org B (NOT_FOUND)',
    async (_name, attempt) => {
      await expectDomainError(
        attempt(deps(), { admin: attacker.admin, system: attacker.system, own: attacker }, victim),
        'NOT_FOUND',
      );
    },
  );

  it('after every cross-organization attempt, org B’s rows are intact', async () => {
    const v = victim;
    const owner = v.world.admin;
    expect((await getProject(d(), owner, { projectId: v.world.project.id })).name).toBe('Shop');
    expect((await getTestCase(d(), owner, { testCaseId: v.testCaseId })).name).toBe('secret flow');
    expect((await getTestCase(d(), owner, { testCaseId: v.testCaseId })).tagIds).toEqual([v.tagId]);
    expect((await getDocument(d(), owner, { documentId: v.documentId })).content).toBe('');
    const secrets = await resolveSecretValues(d(), v.world.system, v.world.project.id);
    expect(secrets.get('PW')).toEqual({ value: 'victim-password', version: 1 });
    expect((await getRun(d(), owner, { runId: v.queuedRunId })).state).toBe('QUEUED');
    expect((await getRun(d(), owner, { runId: v.runningRunId })).state).toBe('RUNNING');
    expect((await getRunDetail(d(), owner, { runId: v.runningRunId })).history).toEqual([]);
    expect((await getBrowserConfig(d(), owner, { browserConfigId: v.browserConfigId })).name).toBe(
      'mine',
    );
  });

  it('guest cannot create a test case', async () => {
    await expectDomainError(
      createTestCase(d(), attacker.guest, {
        projectId: attacker.project.id,
        name: 'x',
        testDescription: 'd',
        expectedOutcome: 'o',
        urlRoute: '/',
      }),
      'FORBIDDEN',
    );
  });

  it('guest cannot edit a project, tag a test case or queue runs', async () => {
    await expectDomainError(
      updateProject(d(), attacker.guest, { projectId: attacker.project.id, name: 'x' }),
      'FORBIDDEN',
    );
    await expectDomainError(
      createTag(d(), attacker.guest, {
        projectId: attacker.project.id,
        name: 'x',
        color: '#000000',
      }),
      'FORBIDDEN',
    );
    await expectDomainError(
      createRuns(d(), attacker.guest, {
        projectId: attacker.project.id,
        selection: { kind: 'project' },
      }),
      'FORBIDDEN',
    );
  });

  it('member cannot delete projects, test cases, tags, documents or test configs', async () => {
    const m = attacker.member;
    const results = await Promise.allSettled([
      deleteProject(d(), m, { projectId: attacker.project.id }),
      deleteTestCase(d(), m, { testCaseId: 'any' }),
      deleteTag(d(), m, { tagId: 'any' }),
      deleteDocument(d(), m, { documentId: 'any' }),
      deleteTestConfig(d(), m, { testConfigId: 'any' }),
      deleteBrowserConfig(d(), m, { browserConfigId: 'any' }),
    ]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      if (result.status === 'rejected')
        expect(isDomainError(result.reason, 'FORBIDDEN')).toBe(true);
    }
  });

  it('a guest API key can read but not write', async () => {
    const { token } = await createApiKey(d(), attacker.admin, { name: 'read-only', role: 'guest' });
    const actor = await authenticateApiKey(d(), token);
    if (!actor) throw new Error('no actor');
    await getProject(d(), actor, { projectId: attacker.project.id });
    await expectDomainError(
      updateProject(d(), actor, { projectId: attacker.project.id, name: 'x' }),
      'FORBIDDEN',
    );
    await expectDomainError(
      getProject(d(), actor, { projectId: victim.world.project.id }),
      'NOT_FOUND',
    );
  });
});
