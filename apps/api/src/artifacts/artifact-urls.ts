// Short-lived signed URLs for artifacts, so <img src> and <a href> work without an Authorization header.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../http/problem.ts';

export interface ArtifactUrls {
  /** An absolute URL valid for about the configured lifetime, or null for a missing key. */
  urlFor(key: string | null): string | null;
  /** Checks `exp` and `sig` for the key; throws ARTIFACT_URL_INVALID or ARTIFACT_URL_EXPIRED. */
  verify(key: string, exp: string | undefined, sig: string | undefined): { expiresAt: Date };
}

export interface ArtifactUrlSettings {
  signingKey: Uint8Array;
  publicUrl: string;
  ttlSeconds: number;
  clock: () => Date;
}

/** Expiry is rounded up to this step so repeated responses give identical URLs the browser can cache. */
const EXPIRY_STEP_SECONDS = 600;
/**
 * Signed URLs of the current expiry step, reused: a list of 50 runs or a run's history would otherwise cost an
 * HMAC and a URL parse per artifact on every request. Emptied when the step moves on or the map is full.
 */
const URL_CACHE_LIMIT = 20_000;
export const ARTIFACT_PATH_PREFIX = 'api/artifacts/';

function signature(key: Uint8Array, artifactKey: string, exp: number): Buffer {
  return createHmac('sha256', key).update(`artifact\n${artifactKey}\n${exp}`).digest();
}

export function createArtifactUrls(settings: ArtifactUrlSettings): ArtifactUrls {
  const base = settings.publicUrl.endsWith('/') ? settings.publicUrl : `${settings.publicUrl}/`;
  const signed = new Map<string, string>();
  let signedExp = 0;
  return {
    urlFor(key) {
      if (key === null) return null;
      const now = Math.floor(settings.clock().getTime() / 1000);
      const exp =
        Math.ceil((now + settings.ttlSeconds) / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
      if (exp !== signedExp || signed.size >= URL_CACHE_LIMIT) {
        signed.clear();
        signedExp = exp;
      }
      const cached = signed.get(key);
      if (cached !== undefined) return cached;
      const sig = signature(settings.signingKey, key, exp).toString('base64url');
      const url = new URL(ARTIFACT_PATH_PREFIX + key, base);
      url.searchParams.set('exp', String(exp));
      url.searchParams.set('sig', sig);
      const text = url.toString();
      signed.set(key, text);
      return text;
    },
    verify(key, exp, sig) {
      const invalid = () =>
        new ApiError(
          'ARTIFACT_URL_INVALID',
          'this artifact link is not signed by this server: open it from a fresh API response',
        );
      if (exp === undefined || sig === undefined || !/^\d{1,12}$/.test(exp)) throw invalid();
      const expected = signature(settings.signingKey, key, Number(exp));
      const given = Buffer.from(sig, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
      const expiresAt = new Date(Number(exp) * 1000);
      if (expiresAt.getTime() <= settings.clock().getTime()) {
        throw new ApiError(
          'ARTIFACT_URL_EXPIRED',
          'this artifact link has expired: reload the page or request the run again',
        );
      }
      return { expiresAt };
    },
  };
}
