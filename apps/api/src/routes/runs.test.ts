// Runs over HTTP: triggering by ids, tags or project in each mode, queueing, filters, detail, cancel, retry, delete.
import { type TestDatabaseDriver, primaryTestDatabaseDriver } from '@retrace/db/testing';
import { createQueue } from '@retrace/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../create-api.ts';
import {
  type ApiHarness,
  AUDIENCE,
  ISSUER,
  JWT_SECRET,
  openApiHarness,
} from '../test-support/api-harness.ts';
import { type ApiWorld, createApiWorld, PNG_BYTES } from '../test-support/api-world.ts';

type Json = Record<string, unknown>;
interface RunJson extends Json {
  id: string;
  state: string;
  testCaseId: string;
  batchId: string;
}

function runsSuite(driver: TestDatabaseDriver) {
  let harness: ApiHarness;
  let world: ApiWorld;
  let org: string;
  let project: string;
  let member: string;
  let guest: string;
  let freshCaseId: string;

  beforeAll(async () => {
    harness = await openApiHarness(driver);
    world = await createApiWorld(harness);
    org = `/api/orgs/${world.orgId}`;
    project = `${org}/projects/${world.ids.projectId}`;
    member = world.users.member.token;
    guest = world.users.guest.token;
    const fresh = await harness.call('POST', `${project}/test-cases`, member, {
      name: 'Never recorded',
      testDescription: 'Open the shop.',
      expectedOutcome: 'The shop opens.',
      urlRoute: '/',
      tagIds: [world.ids.tagId],
    });
    freshCaseId = ((await fresh.json()) as Json).id as string;
  });
  afterAll(async () => harness.close());

  const trigger = (body: Json) => harness.call('POST', `${project}/runs`, member, body);
  const runsOf = async (response: Response) =>
    ((await response.json()) as { runs: RunJson[] }).runs;
  const list = async (query: string) =>
    (await (await harness.call('GET', `${project}/runs${query}`, guest)).json()) as {
      items: RunJson[];
      nextCursor: string | null;
    };

  it('queues one run per test case and browser config, each with its job', async () => {
    const response = await trigger({
      testCaseIds: [world.ids.testCaseId, freshCaseId],
      mode: 'auto',
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { batchId: string; runs: RunJson[] };
    expect(body.runs.map((r) => r.testCaseId).sort()).toEqual(
      [world.ids.testCaseId, freshCaseId].sort(),
    );
    expect(body.runs.every((r) => r.state === 'QUEUED' && r.batchId === body.batchId)).toBe(true);
    expect(response.headers.get('location')).toContain(`batchId=${body.batchId}`);
    for (const run of body.runs) {
      const jobs = await harness.queue.findRunJobs(run.id);
      expect(jobs.map((j) => j.state)).toEqual(['created']);
    }
  });

  it('selects by tag names, tag ids (union, no duplicates) or the whole project', async () => {
    const byName = await runsOf(await trigger({ tags: ['spare'] }));
    expect(byName.map((r) => r.testCaseId)).toEqual([freshCaseId]);
    const union = await runsOf(
      await trigger({ tagIds: [world.ids.tagId, world.ids.attachedTagId], tags: ['spare'] }),
    );
    expect(union.map((r) => r.testCaseId).sort()).toEqual(
      [world.ids.testCaseId, freshCaseId].sort(),
    );
    const all = await runsOf(await trigger({ all: true, batchId: 'ci-build-7' }));
    expect(all).toHaveLength(2);
    expect(all.every((r) => r.batchId === 'ci-build-7')).toBe(true);
    const unknown = await trigger({ tags: ['no-such-tag'] });
    expect(unknown.status).toBe(404);
  });

  it('needs exactly one selection', async () => {
    expect((await trigger({ mode: 'auto' })).status).toBe(400);
    expect((await trigger({ all: true, testCaseIds: [freshCaseId] })).status).toBe(400);
  });

  it('refuses replay mode for a test case without a verified traversal, and queues nothing', async () => {
    const before = (await list(`?testCaseId=${freshCaseId}&limit=200`)).items.length;
    const refused = await trigger({
      testCaseIds: [freshCaseId, world.ids.testCaseId],
      mode: 'replay',
    });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { code: string; detail: string; details: Json };
    expect(problem.code).toBe('REPLAY_WITHOUT_TRAVERSAL');
    expect(problem.detail).toContain('"Never recorded"');
    expect(problem.details.count).toBe(1);
    expect((await list(`?testCaseId=${freshCaseId}&limit=200`)).items.length).toBe(before);
    const replay = await trigger({ testCaseIds: [world.ids.testCaseId], mode: 'replay' });
    expect(replay.status).toBe(202);
    expect((await runsOf(replay))[0]).toMatchObject({ mode: 'replay', state: 'QUEUED' });
  });

  it('filters runs by state, type, test case, tag, batch and time, in either order', async () => {
    const failed = await list('?state=FAILED');
    expect(failed.items.map((r) => r.id)).toEqual([world.ids.lostRunId]);
    const replays = await list('?type=REPLAY');
    expect(replays.items.map((r) => r.id)).toEqual([world.ids.finishedRunId]);
    const byBatch = await list('?batchId=ci-build-7');
    expect(byBatch.items).toHaveLength(2);
    const byTag = await list(`?tagId=${world.ids.tagId}&state=QUEUED`);
    expect(new Set(byTag.items.map((r) => r.testCaseId))).toEqual(new Set([freshCaseId]));
    const future = await list('?from=2999-01-01T00:00:00Z');
    expect(future.items).toEqual([]);
    const newest = await list('?limit=200');
    const oldest = await list('?limit=200&sort=oldest');
    expect(oldest.items.map((r) => r.id)).toEqual(newest.items.map((r) => r.id).reverse());
    expect((await harness.call('GET', `${project}/runs?state=DONE`, guest)).status).toBe(400);
  });

  it('shows a run with its ordered history, signed screenshot and GIF URLs, and its cost', async () => {
    const response = await harness.call('GET', `${org}/runs/${world.ids.finishedRunId}`, guest);
    const detail = (await response.json()) as {
      run: Json;
      history: {
        idx: number;
        screenshotUrl: string | null;
        locateMethod: string;
        healScore: number | null;
        stepGoal: string;
        action: Json;
      }[];
      cost: Json;
    };
    expect(detail.run).toMatchObject({
      state: 'PASSED',
      runType: 'REPLAY',
      durationMs: expect.any(Number),
    });
    expect(detail.history.map((h) => [h.idx, h.locateMethod, h.healScore])).toEqual([
      [0, 'locator', null],
      [1, 'healed', expect.closeTo(0.91, 5)],
    ]);
    expect(detail.history[0]?.stepGoal).toBe('open the cart');
    expect(detail.history[1]?.screenshotUrl).toBeNull();
    expect(detail.cost).toMatchObject({
      model: 'gpt-test',
      inputTokens: 1000,
      completionTokens: 100,
    });
    const screenshot = new URL(detail.history[0]?.screenshotUrl ?? '');
    const image = await harness.app.request(`${screenshot.pathname}${screenshot.search}`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG_BYTES);
    const gif = new URL(String(detail.run.gifUrl));
    expect(
      (await harness.app.request(`${gif.pathname}${gif.search}`)).headers.get('content-type'),
    ).toBe('image/gif');
  });

  it('cancels a queued run at once and drops its job; a finished run cannot be cancelled', async () => {
    const [run] = await runsOf(await trigger({ testCaseIds: [freshCaseId] }));
    const cancelled = await harness.call('POST', `${org}/runs/${run?.id}/cancel`, member);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ state: 'FAILED', failureKind: 'cancelled' });
    const jobs = await harness.queue.findRunJobs(run?.id ?? '');
    expect(jobs.map((j) => j.state)).toEqual(['cancelled']);
    const again = await harness.call(
      'POST',
      `${org}/runs/${world.ids.finishedRunId}/cancel`,
      member,
    );
    expect(again.status).toBe(409);
    expect(((await again.json()) as Json).code).toBe('INVALID_STATE_TRANSITION');
  });

  it('retries a run lost to infrastructure as a new queued attempt', async () => {
    const response = await harness.call('POST', `${org}/runs/${world.ids.lostRunId}/retry`, member);
    expect(response.status).toBe(202);
    const retry = (await response.json()) as Json;
    expect(retry).toMatchObject({ attempt: 2, retryOfRunId: world.ids.lostRunId, state: 'QUEUED' });
    expect(await harness.queue.findRunJobs(String(retry.id))).toHaveLength(1);
    const refused = await harness.call(
      'POST',
      `${org}/runs/${world.ids.finishedRunId}/retry`,
      member,
    );
    expect(refused.status).toBe(409);
  });

  it('deletes a run with its artifacts (admins only)', async () => {
    const url = `${org}/runs/${world.ids.finishedRunId}`;
    expect((await harness.call('DELETE', url, member)).status).toBe(403);
    expect(await harness.artifacts.exists(world.screenshotKey)).toBe(true);
    expect((await harness.call('DELETE', url, world.users.admin.token)).status).toBe(204);
    expect(await harness.artifacts.exists(world.screenshotKey)).toBe(false);
    expect(await harness.artifacts.exists(world.gifKey)).toBe(false);
    expect((await harness.call('GET', url, guest)).status).toBe(404);
  });

  it('fails the runs it could not queue and answers 503 QUEUE_UNAVAILABLE', async () => {
    const stopped = createQueue(
      harness.database.kind === 'pglite'
        ? { pglite: harness.database.pglite, schema: 'api_test', onError: () => undefined }
        : {
            connectionString: harness.database.url ?? '',
            schema: 'api_test',
            onError: () => undefined,
          },
    );
    await stopped.start();
    await stopped.stop({ graceful: false, timeoutMs: 100 });
    const app = createApi({
      domain: harness.domain,
      artifacts: harness.artifacts,
      runQueue: stopped,
      runEvents: harness.queue,
      auth: { supabase: { jwtSecret: JWT_SECRET, issuer: ISSUER, audience: AUDIENCE } },
      publicUrl: 'http://retrace.test',
    });
    const response = await app.request(`${project}/runs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${member}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ testCaseIds: [freshCaseId], batchId: 'queue-down' }),
    });
    expect(response.status).toBe(503);
    expect(((await response.json()) as Json).code).toBe('QUEUE_UNAVAILABLE');
    const runs = await list('?batchId=queue-down');
    expect(runs.items.map((r) => [r.state, r.failureKind])).toEqual([['FAILED', 'infrastructure']]);
  });
}

describe.each(primaryTestDatabaseDriver(process.env))('runs [$name]', runsSuite);
