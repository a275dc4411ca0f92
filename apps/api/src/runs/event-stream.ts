// A Server-Sent Events session: ordered writes, periodic heartbeats, and one clean-up however it ends.
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';

export interface EventSink {
  /** Queues one event; writes happen in order. Ignored once the stream is closed. */
  send(event: string, data: unknown, id?: string): void;
  /** Ends the stream after the queued events are written. */
  close(): void;
  readonly closed: boolean;
}

export interface EventStreamOptions {
  heartbeatMs: number;
  /** Starts the session; returns its clean-up (unsubscribe), run exactly once at the end. */
  start(sink: EventSink): Promise<() => void>;
  /** Runs with each heartbeat (e.g. to notice a run finished while its events were lost). */
  onHeartbeat?(sink: EventSink): Promise<void>;
  onError(error: unknown): void;
}

export function serveEventStream(c: Context, options: EventStreamOptions): Response {
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    let closed = false;
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let pending: Promise<void> = Promise.resolve();
    const sink: EventSink = {
      get closed() {
        return closed;
      },
      send(event, data, id) {
        if (closed) return;
        const message = { event, data: JSON.stringify(data), ...(id === undefined ? {} : { id }) };
        pending = pending.then(() => stream.writeSSE(message)).catch(options.onError);
      },
      close() {
        if (closed) return;
        closed = true;
        void pending.then(finish);
      },
    };
    stream.onAbort(() => {
      closed = true;
      finish();
    });
    let cleanUp: () => void = () => undefined;
    const heartbeat = setInterval(() => {
      if (closed) return;
      sink.send('heartbeat', { at: new Date().toISOString() });
      options.onHeartbeat?.(sink).catch(options.onError);
    }, options.heartbeatMs);
    try {
      cleanUp = await options.start(sink);
      await finished;
    } catch (error) {
      options.onError(error);
      const data = JSON.stringify({
        code: 'INTERNAL',
        detail: 'the event stream failed; reconnect',
      });
      pending = pending
        .then(() => stream.writeSSE({ event: 'error', data }))
        .catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
      cleanUp();
      closed = true;
      await pending;
    }
  });
}
