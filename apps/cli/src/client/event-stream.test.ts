import { describe, expect, it } from 'vitest';
import { createEventParser, readEventStream, type ServerSentEvent } from './event-stream.ts';

describe('createEventParser', () => {
  it('reads events split across chunks, multi-line data, ids and comments', () => {
    const events: ServerSentEvent[] = [];
    const parse = createEventParser((event) => events.push(event));
    parse(': heartbeat\n\nevent: state\nid: 3\nda');
    parse('ta: {"a":1}\r\n\r\ndata: line one\ndata: line two\n');
    expect(events).toHaveLength(1);
    parse('\n');
    expect(events).toEqual([
      { event: 'state', data: '{"a":1}', id: '3' },
      { event: 'message', data: 'line one\nline two', id: '3' },
    ]);
  });
});

describe('readEventStream', () => {
  it('reads a streamed response to its end', async () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('event: snapshot\ndata: {"x":1}\n\n'));
        controller.enqueue(encoder.encode('event: state\ndata: {"state":"PASSED"}\n\n'));
        controller.close();
      },
    });
    const seen: string[] = [];
    await readEventStream(new Response(body), (event) => seen.push(`${event.event}:${event.data}`));
    expect(seen).toEqual(['snapshot:{"x":1}', 'state:{"state":"PASSED"}']);
  });

  it('stops reading a stream that never ends when the signal aborts', async () => {
    const body = new ReadableStream<Uint8Array>({ start() {} });
    const controller = new AbortController();
    const reading = readEventStream(new Response(body), () => undefined, controller.signal);
    controller.abort();
    await expect(reading).resolves.toBeUndefined();
  });
});
