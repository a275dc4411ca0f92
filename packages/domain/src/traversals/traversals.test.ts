// Traversals: one transaction per save, versions taken atomically, ordered children, secret links.
import { eq } from 'drizzle-orm';
import { testTraversals } from '@retrace/db';
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_BROWSER_CONFIG_ID,
  builtinBrowserConfigId,
} from '../browser-configs/builtin-browser-configs.ts';
import { createSecret } from '../secrets/create-secret.ts';
import { updateSecretValue } from '../secrets/update-secret-value.ts';
import { createTestCase } from '../test-cases/create-test-case.ts';
import { createRuns } from '../runs/create-runs.ts';
import { getRun } from '../runs/get-run.ts';
import { traversalInput } from '../test-support/traversal-input.ts';
import { createWorld, expectDomainError, testKeyring, type World } from '../test-support/world.ts';
import { getLatestVerifiedTraversal } from './get-latest-verified-traversal.ts';
import { getTraversal } from './get-traversal.ts';
import { listTraversals } from './list-traversals.ts';
import { saveTraversal } from './save-traversal.ts';

const PHONE = builtinBrowserConfigId('phone-pixel-7');

describe.each(testDatabaseDrivers(process.env))('traversals [$name]', (driver) => {
  let database: TestDatabase;
  const secretKey = testKeyring();
  const deps = () => ({ db: database.db, secretKey });
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(async () => database.dispose());

  async function worldWithCase(): Promise<World & { testCaseId: string }> {
    const world = await createWorld(database.db);
    const testCase = await createTestCase(deps(), world.member, {
      projectId: world.project.id,
      name: 'checkout',
      testDescription: 'buy the blue mug',
      expectedOutcome: 'the order is confirmed',
      urlRoute: '/',
    });
    return { ...world, testCaseId: testCase.id };
  }

  it('saves brain states and actions in one operation and reads them back in order', async () => {
    const world = await worldWithCase();
    const saved = await saveTraversal(
      deps(),
      world.system,
      traversalInput(world.testCaseId, DEFAULT_BROWSER_CONFIG_ID),
    );
    expect(saved.version).toBe(1);
    expect(saved.projectId).toBe(world.project.id);
    const read = await getTraversal(deps(), world.guest, { traversalId: saved.id });
    expect(read.brainStates.map((b) => [b.idxInTraversal, b.nextGoal, b.valid])).toEqual([
      [0, 'open the cart', true],
      [1, 'log in and pay', true],
      [2, 'a step that failed', false],
    ]);
    expect(read.brainStates[0]?.actions.map((a) => [a.idxInBrainState, a.action.type])).toEqual([
      [0, 'navigate'],
      [1, 'click'],
    ]);
    expect(read.brainStates[1]?.actions[1]?.domElementData).toMatchObject({
      accessibleName: 'Pay',
    });
    expect(read).toEqual(saved);
  });

  it('20 concurrent saves get versions 1..20 with no gap or duplicate', async () => {
    const world = await worldWithCase();
    const saved = await Promise.all(
      Array.from({ length: 20 }, () =>
        saveTraversal(
          deps(),
          world.system,
          traversalInput(world.testCaseId, DEFAULT_BROWSER_CONFIG_ID),
        ),
      ),
    );
    expect(saved.map((t) => t.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    // Another browser config has its own sequence.
    const phone = await saveTraversal(
      deps(),
      world.system,
      traversalInput(world.testCaseId, PHONE),
    );
    expect(phone.version).toBe(1);
  });

  it('replay uses the latest verified version, skipping unverified ones', async () => {
    const world = await worldWithCase();
    expect(
      await getLatestVerifiedTraversal(deps(), world.guest, {
        testCaseId: world.testCaseId,
        browserConfigId: DEFAULT_BROWSER_CONFIG_ID,
      }),
    ).toBeNull();
    await saveTraversal(
      deps(),
      world.system,
      traversalInput(world.testCaseId, DEFAULT_BROWSER_CONFIG_ID),
    );
    const v2 = await saveTraversal(
      deps(),
      world.system,
      traversalInput(world.testCaseId, DEFAULT_BROWSER_CONFIG_ID, { source: 'repair' }),
    );
    await saveTraversal(
      deps(),
      world.system,
      traversalInput(world.testCaseId, DEFAULT_BROWSER_CONFIG_ID, { verified: false }),
    );
    const latest = await getLatestVerifiedTraversal(deps(), world.guest, {
      testCaseId: world.testCaseId,
      browserConfigId: DEFAULT_BROWSER_CONFIG_ID,
    });
    expect(latest?.id).toBe(v2.id);
    expect(latest?.version).toBe(2);
    const page = await listTraversals(deps(), world.guest, { testCaseId: world.testCaseId });
    expect(page.items.map((t) => t.version)).toEqual([3, 2, 1]);
  });

  it('links the secrets it uses with the version used at recording time', async () => {
    const world = await worldWithCase();
    const secret = await createSecret(deps(), world.admin, {
      projectId: world.project.id,
      name: 'PASSWORD',
      value: 'hunter22',
    });
    await updateSecretValue(deps(), world.admin, { secretId: secret.id, value: 'hunter23' });
    const saved = await saveTraversal(
      deps(),
      world.system,
      traversalInput(world.testCaseId, DEFAULT_BROWSER_CONFIG_ID, {
        secrets: [{ name: 'PASSWORD', version: 2 }],
      }),
    );
    expect(saved.secrets).toEqual([
      { secretId: secret.id, secretName: 'PASSWORD', secretVersion: 2 },
    ]);
    await expectDomainError(
      saveTraversal(
        deps(),
        world.system,
        traversalInput(world.testCaseId, DEFAULT_BROWSER_CONFIG_ID, {
          secrets: [{ name: 'NOPE', version: 1 }],
        }),
      ),
      'NOT_FOUND',
    );
    // The failed save left nothing behind.
    expect(
      await database.db.$count(testTraversals, eq(testTraversals.testCaseId, world.testCaseId)),
    ).toBe(1);
  });

  it('never stores a secret value in a brain state or action: leaked values become placeholders', async () => {
    const world = await worldWithCase();
    await createSecret(deps(), world.admin, {
      projectId: world.project.id,
      name: 'PASSWORD',
      value: 's3cr3t-value',
    });
    const input = traversalInput(world.testCaseId, DEFAULT_BROWSER_CONFIG_ID);
    const leaky = {
      ...input,
      brainStates: [
        {
          memory: 'typed s3cr3t-value into the field',
          actions: [{ action: { type: 'input_text', text: 's3cr3t-value' } }],
        },
      ],
    };
    const saved = await saveTraversal(deps(), world.system, leaky);
    const stored = JSON.stringify(
      await getTraversal(deps(), world.admin, { traversalId: saved.id }),
    );
    expect(stored).not.toContain('s3cr3t-value');
    expect(stored).toContain('<secret>PASSWORD</secret>');
  });

  it('sets produced_traversal_id on the run that recorded it, and refuses a run of another test case', async () => {
    const world = await worldWithCase();
    const [run] = await createRuns(deps(), world.member, {
      projectId: world.project.id,
      selection: { kind: 'test_cases', testCaseIds: [world.testCaseId] },
    });
    if (!run) throw new Error('no run');
    const saved = await saveTraversal(
      deps(),
      world.system,
      traversalInput(world.testCaseId, DEFAULT_BROWSER_CONFIG_ID, { createdByRunId: run.id }),
    );
    expect((await getRun(deps(), world.guest, { runId: run.id })).producedTraversalId).toBe(
      saved.id,
    );
    await expectDomainError(
      saveTraversal(
        deps(),
        world.system,
        traversalInput(world.testCaseId, PHONE, { createdByRunId: run.id }),
      ),
      'NOT_FOUND',
    );
  });

  it('refuses an element fingerprint that does not match the engine contract', async () => {
    const world = await worldWithCase();
    const input = traversalInput(world.testCaseId, DEFAULT_BROWSER_CONFIG_ID);
    const bad = {
      ...input,
      brainStates: [{ actions: [{ action: { type: 'click' }, domElementData: { tag: 'a' } }] }],
    };
    // Deliberately wrong shape: the cast lets the test send what a buggy caller might.
    const error = await expectDomainError(
      saveTraversal(deps(), world.system, bad as unknown as typeof input),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('brainStates.0.actions.0.domElementData');
  });

  it('guest cannot save a traversal', async () => {
    const world = await worldWithCase();
    await expectDomainError(
      saveTraversal(
        deps(),
        world.guest,
        traversalInput(world.testCaseId, DEFAULT_BROWSER_CONFIG_ID),
      ),
      'FORBIDDEN',
    );
  });

  it('a system actor of org A cannot save a traversal for a test case of org B', async () => {
    const a = await worldWithCase();
    const b = await worldWithCase();
    await expectDomainError(
      saveTraversal(deps(), a.system, traversalInput(b.testCaseId, DEFAULT_BROWSER_CONFIG_ID)),
      'NOT_FOUND',
    );
  });
});
