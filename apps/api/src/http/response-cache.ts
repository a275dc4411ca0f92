// Per-process cache of serialized GET bodies, dropped by the database's per-project change feed.
import type { ProjectChangesPort } from '../api-deps.ts';

export interface ResponseCacheOptions {
  /** Longest a body is served without a change being heard: the safety net for a notification lost unseen. */
  maxAgeMs?: number;
  maxEntries?: number;
  /** Bodies' total UTF-16 length × 2, roughly their heap size. */
  maxBytes?: number;
  /** Failures of the change feed (it could not listen, or lost its connection). */
  onError?: (message: string, error?: unknown) => void;
}

export const DEFAULT_RESPONSE_CACHE_MAX_AGE_MS = 30_000;
const DEFAULT_MAX_ENTRIES = 2_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** Projects and organizations whose last change is remembered; beyond that, all count as changed now. */
const MAX_TRACKED_SCOPES = 100_000;

export interface CachedBody {
  body: string;
  etag: string;
}

/** Where a body's content comes from: it is dropped when either changes. */
export interface CacheScope {
  organizationId: string;
  projectId: string;
}

/** Taken before the database is read; a body read under a ticket is stored only if nothing changed since. */
export interface CacheTicket {
  readonly epoch: number;
  readonly seq: number;
}

export interface ResponseCacheStats {
  /** Listening for changes; the cache serves and stores nothing otherwise. */
  active: boolean;
  hits: number;
  misses: number;
  stores: number;
  /** Bodies not stored because a change arrived while they were read. */
  racedStores: number;
  /** Misses that waited for the same read already under way instead of reading again. */
  sharedReads: number;
  /** Changes heard from the database, and invalidations by writes through this process. */
  notifications: number;
  localInvalidations: number;
  /** Times everything was dropped because the change feed was interrupted. */
  resyncs: number;
  entries: number;
  bytes: number;
}

export interface ResponseCache {
  /** The longest a body is kept; callers may choose a shorter expiry per body. */
  readonly maxAgeMs: number;
  /** Subscribes to the change feed; resolves once listening, from when on the cache works. */
  start(): Promise<void>;
  get(key: string, nowMs: number): CachedBody | undefined;
  /** Null while not listening: then nothing may be stored. */
  begin(): CacheTicket | null;
  put(
    ticket: CacheTicket,
    key: string,
    scope: CacheScope,
    value: CachedBody,
    expiresAtMs: number,
  ): void;
  /**
   * The body of a read of `key` already under way, when nothing at all changed since it began: a request
   * arriving now may wait for it instead of reading too (50 clients missing together make one query).
   */
  pending(key: string): Promise<CachedBody> | undefined;
  /** Offers a read just begun under `ticket` to the requests for `key` that miss while it runs. */
  share(key: string, ticket: CacheTicket, body: Promise<CachedBody>): void;
  /** After a write through this process committed, before its notification arrives. */
  invalidateOrganization(organizationId: string): void;
  stats(): ResponseCacheStats;
  close(): Promise<void>;
}

interface Entry extends CachedBody, CacheScope {
  seq: number;
  bytes: number;
  expiresAtMs: number;
}

/**
 * Every change (a notification naming a project, or a local write in an organization) takes the next number
 * of one counter, remembered per project and per organization. A body read under ticket `seq` is current as
 * long as neither its project nor its organization changed after `seq`. Losing the feed drops everything and
 * starts a new epoch, so a read begun before the loss is never stored.
 */
export function createResponseCache(
  changes: ProjectChangesPort,
  options: ResponseCacheOptions = {},
): ResponseCache {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_RESPONSE_CACHE_MAX_AGE_MS;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const entries = new Map<string, Entry>();
  const projectChangedAt = new Map<string, number>();
  const organizationChangedAt = new Map<string, number>();
  const reads = new Map<string, { ticket: CacheTicket; body: Promise<CachedBody> }>();
  let seq = 0;
  /** Last change of every scope no longer in the maps. */
  let floor = 0;
  let epoch = 0;
  let active = false;
  /** Set between an interruption of the feed and its resync. */
  let interrupted = false;
  let bytes = 0;
  let unsubscribe: (() => void) | null = null;
  const counters = {
    hits: 0,
    misses: 0,
    stores: 0,
    racedStores: 0,
    sharedReads: 0,
    notifications: 0,
    localInvalidations: 0,
    resyncs: 0,
  };

  function remove(key: string, entry: Entry): void {
    entries.delete(key);
    bytes -= entry.bytes;
  }

  function clear(): void {
    entries.clear();
    bytes = 0;
    epoch++;
  }

  function markChanged(scopes: Map<string, number>, id: string): void {
    seq++;
    if (scopes.size >= MAX_TRACKED_SCOPES && !scopes.has(id)) {
      projectChangedAt.clear();
      organizationChangedAt.clear();
      floor = seq;
    }
    scopes.set(id, seq);
  }

  const changedAt = (scopes: Map<string, number>, id: string) => scopes.get(id) ?? floor;
  const unchangedSince = (scope: CacheScope, since: number) =>
    changedAt(projectChangedAt, scope.projectId) <= since &&
    changedAt(organizationChangedAt, scope.organizationId) <= since;

  return {
    maxAgeMs,
    async start() {
      if (unsubscribe !== null) return;
      unsubscribe = await changes.subscribeProjectChanges(
        (projectId) => {
          counters.notifications++;
          markChanged(projectChangedAt, projectId);
        },
        {
          onInterrupted: () => {
            interrupted = true;
            active = false;
            clear();
            options.onError?.(
              'the change feed was interrupted: response cache off until it is back',
            );
          },
          onResync: () => {
            interrupted = false;
            counters.resyncs++;
            clear();
            active = unsubscribe !== null;
          },
        },
      );
      active = !interrupted;
    },
    get(key, nowMs) {
      if (!active) return undefined;
      const entry = entries.get(key);
      if (entry === undefined) {
        counters.misses++;
        return undefined;
      }
      if (entry.expiresAtMs <= nowMs || !unchangedSince(entry, entry.seq)) {
        remove(key, entry);
        counters.misses++;
        return undefined;
      }
      // Most recently used last, so eviction takes from the front.
      entries.delete(key);
      entries.set(key, entry);
      counters.hits++;
      return entry;
    },
    begin() {
      return active ? { epoch, seq } : null;
    },
    put(ticket, key, scope, value, expiresAtMs) {
      if (!active || ticket.epoch !== epoch || !unchangedSince(scope, ticket.seq)) {
        counters.racedStores++;
        return;
      }
      const size = 2 * (value.body.length + key.length);
      if (size > maxBytes) return;
      const previous = entries.get(key);
      if (previous !== undefined) remove(key, previous);
      const entry: Entry = {
        body: value.body,
        etag: value.etag,
        organizationId: scope.organizationId,
        projectId: scope.projectId,
        seq: ticket.seq,
        bytes: size,
        expiresAtMs,
      };
      entries.set(key, entry);
      bytes += size;
      counters.stores++;
      for (const [oldest, old] of entries) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        remove(oldest, old);
      }
    },
    pending(key) {
      const read = reads.get(key);
      if (read === undefined || !active) return undefined;
      if (read.ticket.epoch !== epoch || read.ticket.seq !== seq) return undefined;
      counters.sharedReads++;
      return read.body;
    },
    share(key, ticket, body) {
      const read = { ticket, body };
      reads.set(key, read);
      const settled = () => {
        if (reads.get(key) === read) reads.delete(key);
      };
      body.then(settled, settled);
    },
    invalidateOrganization(organizationId) {
      counters.localInvalidations++;
      markChanged(organizationChangedAt, organizationId);
    },
    stats() {
      return { active, ...counters, entries: entries.size, bytes };
    },
    async close() {
      active = false;
      clear();
      reads.clear();
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
