import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProblemError } from './api-problem.ts';
import { decodeRunStreamEvent, type RunStreamEvent, streamRunEvents } from './run-events.ts';

let server: Server;
let baseUrl: string;
const seenAuthorization: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seenAuthorization.push(request.headers.authorization ?? '');
    if (request.url === '/missing') {
      response.writeHead(404, { 'Content-Type': 'application/problem+json' });
      response.end(JSON.stringify({ status: 404, code: 'NOT_FOUND', detail: 'run not found' }));
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    const run = { id: 'r1', state: 'RUNNING' };
    const chunks = [
      `event: snapshot\ndata: ${JSON.stringify({ run, history: [], cost: null })}\n\n`,
      'event: step_started\ndata: {"runId":"r1","projectId":"p1","at":"2025-01-01T00:00:00Z",',
      '"seq":0,"stepIdx":0,"goal":"Open"}\nid: 0\n\n: comment\n\n',
      'event: mystery\ndata: {}\n\n',
      'event: state\ndata: {"runId":"r1","projectId":"p1","at":"2025-01-01T00:00:01Z","seq":1,"state":"PASSED"}\n\n',
    ];
    let i = 0;
    const next = () => {
      const chunk = chunks[i++];
      if (chunk === undefined) {
        response.end();
        return;
      }
      response.write(chunk);
      setTimeout(next, 5);
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('streamRunEvents', () => {
  it('reads typed events from a real streamed response, with the bearer token', async () => {
    const events: RunStreamEvent[] = [];
    let opened = false;
    await streamRunEvents({
      url: `${baseUrl}/events`,
      getToken: async () => 'rtk_test',
      signal: new AbortController().signal,
      onEvent: (event) => events.push(event),
      onOpen: () => {
        opened = true;
      },
    });
    expect(opened).toBe(true);
    expect(events.map((event) => event.type)).toEqual(['snapshot', 'step_started', 'state']);
    expect(events[1]).toMatchObject({ stepIdx: 0, goal: 'Open' });
    expect(seenAuthorization).toContain('Bearer rtk_test');
  });

  it('turns an error answer into its problem', async () => {
    const failure = streamRunEvents({
      url: `${baseUrl}/missing`,
      getToken: async () => null,
      signal: new AbortController().signal,
      onEvent: () => undefined,
    });
    await expect(failure).rejects.toBeInstanceOf(ApiProblemError);
    await expect(failure).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('ends quietly when the reader aborts', async () => {
    const controller = new AbortController();
    const events: RunStreamEvent[] = [];
    await streamRunEvents({
      url: `${baseUrl}/events`,
      getToken: async () => null,
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        controller.abort();
      },
    });
    expect(events).toHaveLength(1);
  });
});

describe('decodeRunStreamEvent', () => {
  it('refuses malformed payloads instead of guessing', () => {
    expect(decodeRunStreamEvent({ event: 'state', data: '{"state":"WEIRD"}', id: '' })).toBeNull();
    expect(decodeRunStreamEvent({ event: 'snapshot', data: 'not json', id: '' })).toBeNull();
    expect(decodeRunStreamEvent({ event: 'step_finished', data: '{}', id: '' })).toBeNull();
  });

  it('gives a screenshot without a URL a null one', () => {
    const event = decodeRunStreamEvent({
      event: 'screenshot',
      data: '{"runId":"r","projectId":"p","at":"x","stepIdx":2}',
      id: '',
    });
    expect(event).toMatchObject({ type: 'screenshot', stepIdx: 2, screenshotUrl: null });
  });
});
