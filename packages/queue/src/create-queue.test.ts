import { describe, expect, it } from 'vitest';
import { createQueue } from './create-queue.ts';

const server = { connectionString: 'postgres://127.0.0.1:1/unused' };

describe('queue configuration', () => {
  it("recovers a dead worker's run within 60 s with the default timings", () => {
    expect(createQueue(server).recoveryWindowSeconds()).toBeLessThanOrEqual(60);
  });

  it('refuses a schema name that could not namespace channels safely', () => {
    expect(() => createQueue({ ...server, schema: 'Bad-Schema' })).toThrow(
      expect.objectContaining({ code: 'QUEUE_CONFIG_INVALID' }),
    );
  });

  it('refuses heartbeats shorter than pg-boss allows', () => {
    expect(() => createQueue({ ...server, policies: { run: { heartbeatSeconds: 5 } } })).toThrow(
      expect.objectContaining({ code: 'QUEUE_CONFIG_INVALID' }),
    );
  });

  it('reports a database it cannot reach as QUEUE_UNAVAILABLE', async () => {
    const queue = createQueue({ ...server, onError: () => undefined });
    await expect(queue.start()).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
  });
});
