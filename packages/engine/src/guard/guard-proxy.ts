// Optional backstop of the domain guard: a loopback SOCKS5 proxy for one browser context that connects only
// to allowed host:ports. Every TCP connection of the context passes it, so nothing that escapes the request
// layers (preconnect sockets, shared workers, a worker's first instant) reaches another host.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { compileHostAllowlist, type HostAllowlist } from './host-patterns.ts';

export interface RefusedConnection {
  host: string;
  port: number;
  at: Date;
}

export interface GuardProxyOptions {
  allowedHosts: readonly string[] | HostAllowlist;
  /**
   * The address to dial for an allowed host name. Defaults to the name itself (system DNS). Tests map
   * their fake host names to loopback here, since the browser leaves name resolution to the proxy.
   */
  resolveHost?: (host: string) => string;
}

export interface GuardProxy {
  /** Give to `browser.newContext({ proxy })`: loopback traffic is proxied too (`<-loopback>`). */
  readonly contextProxy: { server: string; bypass: string };
  /** Calls `listener` for every refused connection; returns the unsubscribe function. */
  subscribe(listener: (refused: RefusedConnection) => void): () => void;
  refused(): readonly RefusedConnection[];
  close(): Promise<void>;
}

const SOCKS_VERSION = 5;
const REPLY = {
  succeeded: 0,
  notAllowed: 2,
  hostUnreachable: 4,
  refused: 5,
  commandNotSupported: 7,
};

function reply(socket: Socket, code: number): void {
  // IPv4 0.0.0.0:0 as bound address: Chromium does not use it.
  socket.write(Buffer.from([SOCKS_VERSION, code, 0, 1, 0, 0, 0, 0, 0, 0]));
}

interface ConnectRequest {
  host: string;
  port: number;
}

/** Parses a SOCKS5 CONNECT request; undefined while incomplete, null when malformed. */
function parseRequest(
  buffer: Buffer,
): { request: ConnectRequest; command: number } | undefined | null {
  if (buffer.length < 5) return undefined;
  if (buffer[0] !== SOCKS_VERSION) return null;
  const command = buffer[1] ?? 0;
  const type = buffer[3];
  let host: string;
  let offset: number;
  if (type === 1) {
    if (buffer.length < 10) return undefined;
    host = [...buffer.subarray(4, 8)].join('.');
    offset = 8;
  } else if (type === 3) {
    const length = buffer[4] ?? 0;
    if (buffer.length < 5 + length + 2) return undefined;
    host = buffer.subarray(5, 5 + length).toString('latin1');
    offset = 5 + length;
  } else if (type === 4) {
    if (buffer.length < 22) return undefined;
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(buffer.readUInt16BE(4 + i).toString(16));
    host = `[${groups.join(':')}]`;
    offset = 20;
  } else {
    return null;
  }
  return { request: { host, port: buffer.readUInt16BE(offset) }, command };
}

export async function startGuardProxy(options: GuardProxyOptions): Promise<GuardProxy> {
  const allowlist =
    'allowsHost' in options.allowedHosts
      ? options.allowedHosts
      : compileHostAllowlist(options.allowedHosts);
  const resolveHost = options.resolveHost ?? ((host: string) => host);
  const refused: RefusedConnection[] = [];
  const listeners = new Set<(refused: RefusedConnection) => void>();
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const handle = (client: Socket): void => {
    track(client);
    let buffer = Buffer.alloc(0);
    let stage: 'greeting' | 'request' | 'piping' = 'greeting';
    const onData = (chunk: Buffer): void => {
      buffer = Buffer.concat([buffer, chunk]);
      if (stage === 'greeting') {
        if (buffer.length < 2) return;
        const methods = buffer[1] ?? 0;
        if (buffer[0] !== SOCKS_VERSION) return void client.destroy();
        if (buffer.length < 2 + methods) return;
        buffer = buffer.subarray(2 + methods);
        client.write(Buffer.from([SOCKS_VERSION, 0])); // no authentication
        stage = 'request';
      }
      if (stage !== 'request') return;
      const parsed = parseRequest(buffer);
      if (parsed === undefined) return;
      if (parsed === null) return void client.destroy();
      stage = 'piping';
      client.off('data', onData);
      const { request, command } = parsed;
      if (command !== 1) {
        reply(client, REPLY.commandNotSupported);
        return void client.end();
      }
      if (!allowlist.allowsHost(request.host, request.port)) {
        const entry = { ...request, at: new Date() };
        refused.push(entry);
        for (const listener of listeners) listener(entry);
        reply(client, REPLY.notAllowed);
        return void client.end();
      }
      const upstream = connect({
        host: resolveHost(request.host).replace(/^\[|\]$/g, ''),
        port: request.port,
      });
      track(upstream);
      upstream.once('connect', () => {
        // SOCKS clients wait for this reply before sending data, so nothing is buffered past the request.
        reply(client, REPLY.succeeded);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      upstream.once('error', (error: NodeJS.ErrnoException) => {
        if (!client.destroyed) {
          reply(client, error.code === 'ECONNREFUSED' ? REPLY.refused : REPLY.hostUnreachable);
          client.end();
        }
      });
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    };
    client.on('data', onData);
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    contextProxy: { server: `socks5://127.0.0.1:${port}`, bypass: '<-loopback>' },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refused: () => refused,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
