// The wire formats a fake LLM server speaks: OpenAI Chat Completions, OpenAI Responses and Anthropic Messages.

export type FakeLlmProvider = 'openai-chat' | 'openai-responses' | 'anthropic';

/** Token counts to report; missing ones are estimated from the request and reply sizes (4 characters a token). */
export interface FakeUsage {
  inputTokens?: number;
  outputTokens?: number;
  /** Of `inputTokens`, how many were read from the prompt cache. */
  cachedInputTokens?: number;
}

/** What the endpoint path of each provider ends with. */
export const FAKE_LLM_PATHS: Readonly<Record<FakeLlmProvider, string>> = {
  'openai-chat': '/chat/completions',
  'openai-responses': '/responses',
  anthropic: '/messages',
};

export interface CompletionReply {
  /** The reply text: JSON for a structured output, anything for malformed output. */
  text: string;
  /** Set when the reply is a JSON value, so Anthropic's JSON-tool mode can answer with a tool call. */
  json?: unknown;
  finishReason: 'stop' | 'length';
  usage: Required<FakeUsage>;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else {
    const record = asRecord(value);
    if (record !== undefined) for (const item of Object.values(record)) collectStrings(item, into);
  }
}

/** Every text the request gives the model (system prompt and messages), joined by newlines, for assertions. */
export function requestText(body: unknown): string {
  const record = asRecord(body) ?? {};
  const strings: string[] = [];
  for (const key of ['system', 'instructions', 'messages', 'input']) {
    collectStrings(record[key], strings);
  }
  return strings.join('\n');
}

export interface StructuredOutputRequest {
  /**
   * `json_schema`: the provider's native structured outputs; `tool`: Anthropic's forced JSON tool;
   * `json_object`: JSON mode without a schema; `none`: no structured output asked.
   */
  mode: 'json_schema' | 'tool' | 'json_object' | 'none';
  schema?: unknown;
  name?: string;
  strict?: boolean;
}

/** How the request asks for structured output, whatever the provider's wire format. */
export function structuredOutputOf(
  provider: FakeLlmProvider,
  body: unknown,
): StructuredOutputRequest {
  const record = asRecord(body) ?? {};
  const fromFormat = (format: Record<string, unknown> | undefined): StructuredOutputRequest => {
    if (format?.['type'] === 'json_object') return { mode: 'json_object' };
    if (format?.['type'] !== 'json_schema') return { mode: 'none' };
    const inner = asRecord(format['json_schema']) ?? format;
    return {
      mode: 'json_schema',
      schema: inner['schema'],
      ...(typeof inner['name'] === 'string' ? { name: inner['name'] } : {}),
      ...(typeof inner['strict'] === 'boolean' ? { strict: inner['strict'] } : {}),
    };
  };
  switch (provider) {
    case 'openai-chat':
      return fromFormat(asRecord(record['response_format']));
    case 'openai-responses':
      return fromFormat(asRecord(asRecord(record['text'])?.['format']));
    case 'anthropic': {
      const native = fromFormat(asRecord(asRecord(record['output_config'])?.['format']));
      if (native.mode !== 'none') return native;
      const tools = Array.isArray(record['tools']) ? record['tools'] : [];
      const jsonTool = tools.map(asRecord).find((tool) => tool?.['name'] === 'json');
      return jsonTool === undefined
        ? { mode: 'none' }
        : { mode: 'tool', schema: jsonTool['input_schema'], name: 'json' };
    }
  }
}

function modelOf(body: unknown): string {
  const model = asRecord(body)?.['model'];
  return typeof model === 'string' ? model : 'fake-model';
}

/** A successful completion in the provider's format. `serial` makes ids unique per server. */
export function completionBody(
  provider: FakeLlmProvider,
  request: unknown,
  reply: CompletionReply,
  serial: number,
): unknown {
  const { usage } = reply;
  const created = Math.floor(Date.now() / 1000);
  switch (provider) {
    case 'openai-chat':
      return {
        id: `chatcmpl-fake-${serial}`,
        object: 'chat.completion',
        created,
        model: modelOf(request),
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: reply.text, refusal: null },
            logprobs: null,
            finish_reason: reply.finishReason,
          },
        ],
        usage: {
          prompt_tokens: usage.inputTokens,
          completion_tokens: usage.outputTokens,
          total_tokens: usage.inputTokens + usage.outputTokens,
          prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
          completion_tokens_details: { reasoning_tokens: 0 },
        },
        system_fingerprint: 'fp_fake',
      };
    case 'openai-responses':
      return {
        id: `resp_fake_${serial}`,
        object: 'response',
        created_at: created,
        status: reply.finishReason === 'stop' ? 'completed' : 'incomplete',
        incomplete_details: reply.finishReason === 'stop' ? null : { reason: 'max_output_tokens' },
        model: modelOf(request),
        output: [
          {
            type: 'message',
            id: `msg_fake_${serial}`,
            status: 'completed',
            role: 'assistant',
            content: [{ type: 'output_text', text: reply.text, annotations: [] }],
          },
        ],
        usage: {
          input_tokens: usage.inputTokens,
          input_tokens_details: { cached_tokens: usage.cachedInputTokens },
          output_tokens: usage.outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: usage.inputTokens + usage.outputTokens,
        },
      };
    case 'anthropic': {
      const asTool =
        reply.json !== undefined && structuredOutputOf('anthropic', request).mode === 'tool';
      return {
        id: `msg_fake_${serial}`,
        type: 'message',
        role: 'assistant',
        model: modelOf(request),
        content: asTool
          ? [{ type: 'tool_use', id: `toolu_fake_${serial}`, name: 'json', input: reply.json }]
          : [{ type: 'text', text: reply.text }],
        stop_reason:
          reply.finishReason === 'length' ? 'max_tokens' : asTool ? 'tool_use' : 'end_turn',
        stop_sequence: null,
        // Anthropic counts cached tokens apart from input_tokens.
        usage: {
          input_tokens: usage.inputTokens - usage.cachedInputTokens,
          output_tokens: usage.outputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: usage.cachedInputTokens,
        },
      };
    }
  }
}

const OPENAI_ERRORS: Record<number, { type: string; code: string | null }> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory' },
  404: { type: 'invalid_request_error', code: 'model_not_found' },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
};

const ANTHROPIC_ERRORS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/** An error body in the provider's format; `code` overrides OpenAI's error code (e.g. `insufficient_quota`). */
export function errorBody(
  provider: FakeLlmProvider,
  status: number,
  message: string,
  code?: string,
): unknown {
  if (provider === 'anthropic') {
    return { type: 'error', error: { type: ANTHROPIC_ERRORS[status] ?? 'api_error', message } };
  }
  const known = OPENAI_ERRORS[status] ?? { type: 'server_error', code: null };
  return { error: { message, type: known.type, param: null, code: code ?? known.code } };
}
