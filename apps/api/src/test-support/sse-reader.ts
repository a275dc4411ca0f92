// Test support: reads a Server-Sent Events response one event at a time, as a fetch-streaming client would.
export interface SseEvent {
  event: string;
  data: unknown;
  id: string | undefined;
}

export interface SseReader {
  /** The next event; null when the stream ended. */
  next(): Promise<SseEvent | null>;
  /** Events until one named `name` (included) arrives. */
  until(name: string): Promise<SseEvent[]>;
  cancel(): Promise<void>;
}

export function readSse(response: Response): SseReader {
  if (!response.body) throw new Error('no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  async function next(): Promise<SseEvent | null> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = new Map<string, string[]>();
        for (const line of block.split('\n')) {
          const colon = line.indexOf(':');
          if (colon <= 0) continue;
          const key = line.slice(0, colon);
          fields.set(key, [...(fields.get(key) ?? []), line.slice(colon + 1).replace(/^ /, '')]);
        }
        const data = (fields.get('data') ?? []).join('\n');
        return {
          event: fields.get('event')?.[0] ?? 'message',
          data: data === '' ? null : JSON.parse(data),
          id: fields.get('id')?.[0],
        };
      }
      const { done, value } = await reader.read();
      if (done) return null;
      buffer += decoder.decode(value, { stream: true });
    }
  }
  return {
    next,
    async until(name) {
      const events: SseEvent[] = [];
      for (;;) {
        const event = await next();
        if (event === null) throw new Error(`the stream ended before a "${name}" event`);
        events.push(event);
        if (event.event === name) return events;
      }
    },
    cancel: () => reader.cancel(),
  };
}
