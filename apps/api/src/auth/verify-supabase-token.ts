// Verifies Supabase access tokens: HS256 with the project secret, asymmetric keys through JWKS, claims checked.
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  jwtVerify,
  type JWTVerifyOptions,
} from 'jose';
import { ApiError } from '../http/problem.ts';
import type { AuthConfig } from './auth-config.ts';

/** Asymmetric algorithms accepted from the JWKS; HS256 is accepted only with the shared secret. */
const ASYMMETRIC_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed25519',
];
const CLOCK_TOLERANCE_SECONDS = 5;
const JWKS_TIMEOUT_MS = 5_000;

export interface VerifiedUser {
  sub: string;
  email: string;
}

export type SupabaseTokenVerifier = (token: string) => Promise<VerifiedUser>;

const BEARER_CHALLENGE = 'Bearer realm="retrace", error="invalid_token"';

function invalidToken(message: string, cause?: unknown): ApiError {
  return new ApiError('TOKEN_INVALID', message, {
    headers: { 'WWW-Authenticate': BEARER_CHALLENGE },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** What went wrong, said without echoing the token or its claims' values. */
function classify(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof errors.JWTExpired) {
    return new ApiError('TOKEN_EXPIRED', 'the access token has expired: sign in again', {
      headers: { 'WWW-Authenticate': BEARER_CHALLENGE },
      cause: error,
    });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return invalidToken(`the access token's "${error.claim}" claim is not accepted`, error);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return invalidToken('the access token is signed with an algorithm this server refuses', error);
  }
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
    // A JWKS that cannot be fetched says nothing about the token: the server cannot check it right now.
    return new ApiError(
      'AUTH_UNAVAILABLE',
      'the signing keys of the identity provider cannot be fetched: try again shortly',
      { cause: error },
    );
  }
  if (error instanceof errors.JWKSInvalid || error.code === 'ERR_JOSE_GENERIC') {
    return new ApiError(
      'AUTH_UNAVAILABLE',
      'the identity provider returned unusable signing keys: try again shortly',
      { cause: error },
    );
  }
  return invalidToken('the access token is invalid: its signature or format was refused', error);
}

function userOf(payload: JWTPayload): VerifiedUser {
  const sub = payload.sub;
  const email = payload.email;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 255) {
    throw invalidToken('the access token has no usable "sub" claim');
  }
  if (typeof email !== 'string' || email.length === 0 || email.length > 320) {
    throw invalidToken('the access token carries no email: sign in with an email account');
  }
  return { sub, email };
}

export function createSupabaseTokenVerifier(
  config: NonNullable<AuthConfig['supabase']>,
  clock: () => Date,
): SupabaseTokenVerifier {
  const secret =
    config.jwtSecret === undefined ? undefined : new TextEncoder().encode(config.jwtSecret);
  const jwks =
    config.jwksUrl === undefined
      ? undefined
      : createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS });
  const common = (): JWTVerifyOptions => ({
    issuer: config.issuer,
    audience: config.audience,
    requiredClaims: ['exp', 'sub'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    currentDate: clock(),
  });

  return async function verifySupabaseToken(token) {
    try {
      let alg: unknown;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch (error) {
        throw invalidToken('the access token is not a JWT', error);
      }
      // The algorithm picks the key, and each key accepts only its own algorithms, so an RS256 public key
      // can never be used as an HMAC secret, and `none` matches nothing.
      if (alg === 'HS256' && secret !== undefined) {
        const { payload } = await jwtVerify(token, secret, { ...common(), algorithms: ['HS256'] });
        return userOf(payload);
      }
      if (typeof alg === 'string' && ASYMMETRIC_ALGORITHMS.includes(alg) && jwks !== undefined) {
        const { payload } = await jwtVerify(token, jwks, {
          ...common(),
          algorithms: ASYMMETRIC_ALGORITHMS,
        });
        return userOf(payload);
      }
      throw invalidToken('the access token is signed with an algorithm this server refuses');
    } catch (error) {
      throw classify(error);
    }
  };
}
