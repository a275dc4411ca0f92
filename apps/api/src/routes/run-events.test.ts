// Live run progress over SSE, fed by the real queue's event channel: snapshot, events, end, heartbeats.
import { type TestDatabaseDriver, testDatabaseDrivers } from '@retrace/db/testing';
import { createRuns, finishRun, startRun, systemActor } from '@retrace/domain';
import type { RunEvent } from '@retrace/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, openApiHarness } from '../test-support/api-harness.ts';
import { type ApiWorld, createApiWorld } from '../test-support/api-world.ts';
import { readSse } from '../test-support/sse-reader.ts';

function runEventsSuite(driver: TestDatabaseDriver) {
  let harness: ApiHarness;
  let world: ApiWorld;
  let org: string;

  beforeAll(async () => {
    harness = await openApiHarness(driver);
    world = await createApiWorld(harness);
    org = `/api/orgs/${world.orgId}`;
  });
  afterAll(async () => harness.close());

  async function runningRun(): Promise<string> {
    const member = {
      kind: 'user' as const,
      userId: world.users.member.sub,
      organizationId: world.orgId,
      role: 'member' as const,
    };
    const [run] = await createRuns(harness.domain, member, {
      projectId: world.ids.projectId,
      selection: { kind: 'test_cases', testCaseIds: [world.ids.testCaseId] },
    });
    if (!run) throw new Error('no run');
    await startRun(harness.domain, systemActor(world.orgId), {
      runId: run.id,
      workerId: 'w',
      runType: 'AGENTIC',
    });
    return run.id;
  }

  const event = (runId: string, fields: Record<string, unknown>) =>
    ({
      runId,
      projectId: world.ids.projectId,
      at: new Date().toISOString(),
      ...fields,
    }) as RunEvent;

  it('sends the current run, then its live events, then a final snapshot, and ends', async () => {
    const runId = await runningRun();
    const response = await harness.call(
      'GET',
      `${org}/runs/${runId}/events`,
      world.users.guest.token,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const stream = readSse(response);
    const [snapshot] = await stream.until('snapshot');
    expect(snapshot?.data).toMatchObject({ run: { id: runId, state: 'RUNNING' }, history: [] });

    await harness.queue.publishRunEvent(
      event(runId, { type: 'step_started', stepIdx: 0, goal: 'open the cart', seq: 1 }),
    );
    await harness.queue.publishRunEvent(
      event(runId, { type: 'screenshot', stepIdx: 0, artifactKey: world.screenshotKey, seq: 2 }),
    );
    const step = (await stream.until('step_started')).at(-1);
    expect(step).toMatchObject({ id: '1', data: { goal: 'open the cart' } });
    const shot = (await stream.until('screenshot')).at(-1)?.data as { screenshotUrl: string };
    expect(shot.screenshotUrl).toMatch(/\/api\/artifacts\/.+\?exp=\d+&sig=/);

    await finishRun(harness.domain, systemActor(world.orgId), { runId, state: 'PASSED' });
    await harness.queue.publishRunEvent(event(runId, { type: 'state', state: 'PASSED', seq: 3 }));
    await stream.until('state');
    const final = (await stream.until('snapshot')).at(-1);
    expect(final?.data).toMatchObject({ run: { state: 'PASSED' } });
    expect(await stream.next()).toBeNull();
  });

  it('ends at once for a run that is already over', async () => {
    const response = await harness.call(
      'GET',
      `${org}/runs/${world.ids.finishedRunId}/events`,
      world.users.guest.token,
    );
    const stream = readSse(response);
    const first = await stream.next();
    expect(first).toMatchObject({ event: 'snapshot', data: { run: { state: 'PASSED' } } });
    expect(await stream.next()).toBeNull();
  });

  it('answers an unknown run with a 404 problem, not a stream', async () => {
    const response = await harness.call('GET', `${org}/runs/nope/events`, world.users.guest.token);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('sends heartbeats, and ends when the run finished without an event reaching it', async () => {
    const app = harness.appWith({ api: { sseHeartbeatMs: 50 } });
    const runId = await runningRun();
    const response = await app.request(`${org}/runs/${runId}/events`, {
      headers: { Authorization: `Bearer ${world.users.guest.token}` },
    });
    const stream = readSse(response);
    await stream.until('snapshot');
    await stream.until('heartbeat');
    await finishRun(harness.domain, systemActor(world.orgId), {
      runId,
      state: 'FAILED',
      failureKind: 'timeout',
      failureMessage: 'took too long',
    });
    const final = (await stream.until('snapshot')).at(-1);
    expect(final?.data).toMatchObject({ run: { state: 'FAILED', failureKind: 'timeout' } });
    expect(await stream.next()).toBeNull();
  });

  it("streams a project's run events and nothing of other projects", async () => {
    const response = await harness.call(
      'GET',
      `${org}/projects/${world.ids.projectId}/runs/events`,
      world.users.guest.token,
    );
    const stream = readSse(response);
    expect(await stream.next()).toMatchObject({
      event: 'ready',
      data: { projectId: world.ids.projectId },
    });
    await harness.queue.publishRunEvent({
      ...event('elsewhere-run', { type: 'log', level: 'info', message: 'not yours' }),
      projectId: 'another-project',
    } as RunEvent);
    await harness.queue.publishRunEvent(
      event(world.ids.runId, { type: 'log', level: 'info', message: 'yours' }),
    );
    const log = (await stream.until('log')).at(-1);
    expect(log?.data).toMatchObject({ runId: world.ids.runId, message: 'yours' });
    await stream.cancel();
  });
}

describe.each(testDatabaseDrivers(process.env))('run events [$name]', runEventsSuite);
