// Turns `Authorization: Bearer <token>` into a principal: an API key's actor, or a Supabase user (mirrored once).
import { createHash } from 'node:crypto';
import {
  API_KEY_TOKEN_KIND,
  type Actor,
  authenticateApiKey,
  type DomainDeps,
  isDomainError,
  upsertUserFromAuth,
} from '@retrace/domain';
import { ApiError } from '../http/problem.ts';
import type { AuthConfig } from './auth-config.ts';
import {
  createSupabaseTokenVerifier,
  type SupabaseTokenVerifier,
} from './verify-supabase-token.ts';

export type Principal =
  | { kind: 'user'; userId: string; email: string }
  | { kind: 'api_key'; apiKeyId: string; actor: Actor };

export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Principal>;
  /** Drops a revoked key from this process's cache at once. */
  forgetApiKey(apiKeyId: string): void;
}

/** A user row is re-synced (email changes) at most this often per user and process. */
const USER_SYNC_INTERVAL_MS = 5 * 60_000;
const USER_CACHE_LIMIT = 10_000;
const MAX_TOKEN_LENGTH = 16_384;
/**
 * An API key's actor is reused this long, which saves two queries per CI request. A revocation takes
 * effect at once in the process that revoked the key, and within this delay in the others.
 */
const API_KEY_CACHE_MS = 5_000;
const API_KEY_CACHE_LIMIT = 1_000;

function unauthenticated(message: string): ApiError {
  return new ApiError('UNAUTHENTICATED', message, {
    headers: { 'WWW-Authenticate': 'Bearer realm="retrace"' },
  });
}

function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw unauthenticated(
      'send "Authorization: Bearer <token>" with an access token or an API key',
    );
  }
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) {
    throw unauthenticated('the Authorization header must be "Bearer <token>"');
  }
  if (match[1].length > MAX_TOKEN_LENGTH) {
    throw new ApiError('TOKEN_INVALID', 'the bearer token is too long');
  }
  return match[1];
}

export function createAuthenticator(
  domain: DomainDeps,
  config: AuthConfig,
  clock: () => Date,
): Authenticator {
  const verifyToken: SupabaseTokenVerifier | undefined = config.supabase
    ? createSupabaseTokenVerifier(config.supabase, clock)
    : undefined;
  const syncedUsers = new Map<string, { email: string; at: number }>();
  const apiKeys = new Map<string, { principal: Principal & { kind: 'api_key' }; until: number }>();

  async function authenticateKey(token: string): Promise<Principal> {
    const cacheKey = createHash('sha256').update(token).digest('base64url');
    const now = clock().getTime();
    const cached = apiKeys.get(cacheKey);
    if (cached && cached.until > now) return cached.principal;
    const actor = await authenticateApiKey(domain, token);
    if (actor === null || actor.apiKeyId === undefined) {
      apiKeys.delete(cacheKey);
      throw new ApiError('TOKEN_INVALID', 'the API key is unknown or was revoked', {
        headers: { 'WWW-Authenticate': 'Bearer realm="retrace", error="invalid_token"' },
      });
    }
    const principal = { kind: 'api_key' as const, apiKeyId: actor.apiKeyId, actor };
    if (apiKeys.size >= API_KEY_CACHE_LIMIT) apiKeys.clear();
    apiKeys.set(cacheKey, { principal, until: now + API_KEY_CACHE_MS });
    return principal;
  }

  async function mirrorUser(sub: string, email: string): Promise<void> {
    const now = clock().getTime();
    const seen = syncedUsers.get(sub);
    if (seen && seen.email === email && now - seen.at < USER_SYNC_INTERVAL_MS) return;
    try {
      await upsertUserFromAuth(domain, { sub, email });
    } catch (error) {
      if (isDomainError(error, 'VALIDATION_FAILED')) {
        throw new ApiError('TOKEN_INVALID', 'the access token carries an email that is not valid', {
          cause: error,
        });
      }
      throw error;
    }
    if (syncedUsers.size >= USER_CACHE_LIMIT) syncedUsers.clear();
    syncedUsers.set(sub, { email, at: now });
  }

  async function authenticate(authorization: string | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    if (token.startsWith(`${API_KEY_TOKEN_KIND}_`)) return authenticateKey(token);
    if (verifyToken === undefined) {
      throw new ApiError(
        'TOKEN_INVALID',
        'this server accepts API keys only (no identity provider is configured)',
        { headers: { 'WWW-Authenticate': 'Bearer realm="retrace", error="invalid_token"' } },
      );
    }
    const user = await verifyToken(token);
    await mirrorUser(user.sub, user.email);
    return { kind: 'user', userId: user.sub, email: user.email.trim().toLowerCase() };
  }

  return {
    authenticate,
    forgetApiKey(apiKeyId) {
      for (const [key, entry] of apiKeys) {
        if (entry.principal.apiKeyId === apiKeyId) apiKeys.delete(key);
      }
    },
  };
}
