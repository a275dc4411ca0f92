// A small CDP client over Playwright's CDPSession that also reaches child targets (OOPIFs, workers).
import type { CDPSession } from 'playwright-core';

/** Parameters and results of CDP calls are plain JSON. */
export type CdpParams = Record<string, unknown>;
type Listener = (params: CdpParams) => void;

/** A CDP target: send commands, listen to events. */
export interface CdpChannel {
  send(method: string, params?: CdpParams): Promise<CdpParams>;
  on(event: string, listener: Listener): void;
  /** Fails pending calls and drops listeners and children. */
  close(): void;
}

// Playwright types CDPSession.send by method name; this layer forwards names it only knows at runtime.
interface UntypedSession {
  send(method: string, params?: CdpParams): Promise<CdpParams>;
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
}

class Listeners {
  private readonly map = new Map<string, Set<Listener>>();

  add(event: string, listener: Listener): void {
    const set = this.map.get(event) ?? new Set<Listener>();
    set.add(listener);
    this.map.set(event, set);
  }

  emit(event: string, params: CdpParams): void {
    for (const listener of this.map.get(event) ?? []) {
      try {
        listener(params);
      } catch {
        // a listener's failure must not stop the others (nor the message pump)
      }
    }
  }

  clear(): void {
    this.map.clear();
  }
}

/** The channel of a page or frame target, straight over Playwright's CDPSession. */
export function rootChannel(session: CDPSession): CdpChannel {
  const untyped = session as unknown as UntypedSession;
  const attached: [string, Listener][] = [];
  let closed = false;
  return {
    send: (method, params) =>
      closed ? Promise.reject(new Error('CDP channel closed')) : untyped.send(method, params),
    on(event, listener) {
      attached.push([event, listener]);
      untyped.on(event, listener);
    },
    close() {
      closed = true;
      for (const [event, listener] of attached) untyped.off(event, listener);
      attached.length = 0;
    },
  };
}

/**
 * The channel of a child target attached with `Target.setAutoAttach({ flatten: false })`: commands travel
 * in Target.sendMessageToTarget, answers and events come back in Target.receivedMessageFromTarget.
 */
export function childChannel(
  parent: CdpChannel,
  sessionId: string,
): CdpChannel & {
  deliver(message: string): void;
} {
  let nextId = 1;
  let closed = false;
  const pending = new Map<
    number,
    { resolve: (r: CdpParams) => void; reject: (e: Error) => void }
  >();
  const listeners = new Listeners();
  return {
    send(method, params = {}) {
      if (closed) return Promise.reject(new Error('CDP channel closed'));
      const id = nextId++;
      const message = JSON.stringify({ id, method, params });
      return new Promise<CdpParams>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        parent
          .send('Target.sendMessageToTarget', { sessionId, message })
          .catch((error: unknown) => {
            pending.delete(id);
            reject(error instanceof Error ? error : new Error(String(error)));
          });
      });
    },
    on: (event, listener) => listeners.add(event, listener),
    deliver(message) {
      let parsed: {
        id?: number;
        method?: string;
        params?: CdpParams;
        result?: CdpParams;
        error?: { message?: string };
      };
      try {
        parsed = JSON.parse(message) as typeof parsed;
      } catch {
        return;
      }
      if (parsed.id !== undefined) {
        const call = pending.get(parsed.id);
        pending.delete(parsed.id);
        if (!call) return;
        if (parsed.error) call.reject(new Error(parsed.error.message ?? 'CDP error'));
        else call.resolve(parsed.result ?? {});
      } else if (parsed.method) {
        listeners.emit(parsed.method, parsed.params ?? {});
      }
    },
    close() {
      closed = true;
      for (const call of pending.values()) call.reject(new Error('CDP target detached'));
      pending.clear();
      listeners.clear();
    },
  };
}

/**
 * Auto-attaches to the children of a target (paused until `setUp` is done), routing their messages.
 * `setUp` receives each child's channel and target type; the child is resumed whatever happens.
 */
export async function attachChildren(
  parent: CdpChannel,
  setUp: (child: CdpChannel, type: string) => Promise<void>,
): Promise<void> {
  const children = new Map<string, ReturnType<typeof childChannel>>();
  parent.on('Target.receivedMessageFromTarget', (params) => {
    const child = children.get(String(params.sessionId));
    if (child && typeof params.message === 'string') child.deliver(params.message);
  });
  parent.on('Target.detachedFromTarget', (params) => {
    const id = String(params.sessionId);
    children.get(id)?.close();
    children.delete(id);
  });
  parent.on('Target.attachedToTarget', (params) => {
    const sessionId = String(params.sessionId);
    const info = (params.targetInfo ?? {}) as { type?: string };
    const child = childChannel(parent, sessionId);
    children.set(sessionId, child);
    void setUp(child, info.type ?? '')
      .catch(() => undefined)
      .finally(() => child.send('Runtime.runIfWaitingForDebugger').catch(() => undefined));
  });
  await parent.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: true,
    flatten: false,
  });
}
