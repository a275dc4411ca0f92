// What createApi needs (one object, narrow ports) and what every route receives once it is wired.
import type { DomainDeps } from '@retrace/domain';
import type { RunEvent } from '@retrace/queue';
import type { ArtifactStore } from '@retrace/storage';
import type { ArtifactUrls } from './artifacts/artifact-urls.ts';
import type { RunGifOnDemand } from './artifacts/run-gif-on-demand.ts';
import type { AuthConfig, AuthConfigInput } from './auth/auth-config.ts';
import type { Authenticator } from './auth/authenticate-request.ts';
import type { CursorSeal } from './http/cursor-seal.ts';
import type { ResponseCache } from './http/response-cache.ts';

/** Queues runs; satisfied by @retrace/queue's JobQueue. */
export interface RunQueuePort {
  enqueueRun(input: { runId: string }): Promise<string | null>;
  /** Drops the queued job of a run cancelled before it started; optional. */
  cancelRun?(runId: string): Promise<number>;
}

/** Live run events; satisfied by @retrace/queue's JobQueue (`'*'` subscribes to every run). */
export interface RunEventsPort {
  subscribeRunEvents(
    runId: string,
    listener: (event: RunEvent) => void,
    options?: { onResync?: () => void },
  ): Promise<() => void>;
}

/**
 * Ids of projects whose runs (or what a run's responses show) changed, from database triggers, so every
 * writer is heard; satisfied by @retrace/queue's JobQueue. The hooks say when changes may go unheard.
 */
export interface ProjectChangesPort {
  subscribeProjectChanges(
    listener: (projectId: string) => void,
    hooks: { onInterrupted: () => void; onResync: () => void },
  ): Promise<() => void>;
}

/** Reads artifacts; `put` stores run GIFs rendered on first request, `delete` removes deleted runs' artifacts. */
export type ArtifactReader = Pick<ArtifactStore, 'get'> &
  Partial<Pick<ArtifactStore, 'delete' | 'put'>>;

export interface ApiDeps {
  /** Domain dependencies; its `artifacts` deleter defaults to `artifacts` when that can delete. */
  domain: DomainDeps;
  artifacts: ArtifactReader;
  runQueue: RunQueuePort;
  runEvents: RunEventsPort;
  auth: AuthConfigInput;
  /** Base URL clients reach the server at (signed artifact URLs and invitation links are built on it). */
  publicUrl: string;
  /**
   * Caches list-runs and run-detail bodies (`createResponseCache` over a change feed, started by the caller).
   * Without it every read goes to the database; leave it out where LISTEN cannot work (transaction poolers).
   */
  responseCache?: ResponseCache;
  clock?: () => Date;
}

export interface ApiLogger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface ApiOptions {
  /**
   * HMAC key for signed artifact URLs and page cursors (≥ 32 bytes). Defaults to a random key per process,
   * so links die with a restart: give every API process of one deployment the same key.
   */
  signingKey?: string | Uint8Array;
  /** Lifetime of signed artifact URLs; default 3600 s. */
  artifactUrlTtlSeconds?: number;
  /** JSON body limit; default 1 MiB (traversal imports allow 16 MiB). */
  maxBodyBytes?: number;
  /** Interval of SSE heartbeats; default 15 s. */
  sseHeartbeatMs?: number;
  logger?: ApiLogger;
  /** Shown in /api/health and the OpenAPI document. */
  version?: string;
}

export interface ApiConfig {
  publicUrl: string;
  auth: AuthConfig;
  maxBodyBytes: number;
  sseHeartbeatMs: number;
  version: string;
  /** How long a cached body may be served: the cache's limit, kept well inside the artifact URL lifetime. */
  responseCacheMaxAgeMs: number;
}

/** Everything a route handler may use. */
export interface ApiServices {
  domain: DomainDeps;
  artifacts: ArtifactReader;
  runQueue: RunQueuePort;
  runEvents: RunEventsPort;
  authenticator: Authenticator;
  urls: ArtifactUrls;
  runGifs: RunGifOnDemand;
  cursors: CursorSeal;
  responseCache: ResponseCache | null;
  clock: () => Date;
  logger: ApiLogger;
  config: ApiConfig;
}
