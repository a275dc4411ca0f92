import { describe, expect, it } from 'vitest';
import { createSseParser, type ServerSentEvent } from './sse-parser.ts';

function parse(chunks: string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

describe('createSseParser', () => {
  it('emits named events with their data and id', () => {
    expect(parse(['event: state\ndata: {"state":"RUNNING"}\nid: 4\n\n'])).toEqual([
      { event: 'state', data: '{"state":"RUNNING"}', id: '4' },
    ]);
  });

  it('joins multi-line data with newlines and defaults the name to message', () => {
    expect(parse(['data: one\ndata: two\n\n'])).toEqual([
      { event: 'message', data: 'one\ntwo', id: '' },
    ]);
  });

  it('reassembles events split across chunks at any position', () => {
    const text = 'event: snapshot\ndata: {"a":1}\n\nevent: heartbeat\ndata: {}\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual([
        { event: 'snapshot', data: '{"a":1}', id: '' },
        { event: 'heartbeat', data: '{}', id: '' },
      ]);
    }
  });

  it('accepts CRLF and CR line endings, even when a CRLF is split between chunks', () => {
    expect(parse(['event: a\r\ndata: 1\r', '\n\r\nevent: b\rdata: 2\r\r'])).toEqual([
      { event: 'a', data: '1', id: '' },
      { event: 'b', data: '2', id: '' },
    ]);
  });

  it('ignores comments, unknown fields and events without data', () => {
    expect(parse([': keep-alive\nretry: 100\nevent: empty\n\nfoo: bar\ndata: x\n\n'])).toEqual([
      { event: 'message', data: 'x', id: '' },
    ]);
  });

  it('keeps the last id for later events and drops an unterminated last event', () => {
    expect(parse(['id: 7\ndata: a\n\ndata: b\n\ndata: cut off'])).toEqual([
      { event: 'message', data: 'a', id: '7' },
      { event: 'message', data: 'b', id: '7' },
    ]);
  });

  it('keeps a colon inside the value and strips only one leading space', () => {
    expect(parse(['data:  two spaces: kept\n\n'])).toEqual([
      { event: 'message', data: ' two spaces: kept', id: '' },
    ]);
  });
});
