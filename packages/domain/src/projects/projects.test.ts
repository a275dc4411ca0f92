// Projects and what hangs off them: default test config, documents (1:1 with test cases), test configs.
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '../documents/create-document.ts';
import { deleteDocument } from '../documents/delete-document.ts';
import { getDocument } from '../documents/get-document.ts';
import { listDocuments } from '../documents/list-documents.ts';
import { updateDocument } from '../documents/update-document.ts';
import { createTestCase } from '../test-cases/create-test-case.ts';
import { getTestCase } from '../test-cases/get-test-case.ts';
import { updateTestCase } from '../test-cases/update-test-case.ts';
import { createTestConfig } from '../test-configs/create-test-config.ts';
import { deleteTestConfig } from '../test-configs/delete-test-config.ts';
import { getTestConfig } from '../test-configs/get-test-config.ts';
import { listTestConfigs } from '../test-configs/list-test-configs.ts';
import { updateTestConfig } from '../test-configs/update-test-config.ts';
import { createWorld, expectDomainError } from '../test-support/world.ts';
import { createProject } from './create-project.ts';
import { deleteProject } from './delete-project.ts';
import { getProject } from './get-project.ts';
import { listProjects } from './list-projects.ts';
import { updateProject } from './update-project.ts';

describe.each(testDatabaseDrivers(process.env))('projects [$name]', (driver) => {
  let database: TestDatabase;
  const deps = () => ({ db: database.db });
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(async () => database.dispose());

  it('every new project gets a default test config', async () => {
    const world = await createWorld(database.db);
    const config = await getTestConfig(deps(), world.guest, {
      projectId: world.project.id,
      name: 'default',
    });
    expect(config).toMatchObject({ repairPolicy: 'auto', maxSteps: 40, llmProvider: null });
  });

  it('project names are unique per organization', async () => {
    const world = await createWorld(database.db);
    await expectDomainError(
      createProject(deps(), world.member, { name: 'Shop', defaultUrlRoute: 'http://x.test' }),
      'PROJECT_NAME_TAKEN',
    );
  });

  it('refuses a base URL that is not absolute http(s)', async () => {
    const world = await createWorld(database.db);
    for (const url of ['shop.test', 'javascript:alert(1)', 'ftp://x.test', '/relative']) {
      await expectDomainError(
        createProject(deps(), world.member, { name: `P ${url}`, defaultUrlRoute: url }),
        'VALIDATION_FAILED',
      );
    }
  });

  it('updates with If-Match: a stale updated_at is PRECONDITION_FAILED, a missing row NOT_FOUND', async () => {
    const world = await createWorld(database.db);
    const { project } = world;
    const updated = await updateProject(deps(), world.member, {
      projectId: project.id,
      defaultUrlRoute: 'https://staging.shop.test',
      expectedUpdatedAt: project.updatedAt.toISOString(),
    });
    expect(updated.defaultUrlRoute).toBe('https://staging.shop.test');
    await expectDomainError(
      updateProject(deps(), world.member, {
        projectId: project.id,
        name: 'x',
        expectedUpdatedAt: project.updatedAt,
      }),
      'PRECONDITION_FAILED',
    );
    await expectDomainError(
      updateProject(deps(), world.member, {
        projectId: 'missing',
        name: 'x',
        expectedUpdatedAt: project.updatedAt,
      }),
      'NOT_FOUND',
    );
  });

  it('two edits in the same millisecond still get different updated_at values', async () => {
    const world = await createWorld(database.db);
    const fixed = new Date('2030-06-01T00:00:00.000Z');
    const clocked = { db: database.db, clock: () => fixed };
    const a = await updateProject(clocked, world.member, {
      projectId: world.project.id,
      name: 'A',
    });
    const b = await updateProject(clocked, world.member, {
      projectId: world.project.id,
      name: 'B',
    });
    expect(b.updatedAt.getTime()).toBeGreaterThan(a.updatedAt.getTime());
  });

  it('lists projects newest first, page by page', async () => {
    const world = await createWorld(database.db);
    for (let i = 0; i < 5; i++) {
      await createProject(deps(), world.member, {
        name: `P${i}`,
        defaultUrlRoute: 'http://x.test',
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listProjects(deps(), world.guest, {
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['P4', 'P3', 'P2', 'P1', 'P0', 'Shop']);
  });

  it('a document links to at most one test case, of its own project, and shows it as testCaseId', async () => {
    const world = await createWorld(database.db);
    const document = await createDocument(deps(), world.member, {
      projectId: world.project.id,
      name: 'Checkout spec',
      content: '# Checkout',
    });
    expect(document.testCaseId).toBeNull();
    const base = {
      projectId: world.project.id,
      testDescription: 'd',
      expectedOutcome: 'o',
      urlRoute: '/',
    };
    const linked = await createTestCase(deps(), world.member, {
      ...base,
      name: 'a',
      documentId: document.id,
    });
    expect((await getDocument(deps(), world.guest, { documentId: document.id })).testCaseId).toBe(
      linked.id,
    );
    await expectDomainError(
      createTestCase(deps(), world.member, { ...base, name: 'b', documentId: document.id }),
      'DOCUMENT_ALREADY_LINKED',
    );
    const other = await createProject(deps(), world.member, {
      name: 'Other',
      defaultUrlRoute: 'http://o.test',
    });
    const foreignDoc = await createDocument(deps(), world.member, {
      projectId: other.id,
      name: 'x',
    });
    await expectDomainError(
      updateTestCase(deps(), world.member, { testCaseId: linked.id, documentId: foreignDoc.id }),
      'DOCUMENT_OTHER_PROJECT',
    );
    await updateTestCase(deps(), world.member, { testCaseId: linked.id, documentId: null });
    expect(
      (await getDocument(deps(), world.guest, { documentId: document.id })).testCaseId,
    ).toBeNull();
  });

  it('deleting a document keeps its test case, unlinked', async () => {
    const world = await createWorld(database.db);
    const document = await createDocument(deps(), world.member, {
      projectId: world.project.id,
      name: 'd',
    });
    const testCase = await createTestCase(deps(), world.member, {
      projectId: world.project.id,
      name: 'a',
      testDescription: 'd',
      expectedOutcome: 'o',
      urlRoute: '/',
      documentId: document.id,
    });
    await expectDomainError(
      deleteDocument(deps(), world.member, { documentId: document.id }),
      'FORBIDDEN',
    );
    await deleteDocument(deps(), world.admin, { documentId: document.id });
    expect(
      (await getTestCase(deps(), world.guest, { testCaseId: testCase.id })).documentId,
    ).toBeNull();
  });

  it('documents: update with If-Match and list per project', async () => {
    const world = await createWorld(database.db);
    const document = await createDocument(deps(), world.member, {
      projectId: world.project.id,
      name: 'd',
    });
    const updated = await updateDocument(deps(), world.member, {
      documentId: document.id,
      content: 'new',
      expectedUpdatedAt: document.updatedAt,
    });
    expect(updated.content).toBe('new');
    await expectDomainError(
      updateDocument(deps(), world.member, {
        documentId: document.id,
        content: 'x',
        expectedUpdatedAt: document.updatedAt,
      }),
      'PRECONDITION_FAILED',
    );
    const page = await listDocuments(deps(), world.guest, { projectId: world.project.id });
    expect(page.items.map((d) => d.id)).toEqual([document.id]);
  });

  it('test config names are unique per project; the default can be neither renamed nor deleted', async () => {
    const world = await createWorld(database.db);
    const staging = await createTestConfig(deps(), world.member, {
      projectId: world.project.id,
      name: 'staging',
      baseUrlOverride: 'https://staging.shop.test',
      llmProvider: 'openai-compatible',
      llmBaseUrl: 'http://127.0.0.1:11434/v1',
      llmModel: 'llama',
      repairPolicy: 'never',
    });
    expect(staging).toMatchObject({ name: 'staging', repairPolicy: 'never', maxSteps: 40 });
    await expectDomainError(
      createTestConfig(deps(), world.member, { projectId: world.project.id, name: 'staging' }),
      'TEST_CONFIG_NAME_TAKEN',
    );
    await expectDomainError(
      createTestConfig(deps(), world.member, {
        projectId: world.project.id,
        name: 'x',
        llmProvider: 'openai-compatible',
      }),
      'VALIDATION_FAILED',
    );
    const defaults = await getTestConfig(deps(), world.member, {
      projectId: world.project.id,
      name: 'default',
    });
    await expectDomainError(
      updateTestConfig(deps(), world.member, { testConfigId: defaults.id, name: 'renamed' }),
      'TEST_CONFIG_IS_DEFAULT',
    );
    const tuned = await updateTestConfig(deps(), world.member, {
      testConfigId: defaults.id,
      maxSteps: 10,
    });
    expect(tuned.maxSteps).toBe(10);
    await expectDomainError(
      updateTestConfig(deps(), world.member, { testConfigId: staging.id, llmBaseUrl: null }),
      'VALIDATION_FAILED',
    );
    await expectDomainError(
      deleteTestConfig(deps(), world.admin, { testConfigId: defaults.id }),
      'TEST_CONFIG_IS_DEFAULT',
    );
    await deleteTestConfig(deps(), world.admin, { testConfigId: staging.id });
    const list = await listTestConfigs(deps(), world.guest, { projectId: world.project.id });
    expect(list.items.map((c) => c.name)).toEqual(['default']);
  });

  it('deleting a project (admins only) removes everything under it', async () => {
    const world = await createWorld(database.db);
    await createDocument(deps(), world.member, { projectId: world.project.id, name: 'd' });
    await expectDomainError(
      deleteProject(deps(), world.member, { projectId: world.project.id }),
      'FORBIDDEN',
    );
    const released = await deleteProject(deps(), world.admin, { projectId: world.project.id });
    expect(released).toEqual({ artifactKeys: [], artifactsNotDeleted: [] });
    await expectDomainError(
      getProject(deps(), world.admin, { projectId: world.project.id }),
      'NOT_FOUND',
    );
    await expectDomainError(
      listDocuments(deps(), world.admin, { projectId: world.project.id }),
      'NOT_FOUND',
    );
  });
});
