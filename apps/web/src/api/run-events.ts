// Live run events over SSE read with fetch streaming (EventSource cannot send the Authorization header).
import { ApiProblemError, networkError, problemFromResponse } from './api-problem.ts';
import type { FailureKind, RunDetail, RunState } from './api-types.ts';
import { createSseParser, type ServerSentEvent } from './sse-parser.ts';

interface EventBase {
  runId: string;
  projectId: string;
  at: string;
  seq?: number;
}

/**
 * The events of `.../runs/{runId}/events` and `.../projects/{projectId}/runs/events`. The OpenAPI document
 * describes them only in prose (they are the worker's RunEvent plus the API's own snapshot, ready, resync,
 * heartbeat and error), so their shapes are written here and checked on arrival.
 */
export type RunStreamEvent =
  | { type: 'snapshot'; detail: RunDetail }
  | (EventBase & {
      type: 'state';
      state: RunState;
      failureKind?: FailureKind;
      message?: string;
    })
  | (EventBase & { type: 'step_started'; stepIdx: number; actionIdx?: number; goal?: string })
  | (EventBase & {
      type: 'step_finished';
      stepIdx: number;
      actionIdx?: number;
      status: 'passed' | 'failed';
      historyElementId?: string;
      durationMs?: number;
    })
  | (EventBase & { type: 'screenshot'; stepIdx: number; screenshotUrl: string | null })
  | (EventBase & { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string })
  | { type: 'heartbeat' }
  | { type: 'ready'; projectId: string }
  | { type: 'resync'; projectId: string }
  | { type: 'error'; code: string; detail: string };

const RUN_STATES = new Set(['QUEUED', 'RUNNING', 'PASSED', 'FAILED']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function hasBase(data: Record<string, unknown>): boolean {
  return typeof data.runId === 'string' && typeof data.at === 'string';
}

/** The typed event, or null for an event this dashboard does not know (or a malformed one). */
export function decodeRunStreamEvent(sse: ServerSentEvent): RunStreamEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(sse.data);
  } catch {
    return null;
  }
  if (!isObject(data)) return null;
  switch (sse.event) {
    case 'snapshot':
      return isObject(data.run) && Array.isArray(data.history)
        ? { type: 'snapshot', detail: data as unknown as RunDetail }
        : null;
    case 'state':
      return hasBase(data) && typeof data.state === 'string' && RUN_STATES.has(data.state)
        ? ({ ...data, type: 'state' } as RunStreamEvent)
        : null;
    case 'step_started':
      return hasBase(data) && typeof data.stepIdx === 'number'
        ? ({ ...data, type: 'step_started' } as RunStreamEvent)
        : null;
    case 'step_finished':
      return hasBase(data) &&
        typeof data.stepIdx === 'number' &&
        (data.status === 'passed' || data.status === 'failed')
        ? ({ ...data, type: 'step_finished' } as RunStreamEvent)
        : null;
    case 'screenshot':
      return hasBase(data) && typeof data.stepIdx === 'number'
        ? {
            ...(data as unknown as EventBase),
            type: 'screenshot',
            stepIdx: data.stepIdx,
            screenshotUrl: typeof data.screenshotUrl === 'string' ? data.screenshotUrl : null,
          }
        : null;
    case 'log':
      return hasBase(data) && typeof data.message === 'string'
        ? ({ ...data, type: 'log' } as RunStreamEvent)
        : null;
    case 'heartbeat':
      return { type: 'heartbeat' };
    case 'ready':
    case 'resync':
      return typeof data.projectId === 'string'
        ? { type: sse.event, projectId: data.projectId }
        : null;
    case 'error':
      return {
        type: 'error',
        code: typeof data.code === 'string' ? data.code : 'INTERNAL',
        detail: typeof data.detail === 'string' ? data.detail : 'the event stream failed',
      };
    default:
      return null;
  }
}

export interface StreamRunEventsInput {
  /** Absolute URL of the event stream. */
  url: string;
  getToken(): Promise<string | null>;
  signal: AbortSignal;
  onEvent(event: RunStreamEvent): void;
  /** The stream answered 200 and is open. */
  onOpen?(): void;
  fetch?: typeof fetch;
}

/**
 * Reads the stream until the server ends it (resolves) or it breaks (rejects with an ApiProblemError).
 * Aborting the signal ends it quietly.
 */
export async function streamRunEvents(input: StreamRunEventsInput): Promise<void> {
  const token = await input.getToken();
  const doFetch = input.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(input.url, {
      headers: {
        Accept: 'text/event-stream',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      signal: input.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (input.signal.aborted) return;
    throw networkError(error);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    throw problemFromResponse(response.status, response.statusText, body);
  }
  if (!response.body) {
    throw new ApiProblemError({
      status: 0,
      code: 'UNEXPECTED_RESPONSE',
      detail: 'no event stream',
    });
  }
  input.onOpen?.();
  const parser = createSseParser((sse) => {
    const event = decodeRunStreamEvent(sse);
    if (event) input.onEvent(event);
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(value);
    }
    parser.end();
  } catch (error) {
    if (input.signal.aborted) return;
    throw networkError(error);
  } finally {
    reader.releaseLock();
  }
}
