// PostgreSQL LISTEN/NOTIFY for PGlite (in process) and for a server (one dedicated connection that reconnects).
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { QueueError } from './queue-errors.ts';

/** Runs one parameterised statement on the database the queue uses (pg-boss's own connection). */
export type ExecuteSql = (text: string, values: unknown[]) => Promise<unknown>;

export type NotificationSource =
  | { kind: 'pglite'; pglite: PGlite; execute: ExecuteSql }
  | {
      kind: 'server';
      connectionString: string;
      execute: ExecuteSql;
      /** Names the listening connection in pg_stat_activity. */
      applicationName: string;
    };

export interface NotificationChannel {
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Resolves once the LISTEN is active, so nothing published afterwards is missed. `onResync` runs after a
   * dropped server connection was re-established: notifications sent meanwhile are lost, re-read state.
   * `onInterrupted` runs as soon as that connection is found dead, before the reconnect (never with PGlite).
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onResync?: () => void,
    onInterrupted?: () => void,
  ): Promise<() => void>;
  close(): Promise<void>;
}

interface Subscription {
  onPayload: (payload: string) => void;
  onResync: (() => void) | undefined;
  onInterrupted: (() => void) | undefined;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;
/** A silently dead TCP connection (NAT timeout, failover) is noticed by this probe, not by the socket. */
const PROBE_INTERVAL_MS = 15_000;
const PROBE_TIMEOUT_MS = 5_000;

function assertChannelName(channel: string): void {
  if (!CHANNEL_NAME.test(channel)) {
    throw new QueueError(
      'QUEUE_CONFIG_INVALID',
      `notification channel "${channel}" is not [a-z0-9_]`,
    );
  }
}

function dispatch(subscriptions: Set<Subscription> | undefined, payload: string): void {
  for (const subscription of subscriptions ?? []) {
    try {
      subscription.onPayload(payload);
    } catch {
      // One listener's bug must not starve the others of the event.
    }
  }
}

function createPgliteChannel(pglite: PGlite, execute: ExecuteSql): NotificationChannel {
  const channels = new Map<
    string,
    { subscriptions: Set<Subscription>; unlisten: Promise<() => Promise<void>> }
  >();
  return {
    async notify(channel, payload) {
      assertChannelName(channel);
      await execute('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async listen(channel, onPayload, onResync) {
      assertChannelName(channel);
      const subscription: Subscription = { onPayload, onResync, onInterrupted: undefined };
      let entry = channels.get(channel);
      if (!entry) {
        const subscriptions = new Set<Subscription>();
        entry = {
          subscriptions,
          unlisten: pglite.listen(channel, (payload) => dispatch(subscriptions, payload)),
        };
        channels.set(channel, entry);
      }
      entry.subscriptions.add(subscription);
      await entry.unlisten;
      const current = entry;
      return () => {
        current.subscriptions.delete(subscription);
        if (current.subscriptions.size === 0 && channels.get(channel) === current) {
          channels.delete(channel);
          void current.unlisten.then((unlisten) => unlisten()).catch(() => undefined);
        }
      };
    },
    async close() {
      const pending = [...channels.values()];
      channels.clear();
      await Promise.all(
        pending.map((entry) =>
          entry.unlisten.then((unlisten) => unlisten()).catch(() => undefined),
        ),
      );
    },
  };
}

function createServerChannel(
  connectionString: string,
  execute: ExecuteSql,
  applicationName: string,
): NotificationChannel {
  const channels = new Map<string, Set<Subscription>>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let probeTimer: NodeJS.Timeout | null = null;
  let attempts = 0;
  let closed = false;

  const quoted = (channel: string): string => `"${channel}"`;

  function scheduleReconnect(): void {
    if (closed || reconnectTimer !== null) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** attempts);
    attempts++;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect(true).catch(() => scheduleReconnect());
    }, delay);
    reconnectTimer.unref();
  }

  function notifyInterrupted(): void {
    for (const subscriptions of channels.values()) {
      for (const { onInterrupted } of subscriptions) {
        try {
          onInterrupted?.();
        } catch {
          // A listener's bug must not stop the others from hearing of the outage.
        }
      }
    }
  }

  function drop(dead: pg.Client): void {
    if (client !== dead) return;
    client = null;
    if (probeTimer !== null) clearInterval(probeTimer);
    probeTimer = null;
    dead.removeAllListeners('notification');
    dead.end().catch(() => undefined);
    notifyInterrupted();
    scheduleReconnect();
  }

  async function connect(isReconnect: boolean): Promise<pg.Client> {
    if (client) return client;
    if (connecting) return connecting;
    connecting = (async () => {
      const next = new pg.Client({
        connectionString,
        keepAlive: true,
        application_name: applicationName,
        connectionTimeoutMillis: 10_000,
      });
      next.on('error', () => drop(next));
      next.on('end', () => drop(next));
      next.on('notification', (message) => {
        if (message.payload !== undefined) dispatch(channels.get(message.channel), message.payload);
      });
      try {
        await next.connect();
        for (const channel of channels.keys()) await next.query(`LISTEN ${quoted(channel)}`);
      } catch (error) {
        next.removeAllListeners();
        next.on('error', () => undefined);
        await next.end().catch(() => undefined);
        throw error;
      }
      if (closed) {
        await next.end().catch(() => undefined);
        throw new QueueError('QUEUE_NOT_STARTED', 'the notification channel is closed');
      }
      client = next;
      attempts = 0;
      probeTimer = setInterval(() => {
        const probe = next.query('SELECT 1');
        const timeout = new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS).unref(),
        );
        Promise.race([probe, timeout]).catch(() => drop(next));
      }, PROBE_INTERVAL_MS);
      probeTimer.unref();
      if (isReconnect) {
        for (const subscriptions of channels.values()) {
          for (const { onResync } of subscriptions) {
            try {
              onResync?.();
            } catch {
              // A listener's bug must not stop the others from resyncing.
            }
          }
        }
      }
      return next;
    })();
    try {
      return await connecting;
    } finally {
      connecting = null;
    }
  }

  return {
    async notify(channel, payload) {
      assertChannelName(channel);
      await execute('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async listen(channel, onPayload, onResync, onInterrupted) {
      assertChannelName(channel);
      if (closed) throw new QueueError('QUEUE_NOT_STARTED', 'the notification channel is closed');
      const subscription: Subscription = { onPayload, onResync, onInterrupted };
      let subscriptions = channels.get(channel);
      const isNew = subscriptions === undefined;
      if (!subscriptions) {
        subscriptions = new Set();
        channels.set(channel, subscriptions);
      }
      subscriptions.add(subscription);
      try {
        const live = await connect(false);
        // A fresh connection LISTENs to every known channel itself; an existing one needs this one added.
        if (isNew) await live.query(`LISTEN ${quoted(channel)}`);
      } catch (error) {
        subscriptions.delete(subscription);
        if (subscriptions.size === 0) channels.delete(channel);
        throw new QueueError(
          'QUEUE_UNAVAILABLE',
          'could not listen for notifications on the database server',
          { cause: error },
        );
      }
      const current = subscriptions;
      return () => {
        current.delete(subscription);
        if (current.size === 0 && channels.get(channel) === current) {
          channels.delete(channel);
          client?.query(`UNLISTEN ${quoted(channel)}`).catch(() => undefined);
        }
      };
    },
    async close() {
      closed = true;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      if (probeTimer !== null) clearInterval(probeTimer);
      channels.clear();
      const last = client;
      client = null;
      if (last) {
        last.removeAllListeners();
        last.on('error', () => undefined);
        await last.end().catch(() => undefined);
      }
    },
  };
}

export function createNotificationChannel(source: NotificationSource): NotificationChannel {
  return source.kind === 'pglite'
    ? createPgliteChannel(source.pglite, source.execute)
    : createServerChannel(source.connectionString, source.execute, source.applicationName);
}
