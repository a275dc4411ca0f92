// Queue contract, part 3: run events published on one connection and received on another.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from './run-events.ts';
import { FAST_SETTINGS } from './test-support/queue-backends.ts';
import {
  type QueueContractContext,
  newRunId,
  waitUntil,
} from './test-support/queue-contract-context.ts';

export function describeRunEvents(context: () => QueueContractContext): void {
  describe('run events', () => {
    let backend: QueueContractContext['backend'];
    let queue: QueueContractContext['queue'];
    beforeAll(() => {
      ({ backend, queue } = context());
    });

    const at = () => new Date().toISOString();

    it('reach subscribers on another connection, each filtered to its run', async () => {
      const listener = await backend.openQueue('main', FAST_SETTINGS);
      const [runA, runB] = [newRunId('eva'), newRunId('evb')];
      const forA: RunEvent[] = [];
      const forAll: RunEvent[] = [];
      const offA = await listener.subscribeRunEvents(runA, (e) => forA.push(e));
      const offAll = await listener.subscribeRunEvents('*', (e) => {
        if (e.runId === runA || e.runId === runB) forAll.push(e);
      });
      await queue.publishRunEvent({
        runId: runA,
        projectId: 'p1',
        at: at(),
        type: 'state',
        state: 'RUNNING',
      });
      await queue.publishRunEvent({
        runId: runB,
        projectId: 'p1',
        at: at(),
        type: 'step_started',
        stepIdx: 0,
        goal: 'Open the login page',
      });
      await queue.publishRunEvent({
        runId: runA,
        projectId: 'p1',
        at: at(),
        seq: 2,
        type: 'screenshot',
        stepIdx: 0,
        artifactKey: `runs/${runA}/steps/000.jpg`,
      });
      await waitUntil(() => forA.length === 2 && forAll.length === 3, 5_000, 'the events');
      expect(forA.map((e) => e.type)).toEqual(['state', 'screenshot']);
      expect(forAll.find((e) => e.runId === runB)).toMatchObject({
        type: 'step_started',
        goal: 'Open the login page',
      });
      offA();
      offAll();
    });

    it('stop arriving after unsubscribing', async () => {
      const runId = newRunId('evoff');
      const got: RunEvent[] = [];
      const off = await queue.subscribeRunEvents(runId, (e) => got.push(e));
      await queue.publishRunEvent({
        runId,
        projectId: 'p1',
        at: at(),
        type: 'log',
        level: 'info',
        message: 'one',
      });
      await waitUntil(() => got.length === 1, 5_000, 'the first event');
      off();
      await queue.publishRunEvent({
        runId,
        projectId: 'p1',
        at: at(),
        type: 'log',
        level: 'info',
        message: 'two',
      });
      const marker: RunEvent[] = [];
      const offMarker = await queue.subscribeRunEvents(runId, (e) => marker.push(e));
      await queue.publishRunEvent({
        runId,
        projectId: 'p1',
        at: at(),
        type: 'log',
        level: 'info',
        message: 'three',
      });
      // The marker subscription may also hear "two" (published before it subscribed, delivered after): wait
      // for "three" itself, whatever came with it.
      await waitUntil(
        () => marker.some((e) => e.type === 'log' && e.message === 'three'),
        5_000,
        'the marker event',
      );
      expect(got).toHaveLength(1);
      offMarker();
    });

    it('refuse events outside the schema, and the largest valid event still fits a NOTIFY', async () => {
      const runId = newRunId('evbig');
      await expect(
        queue.publishRunEvent({
          runId,
          projectId: 'p1',
          at: at(),
          type: 'state',
          state: 'DONE',
        } as never),
      ).rejects.toMatchObject({ code: 'RUN_EVENT_INVALID' });
      await expect(
        queue.publishRunEvent({
          runId,
          projectId: 'p1',
          at: 'yesterday',
          type: 'state',
          state: 'PASSED',
        }),
      ).rejects.toMatchObject({ code: 'RUN_EVENT_INVALID' });
      const got: RunEvent[] = [];
      const off = await queue.subscribeRunEvents(runId, (e) => got.push(e));
      // Control characters are escaped six bytes each in JSON: the worst case for the payload size.
      const message = '\u0001'.repeat(1000);
      await queue.publishRunEvent({
        runId,
        projectId: 'p1',
        at: at(),
        type: 'log',
        level: 'error',
        message,
      });
      await waitUntil(() => got.length === 1, 5_000, 'the large event');
      expect(got[0]).toMatchObject({ type: 'log', message });
      off();
    });
  });
}
