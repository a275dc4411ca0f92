import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createDatabase, type Database } from '@retrace/db';
import {
  createSecretKeyring,
  type DomainDeps,
  ensureBuiltinBrowserConfigs,
  ensureLocalAdmin,
  generateSecretKey,
  getLatestVerifiedTraversal,
  listSecrets,
  listTags,
  listTestCases,
  systemActor,
} from '@retrace/domain';
import {
  launchBrowser,
  type LaunchedBrowser,
  openBrowserSession,
  parseStepsFile,
  recordTraversalFromSteps,
} from '@retrace/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE_CONFIG_ID, DEMO_TAGS, DEMO_TEST_CASES, DEMO_TESTS_DIR } from './demo-suite.ts';
import { loadDemoProject } from './load-demo-project.ts';
import { DEFAULT_DEMO_PASSWORD, type DemoApp, startDemoApp } from './start-demo-app.ts';

let database: Database;
let domain: DomainDeps;
let browser: LaunchedBrowser;
let healthy: DemoApp;
let broken: DemoApp;
let organizationId: string;

beforeAll(async () => {
  database = await createDatabase({ kind: 'pglite', dataDir: null });
  domain = { db: database.db, secretKey: createSecretKeyring([generateSecretKey()]) };
  await ensureBuiltinBrowserConfigs(domain);
  organizationId = (await ensureLocalAdmin(domain)).organization.id;
  browser = await launchBrowser({ executablePath: '/usr/bin/chromium' });
  healthy = await startDemoApp();
  broken = await startDemoApp({ variant: 'broken' });
});
afterAll(async () => {
  await browser?.close();
  await healthy?.close();
  await broken?.close();
  await database?.close();
});

describe('loadDemoProject', () => {
  it('creates the project, tags, secret and test cases, and records every steps file on its browser configs', async () => {
    const project = await loadDemoProject(
      { domain, browser },
      { organizationId, baseUrl: healthy.url, concurrency: 3 },
    );
    const actor = systemActor(organizationId);
    const cases = await listTestCases(domain, actor, { projectId: project.projectId, limit: 200 });
    expect(cases.items).toHaveLength(DEMO_TEST_CASES.length);
    const tags = await listTags(domain, actor, { projectId: project.projectId, limit: 200 });
    expect(tags.items.map((t) => t.name).sort()).toEqual(Object.keys(DEMO_TAGS).sort());
    const secrets = await listSecrets(domain, actor, { projectId: project.projectId, limit: 200 });
    expect(secrets.items.map((s) => s.secretName)).toEqual(['demo_password']);

    const pairs = DEMO_TEST_CASES.filter((t) => t.stepsFile).flatMap((t) => t.browserConfigIds);
    expect(project.recorded).toBe(pairs.length);
    expect(pairs.filter((id) => id === DEMO_PHONE_CONFIG_ID).length).toBeGreaterThanOrEqual(4);
    for (const info of project.testCases.filter((t) => t.replayable)) {
      for (const browserConfigId of info.browserConfigIds) {
        const traversal = await getLatestVerifiedTraversal(domain, actor, {
          testCaseId: info.id,
          browserConfigId,
        });
        expect(traversal, `${info.name} on ${browserConfigId}`).not.toBeNull();
        expect(traversal?.source).toBe('steps_file');
        const actions = traversal?.brainStates.flatMap((s) => s.actions) ?? [];
        expect(actions.some((a) => a.domElementData !== null)).toBe(true);
        // The password is typed from the secret and stored only as its placeholder.
        expect(JSON.stringify(traversal)).not.toContain(DEFAULT_DEMO_PASSWORD);
      }
    }
    const signIn = project.testCases.find((t) => t.key === 'sign-in');
    const signInTraversal = await getLatestVerifiedTraversal(domain, actor, {
      testCaseId: signIn?.id ?? '',
      browserConfigId: 'builtin-desktop-chromium',
    });
    expect(signInTraversal?.secrets.map((s) => s.secretName)).toEqual(['demo_password']);
    expect(JSON.stringify(signInTraversal)).toContain('<secret>demo_password</secret>');

    // Without a model, the description-only test stays out of the suite.
    const agentic = project.testCases.find((t) => !t.replayable);
    expect(agentic).toBeDefined();
    expect(project.suiteTestCaseIds).not.toContain(agentic?.id);
    expect(project.suiteTestCaseIds).toHaveLength(DEMO_TEST_CASES.length - 1);
  });

  it('is idempotent: a second load records nothing and follows the shop to its new URL', async () => {
    const first = await loadDemoProject(
      { domain, browser },
      { organizationId, baseUrl: healthy.url },
    );
    const again = await loadDemoProject(
      { domain, browser },
      { organizationId, baseUrl: broken.url, llm: { provider: 'openai', model: 'gpt-4.1-mini' } },
    );
    expect(first.recorded).toBe(0);
    expect(again.recorded).toBe(0);
    expect(again.projectId).toBe(first.projectId);
    const actor = systemActor(organizationId);
    const cases = await listTestCases(domain, actor, { projectId: again.projectId, limit: 200 });
    expect(cases.items).toHaveLength(DEMO_TEST_CASES.length);
    const secrets = await listSecrets(domain, actor, { projectId: again.projectId, limit: 200 });
    expect(secrets.items[0]?.version).toBe(1);
    // With a model configured, the description-only test joins the suite.
    expect(again.suiteTestCaseIds).toHaveLength(DEMO_TEST_CASES.length);
  });
});

describe('the broken shop', () => {
  async function recordsOn(app: DemoApp, file: string): Promise<boolean> {
    const steps = parseStepsFile(await readFile(path.join(DEMO_TESTS_DIR, file), 'utf8'));
    const session = await openBrowserSession({ browser });
    try {
      await recordTraversalFromSteps(steps, {
        session,
        baseUrl: app.url,
        secrets: new Map([['demo_password', DEFAULT_DEMO_PASSWORD]]),
        assertionTimeoutMs: 1_500,
      });
      return true;
    } catch {
      return false;
    } finally {
      await session.close();
    }
  }

  it('breaks the tests that check totals and leaves the others passing', async () => {
    expect(await recordsOn(broken, 'cart-subtotal.steps.yaml')).toBe(false);
    expect(await recordsOn(broken, 'checkout-complete.steps.yaml')).toBe(false);
    expect(await recordsOn(broken, 'catalog-filters.steps.yaml')).toBe(true);
    expect(await recordsOn(broken, 'sign-in.steps.yaml')).toBe(true);
  });
});
