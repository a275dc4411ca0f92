// Incremental parser of a text/event-stream body (the WHATWG rules), fed with decoded chunks as they arrive.

export interface ServerSentEvent {
  /** `message` when the server named none. */
  event: string;
  data: string;
  /** The last event id seen on the stream so far (it carries over, as the spec says). */
  id: string;
}

export interface SseParser {
  /** Feeds the next piece of text; complete events are emitted at once. */
  push(chunk: string): void;
  /** The stream ended: an unterminated last event is dropped, as the spec requires. */
  end(): void;
}

export function createSseParser(onEvent: (event: ServerSentEvent) => void): SseParser {
  let buffer = '';
  let eventName = '';
  let data: string[] = [];
  let lastId = '';
  // A chunk may end between \r and \n: remember it, so the \n does not make an empty line.
  let pendingCarriageReturn = false;

  function dispatch(): void {
    if (data.length > 0) {
      onEvent({ event: eventName || 'message', data: data.join('\n'), id: lastId });
    }
    eventName = '';
    data = [];
  }

  function processLine(line: string): void {
    if (line === '') {
      dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventName = value;
        break;
      case 'data':
        data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      default:
        // `retry` and unknown fields do not concern a fetch-based reader.
        break;
    }
  }

  return {
    push(chunk) {
      let text = chunk;
      if (pendingCarriageReturn && text.startsWith('\n')) text = text.slice(1);
      pendingCarriageReturn = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') continue;
        processLine(buffer.slice(start, i));
        if (char === '\r') {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === '\n') i++;
          } else {
            pendingCarriageReturn = true;
          }
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    end() {
      buffer = '';
      eventName = '';
      data = [];
    },
  };
}
