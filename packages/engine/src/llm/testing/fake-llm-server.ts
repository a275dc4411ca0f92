// A scripted LLM provider on loopback, speaking the real wire format, so tests drive the real provider packages.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type LlmConfigInput } from '../llm-config.ts';
import {
  completionBody,
  errorBody,
  FAKE_LLM_PATHS,
  type FakeLlmProvider,
  type FakeUsage,
  requestText,
  structuredOutputOf,
  type StructuredOutputRequest,
} from './fake-llm-wire.ts';

/**
 * One scripted answer. A string is raw reply text (e.g. malformed JSON). `json` is a structured output. `status`
 * is an HTTP error in the provider's format (`retryAfter` in seconds, `retryAfterMs` as OpenAI's header, `code`
 * as OpenAI's error code such as `insufficient_quota`). `delayMs` delays any reply; alone it answers `{}` late.
 * `hang` never answers: the request stays open until the client aborts or the server closes.
 */
export type FakeLlmReply =
  | string
  | { json: unknown; usage?: FakeUsage; delayMs?: number }
  | { text: string; usage?: FakeUsage; delayMs?: number; finishReason?: 'stop' | 'length' }
  | {
      status: number;
      message?: string;
      code?: string;
      retryAfter?: number;
      retryAfterMs?: number;
      delayMs?: number;
    }
  | { delayMs: number }
  | { hang: true };

export interface FakeLlmRequest {
  /** 0-based order of arrival. */
  index: number;
  method: string;
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The parsed JSON body, exactly as the provider package sent it. */
  body: unknown;
  /** Every text the request gives the model (system prompt and messages), joined by newlines. */
  text: string;
  /** How the request asks for structured output (schema, mode), whatever the wire format. */
  structuredOutput: StructuredOutputRequest;
}

export type FakeLlmScript =
  readonly FakeLlmReply[] | ((request: FakeLlmRequest) => FakeLlmReply | Promise<FakeLlmReply>);

export interface FakeLlmServerOptions {
  provider: FakeLlmProvider;
  script: FakeLlmScript;
  /** When set, requests without this key are answered 401 (the script is not consumed). */
  apiKey?: string;
}

export interface FakeLlmServer {
  provider: FakeLlmProvider;
  /** Ends in `/v1`, as the provider packages expect. */
  baseURL: string;
  /** Every request received, in order. */
  requests: FakeLlmRequest[];
  /** Resolves once `count` requests have arrived (at once if they already have). */
  waitForRequests(count: number): Promise<void>;
  /** An LLM configuration that points the real provider package at this server. */
  llmConfig(model?: string): LlmConfigInput;
  close(): Promise<void>;
}

const DEFAULT_TEST_KEY = 'test-key-not-secret';

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The reply text, and the JSON value when the reply is one (Anthropic's JSON tool answers with it). */
function replyContent(reply: Exclude<FakeLlmReply, { status: number } | { hang: true }>): {
  text: string;
  json?: unknown;
} {
  if (typeof reply === 'string') return { text: reply };
  if ('json' in reply) return { text: JSON.stringify(reply.json), json: reply.json };
  if ('text' in reply) return { text: reply.text };
  return { text: '{}', json: {} };
}

function presentedKey(
  provider: FakeLlmProvider,
  headers: Record<string, string>,
): string | undefined {
  if (provider === 'anthropic') return headers['x-api-key'];
  return headers['authorization']?.replace(/^Bearer\s+/i, '');
}

/** Starts a fake provider on 127.0.0.1 with an ephemeral port. */
export async function startFakeLlmServer(options: FakeLlmServerOptions): Promise<FakeLlmServer> {
  const { provider, script } = options;
  const queue = typeof script === 'function' ? undefined : [...script];
  const requests: FakeLlmRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let serial = 0;

  const send = (res: ServerResponse, status: number, body: unknown, headers = {}): void => {
    if (res.destroyed || res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const wait = (ms: number, res: ServerResponse): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(!res.destroyed);
      }, ms);
      timers.add(timer);
      // A client that gave up (timeout, abort) needs no answer.
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      });
    });

  async function answer(request: FakeLlmRequest, res: ServerResponse): Promise<void> {
    const reply: FakeLlmReply | undefined =
      typeof script === 'function' ? await script(request) : queue?.shift();
    if (reply === undefined) {
      const message = `fake LLM server: the script has no reply left for request #${request.index + 1}`;
      send(res, 400, errorBody(provider, 400, message));
      return;
    }
    if (typeof reply === 'object' && 'hang' in reply) return;
    const delayMs = typeof reply === 'object' ? reply.delayMs : undefined;
    if (delayMs !== undefined && !(await wait(delayMs, res))) return;

    if (typeof reply === 'object' && 'status' in reply) {
      const headers: Record<string, string> = { 'x-request-id': `req_fake_${serial}` };
      if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);
      if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
      const message = reply.message ?? `fake LLM server: scripted HTTP ${reply.status}`;
      send(res, reply.status, errorBody(provider, reply.status, message, reply.code), headers);
      return;
    }
    const { text, json } = replyContent(reply);
    const usage = typeof reply === 'object' && 'usage' in reply ? reply.usage : undefined;
    const inputTokens = usage?.inputTokens ?? estimateTokens(request.text);
    const finishReason =
      typeof reply === 'object' && 'finishReason' in reply && reply.finishReason === 'length'
        ? 'length'
        : 'stop';
    serial += 1;
    const completion = completionBody(
      provider,
      request.body,
      {
        text,
        json,
        finishReason,
        usage: {
          inputTokens,
          outputTokens: usage?.outputTokens ?? estimateTokens(text),
          cachedInputTokens: Math.min(usage?.cachedInputTokens ?? 0, inputTokens),
        },
      },
      serial,
    );
    send(res, 200, completion);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers[name] = value;
    }
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      body = raw;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const request: FakeLlmRequest = {
      index: requests.length,
      method: req.method ?? 'GET',
      path,
      headers,
      body,
      text: requestText(body),
      structuredOutput: structuredOutputOf(provider, body),
    };
    requests.push(request);
    for (const waiter of [...waiters]) {
      if (requests.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }

    if (request.method !== 'POST' || !path.endsWith(FAKE_LLM_PATHS[provider])) {
      const message = `fake ${provider} server: no endpoint ${request.method} ${path}`;
      send(res, 404, errorBody(provider, 404, message));
      return;
    }
    if (options.apiKey !== undefined && presentedKey(provider, headers) !== options.apiKey) {
      send(res, 401, errorBody(provider, 401, 'fake LLM server: invalid API key'));
      return;
    }
    await answer(request, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = `fake LLM server failed: ${error instanceof Error ? error.message : String(error)}`;
      send(res, 500, errorBody(provider, 500, message));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseURL = `http://127.0.0.1:${port}/v1`;

  return {
    provider,
    baseURL,
    requests,
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    llmConfig(model) {
      const apiKey = options.apiKey ?? DEFAULT_TEST_KEY;
      switch (provider) {
        case 'openai-chat':
          return {
            provider: 'openai',
            api: 'chat',
            model: model ?? 'gpt-4.1-mini',
            apiKey,
            baseURL,
          };
        case 'openai-responses':
          return {
            provider: 'openai',
            api: 'responses',
            model: model ?? 'gpt-4.1-mini',
            apiKey,
            baseURL,
          };
        case 'anthropic':
          return { provider: 'anthropic', model: model ?? 'claude-sonnet-4-5', apiKey, baseURL };
      }
    },
    close() {
      if (!server.listening) return Promise.resolve();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Hanging requests would otherwise keep the server open forever.
        server.closeAllConnections();
      });
    },
  };
}
